package escalation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"tradeguard/advisor"
)

// Relay defaults.
const (
	DefaultMaxAttempts = 16
	DefaultBaseDelay   = 5 * time.Second
	DefaultMaxDelay    = time.Hour
	DefaultTimeout     = 30 * time.Second
	DefaultLease       = 2 * time.Minute
	DefaultPoll        = 10 * time.Second
	DefaultBatch       = 16
)

// Relay moves notices from the outbox to their notifiers. Set the fields
// before Run; several relays (goroutines, processes, replicas) may run on one
// store, and each notice goes to one of them at a time.
//
// Lawyers' notices (a new case, a withdrawal) go to every entry of Lawyers,
// one outbox row per destination, so a failing Slack never resends the
// webhook. Buyer notices (accepted, closed) go to Buyers[the case's
// platform]. A platform present in Buyers with a nil Notifier has no push
// channel (the terminal: the buyer reads `tradeguard cases show`); its
// notices are settled as skipped at once. Platforms absent from both maps
// are left for a relay that has them.
type Relay struct {
	Outbox advisor.Outbox
	// Lawyers are the lawyers' notifiers by destination name ("webhook",
	// "slack", "discord").
	Lawyers map[string]advisor.Notifier
	// Buyers are the buyers' notifiers by platform ("slack", "discord",
	// "terminal": nil).
	Buyers map[string]advisor.Notifier

	// MaxAttempts is how many deliveries are tried before a notice is dead
	// (default 16, about 9 hours with the default delays).
	MaxAttempts int
	// BaseDelay and MaxDelay bound the back-off: attempt k waits between
	// half and all of BaseDelay·2^(k-1), at most MaxDelay (defaults 5 s,
	// 1 h). A Retry-After from the receiver is honoured when longer.
	BaseDelay, MaxDelay time.Duration
	// Timeout bounds one delivery (default 30 s); Lease must exceed it
	// (default 2 min).
	Timeout, Lease time.Duration
	// Poll is how often the outbox is checked without a signal (default
	// 10 s); Batch how many notices are claimed and delivered at once
	// (default 16).
	Poll  time.Duration
	Batch int
	Log   *slog.Logger
	// Now is the clock for back-off (default time.Now).
	Now func() time.Time
	// Jitter returns a number in [0, 1) (default math/rand).
	Jitter func() float64
}

// Destinations returns the outbox destinations r delivers, sorted: its
// lawyers' destination names and buyer destinations.
func (r *Relay) Destinations() []string {
	var ds []string
	for name := range r.Lawyers {
		ds = append(ds, name)
	}
	for p := range r.Buyers {
		ds = append(ds, advisor.BuyerDestination(p))
	}
	slices.Sort(ds)
	return ds
}

func (r *Relay) lawyerNames() []string {
	var ns []string
	for name := range r.Lawyers {
		ns = append(ns, name)
	}
	slices.Sort(ns)
	return ns
}

// Validate reports a relay that cannot work.
func (r *Relay) Validate() error {
	if r.Outbox == nil {
		return errors.New("escalation: relay has no outbox")
	}
	for name, n := range r.Lawyers {
		if name == "" || name == advisor.DestinationLawyers || strings.HasPrefix(name, "buyer:") || n == nil {
			return fmt.Errorf("escalation: bad lawyers' destination %q", name)
		}
	}
	if r.timeout() >= r.lease() {
		return fmt.Errorf("escalation: lease %v must exceed the delivery timeout %v", r.lease(), r.timeout())
	}
	return nil
}

func (r *Relay) log() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

func (r *Relay) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

func (r *Relay) timeout() time.Duration { return orDefault(r.Timeout, DefaultTimeout) }
func (r *Relay) lease() time.Duration   { return orDefault(r.Lease, DefaultLease) }

// Run relays until ctx is done: at once, whenever the outbox signals, and
// every Poll. When the store is unreachable it keeps trying (sooner than
// Poll at first), so relaying resumes by itself once the database is back.
// Deliveries in flight when ctx ends are finished (each within Timeout).
func (r *Relay) Run(ctx context.Context) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if len(r.Lawyers) == 0 && len(r.Buyers) == 0 {
		<-ctx.Done()
		return nil
	}
	poll := orDefault(r.Poll, DefaultPoll)
	sig := r.Outbox.NoticeSignal()
	failing := time.Duration(0)
	for {
		_, err := r.Drain(ctx)
		wait := poll
		if err != nil && ctx.Err() == nil {
			if failing == 0 {
				r.log().Warn("outbox unavailable; relay will retry", "err", err)
			}
			failing = min(max(2*failing, 500*time.Millisecond), poll)
			wait = failing
		} else if failing > 0 && err == nil {
			r.log().Info("outbox reachable again; relay resumed")
			failing = 0
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-sig:
		case <-t.C:
		}
		t.Stop()
	}
}

