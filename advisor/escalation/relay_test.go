package escalation_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/escalation"
	"tradeguard/advisor/store/sqlite"
	"tradeguard/advisor/store/storetest"
)

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tg.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// fake is a notifier that fails as told and counts deliveries by key.
type fake struct {
	mu   sync.Mutex
	fail func(n advisor.Notice, try int) error
	got  map[string]int // successful deliveries by key
	try  map[string]int // attempts by key
}

func newFake(fail func(n advisor.Notice, try int) error) *fake {
	return &fake{fail: fail, got: map[string]int{}, try: map[string]int{}}
}

func (f *fake) Notify(ctx context.Context, n advisor.Notice) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.try[n.Key]++
	if f.fail != nil {
		if err := f.fail(n, f.try[n.Key]); err != nil {
			return err
		}
	}
	f.got[n.Key]++
	return nil
}

func (f *fake) count(key string) (got, tries int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.got[key], f.try[key]
}

func fastRelay(out advisor.Outbox, log *slog.Logger) *escalation.Relay {
	return &escalation.Relay{Outbox: out, BaseDelay: 10 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
		Poll: 20 * time.Millisecond, Timeout: time.Second, Lease: 5 * time.Second, MaxAttempts: 5, Log: log}
}

// eventually polls cond for up to 15 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func run(t *testing.T, r *escalation.Relay) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Relay.Run: %v", err)
		}
	})
}

