package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"tradeguard/advisor"
)

const casesUsage = `Usage: tradeguard cases <command> [flags] [REF]

Lists and handles the cases buyers handed to the AC&E legal team.

Commands:
  list [--status S]            cases, newest first (S: new, accepted, closed, withdrawn)
  show REF                     the whole evidence packet, readable
  export REF                   the case as JSON
  accept REF --lawyer NAME     assign a lawyer and accept a new case (the buyer is told)
  close REF --resolution TEXT  close a case (the buyer is told) [--lawyer NAME]
  hold REF [--off]             put a case under legal hold (kept through erasure), or lift it
  retry REF                    queue a case's dead notices again, once the receiver is fixed

Run "tradeguard cases <command> --help" for its flags. The store is PostgreSQL
when DATABASE_URL is set, else the SQLite file in DATA_DIR.
`

func runCases(ctx context.Context, m *Main, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, casesUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(m.Stdout, casesUsage)
		return exitOK
	}
	type sub struct {
		args, about string
		run         func(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int
	}
	subs := map[string]sub{
		"list":   {"", "Lists cases, newest first, with the state of the lawyers' notice (pending, sent, dead, cancelled).", casesList},
		"show":   {"REF", "Shows a case's whole evidence packet: status, buyer, consent, facts, red flags with evidence,\ninputs, transcript, events and the state of every notice.", casesShow},
		"export": {"REF", "Prints a case as one JSON object (the same shape the webhook sends).", casesExport},
		"accept": {"REF --lawyer NAME", "Accepts a new case for a lawyer; the buyer is told on the platform the case came from.", casesAccept},
		"close":  {"REF --resolution TEXT", "Closes a new or accepted case with a resolution; the buyer is told.", casesClose},
		"hold":   {"REF", "Puts a case under legal hold: `tradeguard forget` keeps it (and lists it). --off lifts the hold.", casesHold},
		"retry":  {"REF", "Queues a case's dead notices again with fresh attempts (after fixing the receiver).", casesRetry},
	}
	s, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "tradeguard cases: unknown command %q\n\n%s", args[0], casesUsage)
		return exitUsage
	}
	fs := m.newFlagSet("cases "+args[0], s.args, s.about)
	return s.run(ctx, m, fs, args[1:])
}

// parseArgs parses flags that may come before or after the positional
// arguments ("accept REF --lawyer NAME") and checks their number (any
// number when want < 0).
func (m *Main) parseArgs(fs *flag.FlagSet, args []string, want int) ([]string, int, bool) {
	var pos []string
	for {
		if code, ok := m.parseFlags(fs, args); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if want >= 0 && len(pos) != want {
		if want == 0 {
			fmt.Fprintf(m.Stderr, "tradeguard %s: unexpected arguments %q\n", fs.Name(), pos)
		} else {
			fmt.Fprintf(m.Stderr, "tradeguard %s: give one case reference, such as ACE-2026-000123\n", fs.Name())
		}
		fs.Usage()
		return nil, exitUsage, false
	}
	return pos, 0, true
}

// refArg parses the one REF argument.
func (m *Main) refArg(fs *flag.FlagSet, args []string) (string, int, bool) {
	pos, code, ok := m.parseArgs(fs, args, 1)
	if !ok {
		return "", code, false
	}
	ref, err := advisor.ParseRef(pos[0])
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard %s: %s\n", fs.Name(), advisor.ErrorMessage(err))
		return "", exitUsage, false
	}
	return ref, 0, true
}

// withStore opens the case store, runs fn and reports its error.
func (m *Main) withStore(ctx context.Context, name string, fn func(st storeHandle, cfg Config) error) int {
	cfg, ok := m.config()
	if !ok {
		return exitUsage
	}
	st, _, ok := m.openCaseStore(ctx, name, cfg)
	if !ok {
		return exitError
	}
	defer st.Close()
	if err := fn(st, cfg); err != nil {
		msg := advisor.ErrorMessage(err)
		if advisor.ErrorCode(err) == advisor.EINTERNAL || advisor.ErrorCode(err) == advisor.EUNAVAILABLE {
			msg = advisor.Redact(err.Error())
		}
		fmt.Fprintf(m.Stderr, "tradeguard %s: %s\n", name, msg)
		return exitError
	}
	return exitOK
}