// Drain delivers due notices until none is left (or ctx ends) and returns
// how many deliveries were attempted.
func (r *Relay) Drain(ctx context.Context) (int, error) {
	claim := advisor.Claim{Destinations: r.Destinations(), Fanout: r.lawyerNames(),
		Limit: orDefault(r.Batch, DefaultBatch), Lease: r.lease()}
	total := 0
	for ctx.Err() == nil {
		ns, err := r.Outbox.ClaimNotices(ctx, claim)
		if err != nil {
			return total, err
		}
		if len(ns) == 0 {
			return total, nil
		}
		var wg sync.WaitGroup
		for _, n := range ns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.deliver(ctx, n)
			}()
		}
		wg.Wait()
		total += len(ns)
	}
	return total, nil
}

// deliver makes one attempt and settles it. It outlives ctx's cancellation
// (not its values) so a shutdown does not cut a delivery half way.
func (r *Relay) deliver(ctx context.Context, n advisor.Notice) {
	base := context.WithoutCancel(ctx)
	log := r.log().With("notice", n.Key, "destination", n.Destination, "attempt", n.Attempt)
	notifier, known := r.notifier(n)
	var st advisor.Settlement
	switch {
	case !known:
		// Not ours after all (the maps changed): give it back soon.
		st = advisor.Settlement{State: advisor.NoticePending, RetryAt: r.now(), Error: "no notifier for " + n.Destination + " in this relay"}
	case notifier == nil:
		st = advisor.Settlement{State: advisor.NoticeSkipped,
			Error: "no chat notifier for " + strings.TrimPrefix(n.Destination, "buyer:") + "; the buyer sees the status with `tradeguard cases show`"}
	default:
		dctx, cancel := context.WithTimeout(base, r.timeout())
		err := safeNotify(dctx, notifier, n)
		cancel()
		st = r.outcome(n, err)
		switch st.State {
		case advisor.NoticeSent:
			log.Info("notice delivered", "kind", n.Kind, "case", n.Case.Ref)
		case advisor.NoticeDead:
			log.Error("notice dead: giving up", "kind", n.Kind, "case", n.Case.Ref, "err", st.Error)
		default:
			log.Warn("notice delivery failed; will retry", "kind", n.Kind, "case", n.Case.Ref, "err", st.Error, "retry_at", st.RetryAt)
		}
	}
	sctx, cancel := context.WithTimeout(base, r.lease()-r.timeout())
	defer cancel()
	if err := r.Outbox.SettleNotice(sctx, n, st); err != nil {
		// The lease runs out and the notice is claimed again: at least once.
		log.Warn("could not record the delivery outcome; the notice will be retried", "err", err)
	}
}

func (r *Relay) notifier(n advisor.Notice) (advisor.Notifier, bool) {
	if p, ok := strings.CutPrefix(n.Destination, "buyer:"); ok {
		nt, ok := r.Buyers[p]
		return nt, ok
	}
	nt, ok := r.Lawyers[n.Destination]
	return nt, ok && nt != nil
}

func safeNotify(ctx context.Context, nt advisor.Notifier, n advisor.Notice) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("notifier panicked: %v", p)
		}
	}()
	return nt.Notify(ctx, n)
}

// outcome turns a delivery error into a settlement.
func (r *Relay) outcome(n advisor.Notice, err error) advisor.Settlement {
	if err == nil {
		return advisor.Settlement{State: advisor.NoticeSent}
	}
	msg := advisor.Redact(err.Error())
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	if advisor.IsPermanent(err) {
		return advisor.Settlement{State: advisor.NoticeDead, Error: msg}
	}
	if n.Attempt >= orDefault(r.MaxAttempts, DefaultMaxAttempts) {
		return advisor.Settlement{State: advisor.NoticeDead, Error: msg}
	}
	jitter := r.Jitter
	if jitter == nil {
		jitter = rand.Float64
	}
	wait := Backoff(n.Attempt, orDefault(r.BaseDelay, DefaultBaseDelay), orDefault(r.MaxDelay, DefaultMaxDelay), jitter())
	if ra, ok := advisor.RetryAfterOf(err); ok && ra > wait {
		wait = min(ra, 24*time.Hour)
	}
	return advisor.Settlement{State: advisor.NoticePending, RetryAt: r.now().Add(wait), Error: msg}
}

// Backoff is the wait after failed attempt number attempt (1, 2, …):
// "equal jitter" over an exponential, between half and all of
// base·2^(attempt-1), capped at max. jitter is in [0, 1).
func Backoff(attempt int, base, max time.Duration, jitter float64) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(float64(d-half)*jitter)
}
