package slack

import (
	"context"
	"sync"
	"time"
)

// Deduper remembers which deliveries were already handled, so a retried
// event (X-Slack-Retry-Num, Socket Mode retry_attempt) or a double-clicked
// button is handled once. The in-memory one is per process; a store-backed
// one makes several replicas agree.
type Deduper interface {
	// First reports whether key is new, and remembers it.
	First(ctx context.Context, key string) (bool, error)
	// Forget drops key, so a delivery that could not be queued is handled
	// when Slack retries it.
	Forget(ctx context.Context, key string)
}

// memDedupe is a bounded set of keys that expire after ttl.
type memDedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	now   func() time.Time
	seen  map[string]time.Time
	order []dedupeEntry // oldest first; head is the first live index
	head  int
}

type dedupeEntry struct {
	key string
	at  time.Time
}

// newMemDedupe keeps up to max keys for ttl each.
func newMemDedupe(ttl time.Duration, max int, now func() time.Time) *memDedupe {
	return &memDedupe{ttl: ttl, max: max, now: now, seen: map[string]time.Time{}}
}

// First reports whether key is new (or expired), and remembers it.
func (d *memDedupe) First(_ context.Context, key string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	if at, ok := d.seen[key]; ok && now.Sub(at) <= d.ttl {
		return false, nil
	}
	d.seen[key] = now
	d.order = append(d.order, dedupeEntry{key, now})
	return true, nil
}

// Forget drops key.
func (d *memDedupe) Forget(_ context.Context, key string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.seen, key)
}

// expire drops keys older than ttl, and the oldest beyond max.
func (d *memDedupe) expire(now time.Time) {
	for d.head < len(d.order) {
		e := d.order[d.head]
		live, ok := d.seen[e.key]
		current := ok && live.Equal(e.at) // else forgotten or re-added: a stale entry
		if current && now.Sub(e.at) <= d.ttl && len(d.seen) <= d.max {
			break
		}
		if current {
			delete(d.seen, e.key)
		}
		d.head++
	}
	if d.head > 1024 && d.head*2 > len(d.order) {
		d.order = append([]dedupeEntry(nil), d.order[d.head:]...)
		d.head = 0
	}
}
