package main

import (
	"context"
	"fmt"
	"time"

	"tradeguard/bot"
	"tradeguard/bot/term"
)

func runChat(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("chat", "", "Talks to TradeGuard in the terminal: paste supplier details (end with an empty line),\n"+
		"ask follow-up questions, and type \"escalate\" to hand a case to the AC&E legal team.")
	var guides multiFlag
	fs.Var(&guides, "guide", "extra guide `file or directory` (.md, .txt, .html); repeatable")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "tradeguard chat: unexpected arguments %q\n", fs.Args())
		fs.Usage()
		return exitUsage
	}
	cfg, ok := m.config()
	if !ok {
		return exitUsage
	}
	e := bot.NewEngine(m.loadAdvisor(cfg, guides))
	e.Now = m.Now
	e.Log = m.cmdLogger(cfg)
	if err := m.wireLLM(e, cfg); err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: configuration: %v\n", err)
		return exitUsage
	}
	stop := m.chatEscalation(ctx, e, cfg)
	defer stop()
	c := &term.Chat{Engine: e, In: m.Stdin, Out: m.Stdout}
	if err := c.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(m.Stderr, "tradeguard chat: %v\n", err)
		return exitError
	}
	return exitOK
}

// chatEscalation opens the case store for the chat (SQLite in DATA_DIR, or
// PostgreSQL with DATABASE_URL) and runs a relay while the chat lasts, so a
// case the buyer escalates reaches ESCALATION_WEBHOOK_URL at once. Without a
// store the chat still advises; escalation then says it is unavailable. The
// returned func stops the relay (after a last short drain) and closes the
// store.
func (m *Main) chatEscalation(ctx context.Context, e *bot.Engine, cfg Config) func() {
	st, log, ok := m.openCaseStore(ctx, "chat", cfg)
	if !ok {
		fmt.Fprintln(m.Stderr, "tradeguard chat: advice works, but escalation to AC&E is unavailable in this session.")
		return func() {}
	}
	e.Cases, e.Audit = st, st
	r := newRelay(cfg, st, nil, nil, log)
	r.Timeout, r.Lease = 5*time.Second, time.Minute
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() { r.Run(rctx); done <- struct{}{} }()
	go func() { runRetention(rctx, cfg, st, m.Now, log); done <- struct{}{} }()
	return func() {
		cancel()
		<-done
		<-done
		// A case escalated just before "quit" may not be claimed yet.
		dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
		r.Drain(dctx)
		dcancel()
		st.Close()
	}
}