func casesList(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	status := fs.String("status", "", "only cases with this `status`: new, accepted, closed or withdrawn")
	platform := fs.String("platform", "", "only cases from this `platform` (slack, discord, terminal)")
	user := fs.String("user", "", "only cases of this platform user `ID`")
	limit := fs.Int("limit", 100, "at most `N` cases")
	asJSON := fs.Bool("json", false, "print the cases as JSON")
	if _, code, ok := m.parseArgs(fs, args, 0); !ok {
		return code
	}
	switch advisor.CaseStatus(*status) {
	case "", advisor.CaseNew, advisor.CaseAccepted, advisor.CaseClosed, advisor.CaseWithdrawn:
	default:
		fmt.Fprintf(m.Stderr, "tradeguard cases list: --status %q is not new, accepted, closed or withdrawn\n", *status)
		return exitUsage
	}
	return m.withStore(ctx, "cases list", func(st storeHandle, cfg Config) error {
		cs, err := st.FindCases(ctx, advisor.CaseFilter{Status: advisor.CaseStatus(*status), Platform: *platform, UserID: *user, Limit: *limit})
		if err != nil {
			return err
		}
		if *asJSON {
			if cs == nil {
				cs = []*advisor.Case{}
			}
			return writeJSON(m.Stdout, cs)
		}
		if len(cs) == 0 {
			fmt.Fprintln(m.Stdout, "No cases.")
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "REF\tSTATUS\tCREATED (UTC)\tLEVEL\tBUYER\tLAWYER\tLAWYERS' NOTICE\tHOLD")
		for _, c := range cs {
			hold := ""
			if c.LegalHold {
				hold = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Ref, c.Status, c.CreatedAt.UTC().Format("2006-01-02 15:04"),
				dash(string(c.Advice.Level)), oneLine(buyerLabel(c.Buyer), 30), oneLine(dash(c.Lawyer), 24), noticeLabel(c.NoticeState), hold)
		}
		return tw.Flush()
	})
}

func noticeLabel(s string) string {
	switch s {
	case advisor.NoticeDead:
		return "DEAD (cases retry)"
	case "":
		return "-"
	}
	return s
}

func buyerLabel(id advisor.Identity) string {
	s := id.Platform + ":" + id.UserID
	if id.UserName != "" && id.UserName != id.UserID {
		s += " (" + id.UserName + ")"
	}
	return s
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// oneLine keeps a value on one table line, clipped to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func casesExport(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	return m.withStore(ctx, "cases export", func(st storeHandle, cfg Config) error {
		c, err := st.FindCaseByRef(ctx, ref)
		if err != nil {
			return err
		}
		return writeJSON(m.Stdout, c)
	})
}

func casesShow(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	return m.withStore(ctx, "cases show", func(st storeHandle, cfg Config) error {
		c, err := st.FindCaseByRef(ctx, ref)
		if err != nil {
			return err
		}
		printCase(m.Stdout, c)
		return nil
	})
}

func casesAccept(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	lawyer := fs.String("lawyer", "", "`NAME` of the lawyer who takes the case (required)")
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	if strings.TrimSpace(*lawyer) == "" {
		fmt.Fprintln(m.Stderr, "tradeguard cases accept: --lawyer NAME is required")
		fs.Usage()
		return exitUsage
	}
	return m.withStore(ctx, "cases accept", func(st storeHandle, cfg Config) error {
		c, err := st.AcceptCase(ctx, ref, *lawyer)
		if err != nil {
			return err
		}
		m.settleTerminal(ctx, cfg, st)
		fmt.Fprintf(m.Stdout, "%s accepted by %s. %s\n", c.Ref, c.Lawyer, buyerTold(c))
		return nil
	})
}

