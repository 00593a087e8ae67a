package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/store/storetest"
	"tradeguard/bot"
)

// recorder is a notifier that keeps what it was given.
type recorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *recorder) Notify(ctx context.Context, n advisor.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, n.Key)
	return nil
}

func (r *recorder) has(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range r.keys {
		if k == key {
			return true
		}
	}
	return false
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSetupEscalation is what serve gets: the store opened and migrated,
// the engine wired, the relay delivering to the webhook and to the Slack
// notifiers another front end registered, the audit log pruned, a
// readiness check — on SQLite and on PostgreSQL.
func TestSetupEscalation(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			hook := &lawyersHook{}
			srv := httptest.NewServer(hook)
			defer srv.Close()
			cfg := Config{DataDir: t.TempDir(), EscalationWebhookURL: srv.URL, EscalationWebhookSecret: hookSecret, AdviceRetentionDays: 30}
			if kind == "postgres" {
				cfg.DatabaseURL = storetest.PostgresURL(t)
			}
			m := &Main{Stderr: io.Discard, Getenv: func(string) string { return "" }, Now: time.Now}
			e := bot.NewEngine(m.loadAdvisor(cfg, nil))
			slackLawyers, slackBuyers := &recorder{}, &recorder{}
			s := &services{cfg: cfg, engine: e, mux: http.NewServeMux(), log: slog.New(slog.DiscardHandler),
				lawyers: map[string]advisor.Notifier{"slack": slackLawyers}, buyers: map[string]advisor.Notifier{"slack": slackBuyers}}
			closeStore, err := setupEscalation(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			defer closeStore()
			if e.Cases == nil || e.Audit == nil || len(s.background) != 2 || len(s.ready) != 1 {
				t.Fatalf("not wired: cases %v audit %v background %d ready %d", e.Cases, e.Audit, len(s.background), len(s.ready))
			}
			ctx := context.Background()
			old := advisor.AdviceRecord{At: time.Now().Add(-40 * 24 * time.Hour), Platform: "slack", UserHash: "u", Level: advisor.LevelLow}
			if err := e.Audit.RecordAdvice(ctx, old); err != nil {
				t.Fatal(err)
			}
			rctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for _, run := range s.background {
				wg.Add(1)
				go func() { defer wg.Done(); run(rctx) }()
			}
			defer func() { cancel(); wg.Wait() }()
			if err := s.ready[0](ctx); err != nil {
				t.Errorf("not ready: %v", err)
			}
			st := e.Cases.(advisor.Store)
			waitFor(t, "the audit log to be pruned", func() bool {
				recs, err := st.FindAdvice(ctx, advisor.AdviceFilter{})
				return err == nil && len(recs) == 0
			})

			c := storetest.NewCase(storetest.Buyer, "serve-1", time.Now())
			if err := e.Cases.CreateCase(ctx, c); err != nil {
				t.Fatal(err)
			}
			discord := storetest.NewCase(advisor.Identity{Platform: "discord", UserID: "42"}, "serve-2", time.Now())
			if err := e.Cases.CreateCase(ctx, discord); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the webhook and the lawyers' Slack channel", func() bool {
				events, _ := hook.got()
				return len(events) == 2 && slackLawyers.has(c.Ref+":case_created:slack")
			})
			for _, ref := range []string{c.Ref, discord.Ref} {
				if _, err := e.Cases.AcceptCase(ctx, ref, "Ana Li"); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "the Slack buyer to be told", func() bool { return slackBuyers.has(c.Ref + ":case_accepted:buyer:slack") })
			// No Discord front end: its buyer's notice is settled, not left waiting.
			waitFor(t, "the Discord buyer's notice to be skipped", func() bool {
				got, err := e.Cases.FindCaseByRef(ctx, discord.Ref)
				return err == nil && got.Notices[len(got.Notices)-1].State == advisor.NoticeSkipped
			})
		})
	}
}

func TestStoreName(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{DataDir: "data"}, "SQLite at data/tradeguard.db"},
		{Config{DatabaseURL: "postgres://tg:s3cret@db.internal:5432/tradeguard?sslmode=require"}, "PostgreSQL at db.internal:5432/tradeguard"},
		{Config{DatabaseURL: "host=db user=tg password=s3cret"}, "PostgreSQL"},
	} {
		if got := storeName(tt.cfg); got != tt.want {
			t.Errorf("storeName = %q, want %q", got, tt.want)
		}
	}
}
