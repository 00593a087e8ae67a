package llm

import (
	"sync"
	"time"
)

// breakerState is the state of a Breaker.
type breakerState int

const (
	closed   breakerState = iota // calls go through
	open                         // calls are refused until the cool-down ends
	halfOpen                     // one probe call is in flight
)

func (s breakerState) String() string {
	switch s {
	case open:
		return "open"
	case halfOpen:
		return "half-open"
	}
	return "closed"
}

// Breaker is a circuit breaker: after Failures consecutive failures it opens
// and refuses calls for Cooldown; then it lets one probe through (half-open).
// A successful probe closes it, a failed one opens it again. It is safe for
// concurrent use; the clock is injected so tests need not sleep.
type Breaker struct {
	// Failures is the number of consecutive failures that opens the breaker.
	Failures int
	// Cooldown is how long the breaker stays open before a probe.
	Cooldown time.Duration
	// Now is the clock.
	Now func() time.Time

	mu       sync.Mutex
	state    breakerState
	fails    int
	openedAt time.Time
}

// NewBreaker returns a closed breaker.
func NewBreaker(failures int, cooldown time.Duration, now func() time.Time) *Breaker {
	if failures <= 0 {
		failures = 5
	}
	if cooldown <= 0 {
		cooldown = time.Minute
	}
	if now == nil {
		now = time.Now
	}
	return &Breaker{Failures: failures, Cooldown: cooldown, Now: now}
}

// Allow reports whether a call may go ahead. When it returns true the caller
// must report the outcome with Done exactly once.
func (b *Breaker) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case closed:
		return true
	case open:
		if b.Now().Sub(b.openedAt) >= b.Cooldown {
			b.state = halfOpen
			return true
		}
		return false
	default: // half-open: a probe is already in flight
		return false
	}
}

// Done records the outcome of an allowed call. ok false counts as a failure;
// a call that says nothing about the server (the caller gave up) should be
// reported with Release instead.
func (b *Breaker) Done(ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if ok {
		b.state, b.fails = closed, 0
		return
	}
	b.fails++
	if b.state == halfOpen || b.fails >= b.Failures {
		b.state, b.openedAt = open, b.Now()
	}
}

// Release ends an allowed call without judging the server: a half-open probe
// slot is handed back so the next call may probe.
func (b *Breaker) Release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == halfOpen {
		b.state = open // keep openedAt: the cool-down has passed, so the next Allow probes
	}
}

// State returns "closed", "open" or "half-open" (for logs and health checks).
func (b *Breaker) State() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state.String()
}