func casesClose(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	resolution := fs.String("resolution", "", "`TEXT` saying what was decided or done for the buyer (required; the buyer reads it)")
	lawyer := fs.String("lawyer", "", "`NAME` of the closing lawyer (default: the assigned one)")
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	if strings.TrimSpace(*resolution) == "" {
		fmt.Fprintln(m.Stderr, "tradeguard cases close: --resolution TEXT is required")
		fs.Usage()
		return exitUsage
	}
	return m.withStore(ctx, "cases close", func(st storeHandle, cfg Config) error {
		c, err := st.CloseCase(ctx, ref, *lawyer, *resolution)
		if err != nil {
			return err
		}
		m.settleTerminal(ctx, cfg, st)
		fmt.Fprintf(m.Stdout, "%s closed. %s\n", c.Ref, buyerTold(c))
		return nil
	})
}

// buyerTold says how the buyer learns of a status change.
func buyerTold(c *advisor.Case) string {
	if slices.Contains(silentPlatforms, c.Buyer.Platform) {
		return "The buyer sees it with `tradeguard cases show " + c.Ref + "` or `status " + c.Ref + "` in the chat."
	}
	return "The buyer will be told on " + c.Buyer.Platform + " (by the relay of `tradeguard serve`)."
}

// settleTerminal settles the notices of terminal buyers at once (they have
// no push channel), so they do not wait for a serve relay.
func (m *Main) settleTerminal(ctx context.Context, cfg Config, st storeHandle) {
	r := newRelay(Config{}, st, nil, nil, m.cmdLogger(cfg))
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, _ = r.Drain(dctx)
}

func casesHold(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	off := fs.Bool("off", false, "lift the legal hold")
	by := fs.String("by", "", "`NAME` recorded as who placed or lifted the hold (default: operator)")
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	return m.withStore(ctx, "cases hold", func(st storeHandle, cfg Config) error {
		c, err := st.SetLegalHold(ctx, ref, !*off, *by)
		if err != nil {
			return err
		}
		if c.LegalHold {
			fmt.Fprintf(m.Stdout, "%s is under legal hold: erasure requests keep it (and list it).\n", c.Ref)
		} else {
			fmt.Fprintf(m.Stdout, "%s is no longer under legal hold.\n", c.Ref)
		}
		return nil
	})
}

func casesRetry(ctx context.Context, m *Main, fs *flag.FlagSet, args []string) int {
	by := fs.String("by", "", "`NAME` recorded as who queued the notices again (default: operator)")
	ref, code, ok := m.refArg(fs, args)
	if !ok {
		return code
	}
	return m.withStore(ctx, "cases retry", func(st storeHandle, cfg Config) error {
		n, err := st.RetryNotices(ctx, ref, *by)
		if err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintf(m.Stdout, "%s has no dead notices.\n", ref)
			return nil
		}
		fmt.Fprintf(m.Stdout, "%s: %d dead notice(s) queued again; the relay of `tradeguard serve` (or chat) sends them.\n", ref, n)
		return nil
	})
}

