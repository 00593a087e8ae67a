// Command tradeguard is TradeGuard's one binary: advise and chat in a
// terminal, serve Slack and Discord, manage cases, migrations and guides.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main runs one command with injected I/O, environment and clock, so tests
// can run the real program end to end.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, m *Main, args []string) int
}

func commands() []command {
	return []command{
		{"advise", "judge one paste or question and print the advice", runAdvise},
		{"chat", "talk to TradeGuard in the terminal", runChat},
		{"serve", "serve Slack, Discord and health checks over HTTP", runServe},
		{"cases", "list, show, accept, close, export and hold escalated cases", runCases},
		{"migrate", "apply (up) or list (status) the database migrations", runMigrate},
		{"forget", "erase a buyer's cases and advice records (except under legal hold)", runForget},
		{"ingest", "check guide files: list the sections TradeGuard would load from them", runIngest},
	}
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

const usage = `TradeGuard checks Alibaba.com suppliers and answers Trade Assurance questions.

Usage: tradeguard <command> [flags] [args]

Commands:
%s
Run "tradeguard <command> --help" for a command's flags.
Configuration comes from environment variables; see README.md.
`

func (m *Main) usage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, usage, b.String())
}

// Run runs the command named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	if m.Now == nil {
		m.Now = time.Now
	}
	if m.Stdin == nil {
		m.Stdin = strings.NewReader("")
	}
	if len(args) == 0 {
		m.usage(m.Stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		m.usage(m.Stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, m, args[1:])
		}
	}
	fmt.Fprintf(m.Stderr, "tradeguard: unknown command %q\n", args[0])
	m.usage(m.Stderr)
	return exitUsage
}
