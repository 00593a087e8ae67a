package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// services is what serve wires together; each front end's setup function
// (setupSlack, setupDiscord) adds its routes, notifiers and background loops.
type services struct {
	cfg    Config
	engine *bot.Engine
	mux    *http.ServeMux
	log    *slog.Logger
	// lawyers are the lawyers' notifiers by destination name ("webhook",
	// "slack", "discord"); buyers are the buyer notifiers by platform.
	lawyers map[string]advisor.Notifier
	buyers  map[string]advisor.Notifier
	// background loops (Socket Mode, gateway, relay) run until ctx is done.
	background []func(ctx context.Context) error
	// ready checks must all pass for /readyz.
	ready []func(ctx context.Context) error
}

func runServe(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("serve", "", "Serves Slack and Discord (HTTP endpoints, Socket Mode, gateway) and the health checks.\n"+
		"With no tokens it serves only GET /healthz and GET /readyz. Configuration: see README.md.")
	var guides multiFlag
	fs.Var(&guides, "guide", "extra guide `file or directory` (.md, .txt, .html); repeatable")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "tradeguard serve: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return exitUsage
	}
	cfg, ok := m.config()
	if !ok {
		return exitUsage
	}
	log := m.logger(cfg)
	e := bot.NewEngine(m.loadAdvisor(cfg, guides))
	e.Now, e.Log = m.Now, log
	if err := m.wireLLM(e, cfg); err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: configuration: %v\n", err)
		return exitUsage
	}
	s := &services{cfg: cfg, engine: e, mux: http.NewServeMux(), log: log,
		lawyers: map[string]advisor.Notifier{}, buyers: map[string]advisor.Notifier{}}
	if err := m.serve(ctx, s); err != nil {
		log.Error("serve stopped", "err", err)
		fmt.Fprintf(m.Stderr, "tradeguard serve: %v\n", err)
		return exitError
	}
	return exitOK
}

// serve sets up every front end on s and runs until ctx is done.
func (m *Main) serve(ctx context.Context, s *services) error {
	closeStore, err := setupEscalation(ctx, s)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := setupSlack(ctx, s); err != nil {
		return fmt.Errorf("slack: %w", err)
	}
	if err := setupDiscord(ctx, s); err != nil {
		return fmt.Errorf("discord: %w", err)
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		cctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		for _, check := range s.ready {
			if err := check(cctx); err != nil {
				s.log.Warn("not ready", "err", err)
				http.Error(w, "not ready", http.StatusServiceUnavailable)
				return
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ready")
	})

	ln, err := net.Listen("tcp", s.cfg.ListenAddr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second}
	s.log.Info("serving", "addr", ln.Addr().String())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, len(s.background)+1)
	for _, run := range s.background {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && ctx.Err() == nil {
				errc <- err
			}
		}()
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	cancel()
	shut, done := context.WithTimeout(context.Background(), 20*time.Second)
	defer done()
	if serr := srv.Shutdown(shut); serr != nil && err == nil {
		err = serr
	}
	wg.Wait()
	return err
}

// logger returns the process logger: JSON on stderr at LOG_LEVEL.
func (m *Main) logger(cfg Config) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(bot.NewRedactHandler(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level})))
}
