package main

// The escalation store and its background work, for every command that
// needs them.
//
// serve (Main.serve) wires it like this, before or after
// setupSlack/setupDiscord (the relay reads s.lawyers and s.buyers only when
// it starts running, so their notifiers are all there):
//
//	closeStore, err := setupEscalation(ctx, s) // opens + migrates, sets s.engine.Cases/Audit
//	if err != nil { return err }
//	defer closeStore()                          // after the background loops stopped
//
// setupEscalation adds the webhook (ESCALATION_WEBHOOK_URL) to s.lawyers,
// appends the relay and the daily audit pruning (ADVICE_RETENTION_DAYS) to
// s.background and a database ping to s.ready. Lower-level pieces:
// openStore (open + migrate), newRelay (a Relay over the store with the
// webhook, the terminal buyers and extra notifiers), runRetention, and
// newLogger (every logger goes through bot.RedactHandler).

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/escalation"
	"tradeguard/advisor/store"
	"tradeguard/advisor/store/postgres"
	"tradeguard/advisor/store/sqlite"
	"tradeguard/bot"
)

// storeHandle is an opened store that can also be migrated.
type storeHandle interface {
	advisor.Store
	Migrator() (*store.Migrator, error)
	Migrate(ctx context.Context) ([]store.Migration, error)
}

var (
	_ storeHandle = (*postgres.DB)(nil)
	_ storeHandle = (*sqlite.DB)(nil)
)

// storeName says which store cfg selects, without the DATABASE_URL's
// password.
func storeName(cfg Config) string {
	if cfg.DatabaseURL != "" {
		if u, err := url.Parse(cfg.DatabaseURL); err == nil && u.Host != "" {
			return "PostgreSQL at " + u.Host + u.Path
		}
		return "PostgreSQL"
	}
	return "SQLite at " + cfg.SQLitePath()
}

// openRawStore opens the store cfg selects — PostgreSQL when DATABASE_URL is
// set, else the SQLite file in DATA_DIR — without migrating it.
func openRawStore(ctx context.Context, cfg Config) (storeHandle, error) {
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL)
	}
	return sqlite.Open(ctx, cfg.SQLitePath())
}

// openStore opens the store cfg selects and applies pending migrations
// (under PostgreSQL's advisory lock, so replicas starting together take
// turns).
func openStore(ctx context.Context, cfg Config, log *slog.Logger) (storeHandle, error) {
	st, err := openRawStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	mctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	applied, err := st.Migrate(mctx)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("%s: %w", storeName(cfg), err)
	}
	for _, m := range applied {
		log.Info("migration applied", "migration", m.Name)
	}
	return st, nil
}

// Platforms whose buyers have no push channel: they read their case's
// status with `tradeguard cases show` or `status REF` in the chat.
var silentPlatforms = []string{"terminal", "cli"}

// newRelay returns a relay over out that delivers the lawyers' notices to
// the webhook (when ESCALATION_WEBHOOK_URL is set) and to lawyers, and the
// buyers' notices to buyers; terminal buyers' notices are settled as
// skipped. A nil Notifier in buyers marks a platform without push delivery.
func newRelay(cfg Config, out advisor.Outbox, lawyers, buyers map[string]advisor.Notifier, log *slog.Logger) *escalation.Relay {
	r := &escalation.Relay{Outbox: out, Log: log,
		Lawyers: map[string]advisor.Notifier{}, Buyers: map[string]advisor.Notifier{}}
	for name, n := range lawyers {
		if n != nil {
			r.Lawyers[name] = n
		}
	}
	if cfg.EscalationWebhookURL != "" && cfg.EscalationWebhookSecret != "" {
		r.Lawyers["webhook"] = &escalation.Webhook{URL: cfg.EscalationWebhookURL, Secret: cfg.EscalationWebhookSecret}
	}
	for _, p := range silentPlatforms {
		r.Buyers[p] = nil
	}
	for p, n := range buyers {
		r.Buyers[p] = n
	}
	return r
}

// runRetention deletes advice records older than ADVICE_RETENTION_DAYS now
// and then daily, until ctx ends. Zero days keeps them forever.
func runRetention(ctx context.Context, cfg Config, audit advisor.AuditStore, now func() time.Time, log *slog.Logger) error {
	if cfg.AdviceRetentionDays <= 0 {
		return nil
	}
	keep := time.Duration(cfg.AdviceRetentionDays) * 24 * time.Hour
	for {
		n, err := audit.PruneAdvice(ctx, now().Add(-keep))
		if err != nil && ctx.Err() == nil {
			log.Warn("pruning the advice audit log failed; will retry", "err", err)
		} else if n > 0 {
			log.Info("advice audit log pruned", "records", n, "retention_days", cfg.AdviceRetentionDays)
		}
		wait := 24 * time.Hour
		if err != nil {
			wait = 10 * time.Minute
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// setupEscalation opens the store for serve and wires it into s: the
// engine's case store and audit log, the webhook among the lawyers'
// notifiers, the relay and the audit pruning in the background, a store
// ping in the readiness checks. Buyers' platforms without a notifier in
// s.buyers when the relay starts get their notices settled as skipped, so
// nothing waits forever. The returned func closes the store.
func setupEscalation(ctx context.Context, s *services) (func(), error) {
	st, err := openStore(ctx, s.cfg, s.log)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s.engine.Cases, s.engine.Audit = st, st
	now := s.engine.Now
	if now == nil {
		now = time.Now
	}
	s.background = append(s.background,
		func(ctx context.Context) error {
			buyers := map[string]advisor.Notifier{"slack": nil, "discord": nil, "web": nil}
			for p, n := range s.buyers {
				buyers[p] = n
			}
			r := newRelay(s.cfg, st, s.lawyers, buyers, s.log)
			s.log.Info("relay started", "destinations", strings.Join(r.Destinations(), ","))
			return r.Run(ctx)
		},
		func(ctx context.Context) error { return runRetention(ctx, s.cfg, st, now, s.log) },
	)
	s.ready = append(s.ready, st.Ping)
	s.log.Info("store ready", "store", storeName(s.cfg))
	return func() { st.Close() }, nil
}

// newLogger returns a logger that writes JSON (or text) records at level
// to w, with personal data redacted from every record.
func newLogger(w io.Writer, level string, text bool) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler = slog.NewJSONHandler(w, opts)
	if text {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(bot.NewRedactHandler(h))
}

// openCaseStore opens and migrates the store for the cases, forget and chat
// commands, logging warnings to stderr. It reports failures itself.
func (m *Main) openCaseStore(ctx context.Context, cmd string, cfg Config) (storeHandle, *slog.Logger, bool) {
	log := m.cmdLogger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard %s: cannot open the case store (%s): %v\n", cmd, storeName(cfg), advisor.Redact(err.Error()))
		return nil, log, false
	}
	return st, log, true
}

// cmdLogger is the logger of the terminal commands: text on stderr at
// LOG_LEVEL when it is set, else warnings only, so the chat stays readable.
func (m *Main) cmdLogger(cfg Config) *slog.Logger {
	level := "warn"
	if m.Getenv("LOG_LEVEL") != "" {
		level = cfg.LogLevel
	}
	return newLogger(m.Stderr, level, true)
}