func TestRelayDestinations(t *testing.T) {
	db := openSQLite(t)
	var logs bytes.Buffer
	webhook := newFake(nil)
	slack := newFake(func(n advisor.Notice, try int) error {
		if try < 3 {
			return errors.New("slack: HTTP 503")
		}
		return nil
	})
	buyers := newFake(nil)
	r := fastRelay(db, slog.New(slog.NewTextHandler(&logs, nil)))
	r.Lawyers = map[string]advisor.Notifier{"webhook": webhook, "slack": slack}
	r.Buyers = map[string]advisor.Notifier{"slack": buyers, "terminal": nil}
	run(t, r)

	c := storetest.NewCase(storetest.Buyer, "k1", time.Now())
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	term := storetest.NewCase(advisor.Identity{Platform: "terminal", UserID: "terminal"}, "k2", time.Now())
	if err := db.CreateCase(context.Background(), term); err != nil {
		t.Fatal(err)
	}
	slackKey := c.Ref + ":case_created:slack"
	eventually(t, "slack to succeed on its third try", func() bool { n, _ := slack.count(slackKey); return n == 1 })
	if got, tries := webhook.count(c.Ref + ":case_created:webhook"); got != 1 || tries != 1 {
		t.Errorf("webhook got the notice %d times in %d tries; a failing Slack must not resend it", got, tries)
	}
	if _, tries := slack.count(slackKey); tries != 3 {
		t.Errorf("slack tried %d times, want 3", tries)
	}
	for _, ref := range []string{c.Ref, term.Ref} {
		if _, err := db.AcceptCase(context.Background(), ref, "Ana Li"); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the buyer's notice", func() bool { n, _ := buyers.count(c.Ref + ":case_accepted:buyer:slack"); return n == 1 })
	eventually(t, "the terminal notice to be skipped", func() bool {
		got, err := db.FindCaseByRef(context.Background(), term.Ref)
		return err == nil && got.Notices[len(got.Notices)-1].State == advisor.NoticeSkipped
	})
	got, err := db.FindCaseByRef(context.Background(), c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.NoticeState != advisor.NoticeSent {
		t.Errorf("NoticeState %q, want sent", got.NoticeState)
	}
	if bytes.Contains(logs.Bytes(), []byte("li.wei.canary")) {
		t.Errorf("relay logged the paste:\n%s", logs.String())
	}
}

func TestRelayDeadLetters(t *testing.T) {
	db := openSQLite(t)
	permanent := newFake(func(advisor.Notice, int) error { return advisor.Permanent(errors.New("webhook: HTTP 400")) })
	flaky := newFake(func(advisor.Notice, int) error { return errors.New("discord: connection reset") })
	panics := newFake(func(n advisor.Notice, try int) error {
		if try == 1 {
			panic("boom")
		}
		return nil
	})
	r := fastRelay(db, slog.New(slog.DiscardHandler))
	r.Lawyers = map[string]advisor.Notifier{"webhook": permanent, "discord": flaky, "slack": panics}
	run(t, r)
	c := storetest.NewCase(storetest.Buyer, "k", time.Now())
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	eventually(t, "both failing notices to die", func() bool {
		got, err := db.FindCaseByRef(context.Background(), c.Ref)
		if err != nil {
			return false
		}
		dead := 0
		for _, n := range got.Notices {
			if n.State == advisor.NoticeDead {
				dead++
			}
		}
		return dead == 2
	})
	if _, tries := permanent.count(c.Ref + ":case_created:webhook"); tries != 1 {
		t.Errorf("a permanent error was tried %d times, want 1", tries)
	}
	if _, tries := flaky.count(c.Ref + ":case_created:discord"); tries != 5 {
		t.Errorf("a transient error was tried %d times, want MaxAttempts=5", tries)
	}
	if got, _ := panics.count(c.Ref + ":case_created:slack"); got != 1 {
		t.Errorf("after a panic the notice was delivered %d times, want 1", got)
	}
	got, _ := db.FindCaseByRef(context.Background(), c.Ref)
	if got.NoticeState != advisor.NoticeDead {
		t.Errorf("NoticeState %q, want dead", got.NoticeState)
	}
	var failed []string
	for _, e := range got.Events {
		if e.Kind == "notice_failed" {
			failed = append(failed, e.Detail)
		}
	}
	if len(failed) != 2 {
		t.Errorf("notice_failed events %q, want 2", failed)
	}
}

func TestRelayWithoutLawyersLeavesNotices(t *testing.T) {
	db := openSQLite(t)
	r := fastRelay(db, slog.New(slog.DiscardHandler))
	r.Buyers = map[string]advisor.Notifier{"terminal": nil}
	c := storetest.NewCase(storetest.Buyer, "k", time.Now())
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Drain(context.Background()); err != nil || n != 0 {
		t.Fatalf("Drain = %d, %v", n, err)
	}
	// A relay with lawyers' destinations still finds the notice later.
	w := newFake(nil)
	r2 := fastRelay(db, slog.New(slog.DiscardHandler))
	r2.Lawyers = map[string]advisor.Notifier{"webhook": w}
	if n, err := r2.Drain(context.Background()); err != nil || n != 1 {
		t.Fatalf("second Drain = %d, %v", n, err)
	}
	if got, _ := w.count(c.Ref + ":case_created:webhook"); got != 1 {
		t.Errorf("webhook got %d", got)
	}
}

func TestRelayValidate(t *testing.T) {
	db := openSQLite(t)
	for name, r := range map[string]*escalation.Relay{
		"no outbox":       {},
		"reserved name":   {Outbox: db, Lawyers: map[string]advisor.Notifier{"lawyers": newFake(nil)}},
		"nil lawyer":      {Outbox: db, Lawyers: map[string]advisor.Notifier{"webhook": nil}},
		"lease too short": {Outbox: db, Timeout: time.Minute, Lease: time.Minute},
	} {
		if err := r.Validate(); err == nil {
			t.Errorf("%s: Validate passed", name)
		}
	}
}

func TestBackoff(t *testing.T) {
	base, max := 5*time.Second, time.Hour
	for _, tt := range []struct {
		attempt  int
		jitter   float64
		min, max time.Duration
	}{
		{1, 0, 2500 * time.Millisecond, 2500 * time.Millisecond},
		{1, 0.999999, 2500 * time.Millisecond, 5 * time.Second},
		{2, 0.5, 7500 * time.Millisecond, 7500 * time.Millisecond},
		{4, 0, 20 * time.Second, 20 * time.Second},
		{10, 0, 1280 * time.Second, 1280 * time.Second}, // half of 5 s·2^9
		{40, 0.999999, 30 * time.Minute, time.Hour},
		{1000, 1, time.Hour, time.Hour},
	} {
		got := escalation.Backoff(tt.attempt, base, max, tt.jitter)
		if got < tt.min || got > tt.max {
			t.Errorf("Backoff(%d, jitter %v) = %v, want in [%v, %v]", tt.attempt, tt.jitter, got, tt.min, tt.max)
		}
	}
}

// TestRelayRetryAfter: a receiver's Retry-After longer than the back-off
// is honoured.
func TestRelayRetryAfter(t *testing.T) {
	db := openSQLite(t)
	limited := newFake(func(advisor.Notice, int) error {
		return advisor.RetryAfter(errors.New("HTTP 429"), time.Hour)
	})
	r := fastRelay(db, slog.New(slog.DiscardHandler))
	r.Lawyers = map[string]advisor.Notifier{"webhook": limited}
	c := storetest.NewCase(storetest.Buyer, "k", time.Now())
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	if _, err := r.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ := db.FindCaseByRef(context.Background(), c.Ref)
	n := got.Notices[len(got.Notices)-1]
	if n.State != advisor.NoticePending || n.NextAt.Before(before.Add(59*time.Minute)) || n.LastError != "HTTP 429" {
		t.Errorf("notice after a 429 with Retry-After 1h: %+v", n)
	}
}
