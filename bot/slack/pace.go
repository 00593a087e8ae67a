package slack

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the bot's messages in each channel (chat.postMessage allows
// about one per second per channel) and holds a channel back after Slack
// answered 429 with Retry-After.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     map[string]time.Time
	now      func() time.Time
}

func newPacer(interval time.Duration) *pacer {
	return &pacer{interval: interval, next: map[string]time.Time{}, now: time.Now}
}

// wait blocks until the channel may be written to, and reserves that slot.
func (p *pacer) wait(ctx context.Context, channel string) error {
	p.mu.Lock()
	now := p.now()
	at := p.next[channel]
	if at.Before(now) {
		at = now
	}
	p.next[channel] = at.Add(p.interval)
	if len(p.next) > 10000 {
		for ch, t := range p.next {
			if t.Before(now) {
				delete(p.next, ch)
			}
		}
	}
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hold keeps the channel quiet for d (a 429's Retry-After).
func (p *pacer) hold(channel string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := p.now().Add(d); p.next[channel].Before(until) {
		p.next[channel] = until
	}
}
