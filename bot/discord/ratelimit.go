package discord

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Discord's REST limits (topics/rate-limits): 50 requests per second per bot,
// and at most 10,000 invalid requests (401, 403, 429) per 10 minutes before
// Cloudflare bans the IP for a while. We stop at half the invalid budget.
const (
	globalRequests   = 50
	globalPer        = time.Second
	invalidWindow    = 10 * time.Minute
	invalidThreshold = 5000
)

// windowLimiter lets at most n events happen in any window of length per (a
// sliding-window log, stricter than a token bucket of the same rate, whose
// burst could put 2n events in one window). Pause stops everything for a
// while (a global 429).
type windowLimiter struct {
	mu    sync.Mutex
	n     int
	per   time.Duration
	ring  []time.Time // the last n admissions; ring[next] is the oldest
	next  int
	pause time.Time
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func newWindowLimiter(n int, per time.Duration) *windowLimiter {
	return &windowLimiter{n: n, per: per, ring: make([]time.Time, n), now: time.Now, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Wait blocks until one more event is allowed, then records it.
func (l *windowLimiter) Wait(ctx context.Context) error {
	for {
		l.mu.Lock()
		now := l.now()
		var wait time.Duration
		if now.Before(l.pause) {
			wait = l.pause.Sub(now)
		} else if oldest := l.ring[l.next]; !oldest.IsZero() && now.Sub(oldest) < l.per {
			wait = l.per - now.Sub(oldest)
		} else {
			l.ring[l.next] = now
			l.next = (l.next + 1) % l.n
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		if err := l.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Pause holds every event back for d.
func (l *windowLimiter) Pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := l.now().Add(d); until.After(l.pause) {
		l.pause = until
	}
}

// errInvalidBudget is returned instead of sending a request while too many
// recent requests were refused by Discord.
var errInvalidBudget = errors.New("discord: too many refused requests in 10 minutes; holding REST calls to avoid a Cloudflare ban")

// limitedTransport is the HTTP transport of every REST call discordgo makes
// (including its own retries): at most 50 requests in any second, a global
// pause when Discord answers a global 429, and a stop when refused requests
// approach the invalid-request limit. Initial interaction responses are not
// bound by the global limit (Discord says so) and have a 3 s deadline, so they
// skip the window but still count as invalid when refused.
type limitedTransport struct {
	base    http.RoundTripper
	global  *windowLimiter
	mu      sync.Mutex
	invalid []time.Time // refused requests within invalidWindow, oldest first
	now     func() time.Time
}

func newLimitedTransport(base http.RoundTripper) *limitedTransport {
	if base == nil {
		base = http.DefaultTransport
	}
	return &limitedTransport{base: base, global: newWindowLimiter(globalRequests, globalPer), now: time.Now}
}

func isInteractionCallback(path string) bool {
	return strings.Contains(path, "/interactions/") && strings.HasSuffix(path, "/callback")
}

// RoundTrip implements http.RoundTripper.
func (t *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.invalidCount() >= invalidThreshold {
		return nil, errInvalidBudget
	}
	if !isInteractionCallback(r.URL.Path) {
		if err := t.global.Wait(r.Context()); err != nil {
			return nil, err
		}
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		t.addInvalid()
	case http.StatusTooManyRequests:
		scope := resp.Header.Get("X-RateLimit-Scope")
		if scope != "shared" {
			t.addInvalid()
		}
		if resp.Header.Get("X-RateLimit-Global") != "" || scope == "global" {
			t.global.Pause(retryAfter(resp.Header))
		}
	}
	return resp, nil
}

// retryAfter reads Retry-After (seconds, possibly fractional), default 1 s.
func retryAfter(h http.Header) time.Duration {
	if f, err := strconv.ParseFloat(h.Get("Retry-After"), 64); err == nil && f > 0 && f < 3600 {
		return time.Duration(f * float64(time.Second))
	}
	return time.Second
}

func (t *limitedTransport) addInvalid() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.invalid = append(t.invalid, t.now())
}

func (t *limitedTransport) invalidCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	cutoff := t.now().Add(-invalidWindow)
	i := 0
	for i < len(t.invalid) && t.invalid[i].Before(cutoff) {
		i++
	}
	t.invalid = t.invalid[i:]
	return len(t.invalid)
}
