package main

import (
	"context"
	"fmt"

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
	if err := m.wireLLM(e, cfg); err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: configuration: %v\n", err)
		return exitUsage
	}
	c := &term.Chat{Engine: e, In: m.Stdin, Out: m.Stdout}
	if err := c.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(m.Stderr, "tradeguard chat: %v\n", err)
		return exitError
	}
	return exitOK
}