// printCase writes the whole case for a person to read.
func printCase(w io.Writer, c *advisor.Case) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	p("Case %s — %s\n", c.Ref, strings.ToUpper(string(c.Status)))
	p("  Created      %s\n  Updated      %s\n", ts(c.CreatedAt), ts(c.UpdatedAt))
	p("  Lawyer       %s\n", dash(c.Lawyer))
	if c.Resolution != "" {
		p("  Resolution   %s\n", c.Resolution)
	}
	hold := "no"
	if c.LegalHold {
		hold = "yes (kept through erasure requests)"
	}
	p("  Legal hold   %s\n", hold)
	p("  Notice       %s\n", noticeLabel(c.NoticeState))

	p("\nBuyer\n")
	p("  %s", buyerLabel(c.Buyer))
	for _, kv := range [][2]string{{"team", c.Buyer.TeamID}, {"channel", c.Buyer.Channel}, {"thread", c.Buyer.Thread}} {
		if kv[1] != "" {
			p(", %s %s", kv[0], kv[1])
		}
	}
	p("\n  Contact      %s\n", dash(c.Consent.Contact))
	if c.Consent.Note != "" {
		p("  Note         %s\n", indent(c.Consent.Note, "               "))
	}

	p("\nConsent\n")
	p("  Given        %s by %s (statement version %s)\n", ts(c.Consent.At), buyerLabel(c.Consent.Buyer), dash(c.Consent.Version))
	p("  Statement    %s\n", indent(c.Consent.Text, "               "))
	for i, s := range c.Consent.Shared {
		label := "           "
		if i == 0 {
			label = "Shared     "
		}
		p("  %s - %s\n", label, s)
	}

	a := c.Advice
	p("\nVerdict\n")
	p("  Level        %s (score %d/100), ruleset %s\n", strings.ToUpper(dash(string(a.Level))), a.Score, dash(a.Ruleset))
	if a.EscalationReason != "" {
		p("  Why a lawyer %s\n", indent(a.EscalationReason, "               "))
	}
	if facts := factLines(a.Facts); len(facts) > 0 {
		p("\nFacts\n")
		for _, f := range facts {
			p("  %s\n", f)
		}
	}
	p("\nRed flags (%d)\n", len(a.Flags))
	for i, f := range a.Flags {
		p("  %d. [%s] %s (%s)\n", i+1, f.Severity, f.Title, f.ID)
		if f.Evidence != "" {
			p("     Evidence: %q\n", f.Evidence)
		}
		if f.Advice != "" {
			p("     Advice:   %s\n", indent(f.Advice, "               "))
		}
		if f.Source != "" {
			p("     Source:   %s\n", f.Source)
		}
	}

	p("\nInputs (%d)\n", len(c.Inputs))
	if c.Status == advisor.CaseWithdrawn && len(c.Inputs) == 0 {
		p("  (erased when the buyer withdrew consent)\n")
	}
	for i, in := range c.Inputs {
		p("  --- message %d ---\n  %s\n", i+1, indent(in, "  "))
	}
	p("\nTranscript (%d turns)\n", len(c.Transcript))
	for _, t := range c.Transcript {
		p("  [%s] %s: %s\n", t.At.UTC().Format("2006-01-02 15:04:05"), t.Role, indent(t.Text, "      "))
	}

	p("\nEvents\n")
	for _, e := range c.Events {
		p("  %s  %-18s %-15s %s\n", e.At.UTC().Format("2006-01-02 15:04:05"), e.Actor, e.Kind, e.Detail)
	}
	p("\nNotices\n")
	if len(c.Notices) == 0 {
		p("  none\n")
	}
	for _, n := range c.Notices {
		line := fmt.Sprintf("  %-15s -> %-16s %-9s attempts %d", n.Kind, n.Destination, n.State, n.Attempts)
		switch n.State {
		case advisor.NoticeSent:
			line += ", sent " + ts(n.SentAt)
		case advisor.NoticePending:
			line += ", next try " + ts(n.NextAt)
			if n.Destination == advisor.DestinationLawyers {
				line += " (waiting for a relay with a lawyers' destination: ESCALATION_WEBHOOK_URL, Slack or Discord)"
			}
		}
		if n.LastError != "" && n.State == advisor.NoticeSkipped {
			line += ": " + n.LastError
		} else if n.LastError != "" {
			line += ", last error: " + n.LastError
		}
		p("%s\n", line)
	}
}

// factLines lists the known facts as "name: value", in the JSON order.
func factLines(f advisor.Facts) []string {
	b, err := json.Marshal(f)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	var out []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return out
		}
		s := string(v)
		if s == "null" || s == `""` || s == "[]" || s == "{}" {
			continue
		}
		var str string
		if json.Unmarshal(v, &str) == nil {
			s = str
		}
		out = append(out, fmt.Sprintf("%-24s %s", fmt.Sprint(k)+":", s))
	}
	return out
}

// indent puts prefix before every line after the first.
func indent(s, prefix string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
