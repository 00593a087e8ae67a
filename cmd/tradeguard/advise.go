package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/bot"
	"tradeguard/knowledge"
)

// maxStdin bounds what advise and chat read from standard input; the advisor
// judges at most Config.MaxInputBytes of it and says so.
const maxStdin = 16 << 20

// multiFlag is a repeatable string flag.
type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

// newFlagSet returns a flag set that prints usage to stderr and does not exit.
func (m *Main) newFlagSet(name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: tradeguard %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and maps -h to exit 0 and errors to exit 2.
// Usage goes to stdout for --help and to stderr (after the error) otherwise.
func (m *Main) parseFlags(fs *flag.FlagSet, args []string) (exit int, ok bool) {
	usage := fs.Usage
	fs.Usage = func() {} // flag.Parse calls it on any error; we print once below
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == flag.ErrHelp:
		fs.SetOutput(m.Stdout)
		fs.Usage()
		fs.SetOutput(m.Stderr)
		return exitOK, false
	case err != nil:
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// loadAdvisor builds the advisor from the configuration and extra guide
// files, reporting unreadable guide files on stderr and going on.
func (m *Main) loadAdvisor(cfg Config, guides []string) *advisor.Advisor {
	sections := knowledge.Builtin()
	paths := append([]string(nil), guides...)
	if cfg.KnowledgeDir != "" {
		paths = append([]string{cfg.KnowledgeDir}, paths...)
	}
	if len(paths) > 0 {
		extra, errs := knowledge.LoadPaths(paths...)
		for _, err := range errs {
			fmt.Fprintf(m.Stderr, "tradeguard: skipping guide file: %v\n", err)
		}
		sections = append(sections, extra...)
	}
	return advisor.New(rules.Default(), m.withEmbeddings(cfg, knowledge.NewIndex(sections)), advisor.Config{
		EscalationThresholdUSD: cfg.EscalationThresholdUSD,
		MaxInputBytes:          cfg.MaxInputBytes,
		DisputeWindowDays:      cfg.DisputeWindowDays,
	})
}

// config reads the environment, printing problems; ok is false on error.
func (m *Main) config() (Config, bool) {
	cfg, err := ConfigFromEnv(m.Getenv)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: configuration: %v\n", err)
		return cfg, false
	}
	return cfg, true
}

// parseNow reads a --now value: RFC 3339 or YYYY-MM-DD.
func parseNow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

func runAdvise(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("advise", "[TEXT|-]",
		"Judges a supplier paste or answers a question. Reads standard input when TEXT is absent or \"-\".")
	asJSON := fs.Bool("json", false, "print the Advice as one JSON object (the contract in DESIGN.md)")
	var guides multiFlag
	fs.Var(&guides, "guide", "extra guide `file or directory` (.md, .txt, .html); repeatable")
	nowFlag := fs.String("now", "", "judge as if today were `DATE` (YYYY-MM-DD or RFC 3339), for reproducible output")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	now := m.Now()
	if *nowFlag != "" {
		t, err := parseNow(*nowFlag)
		if err != nil {
			fmt.Fprintf(m.Stderr, "tradeguard advise: --now %q is not a date (use 2026-06-01)\n", *nowFlag)
			fs.Usage()
			return exitUsage
		}
		now = t
	}
	cfg, ok := m.config()
	if !ok {
		return exitUsage
	}
	var text string
	if rest := fs.Args(); len(rest) == 0 || (len(rest) == 1 && rest[0] == "-") {
		b, err := io.ReadAll(io.LimitReader(m.Stdin, maxStdin))
		if err != nil {
			fmt.Fprintf(m.Stderr, "tradeguard advise: reading standard input: %v\n", err)
		}
		text = string(b)
	} else {
		text = strings.Join(rest, " ")
	}
	a := m.loadAdvisor(cfg, guides)
	req := advisor.Request{Text: text, Platform: "cli"}
	adv, err := m.rewrite(ctx, cfg, a, req, a.Advise(req, now), now)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: configuration: %v\n", err)
		return exitUsage
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(adv); err != nil {
			fmt.Fprintf(m.Stderr, "tradeguard advise: %v\n", err)
			return exitError
		}
		return exitOK
	}
	fmt.Fprint(m.Stdout, bot.Text(adv))
	return exitOK
}
