package main

import (
	"context"
	"fmt"
	"strings"
)

func runForget(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("forget", "--user ID [--platform P]",
		"Erases a buyer's data (right to erasure): their cases with events and queued notices, and their\n"+
			"advice audit records. Cases under legal hold (`tradeguard cases hold REF`) are kept and listed.\n"+
			"Lawyers' systems that already received a case must be asked separately.")
	user := fs.String("user", "", "the buyer's platform user `ID` (Slack U…, Discord snowflake, \"terminal\")")
	platform := fs.String("platform", "", "only this `platform` (slack, discord, terminal); default every platform")
	asJSON := fs.Bool("json", false, "print what was erased as JSON")
	if _, code, ok := m.parseArgs(fs, args, 0); !ok {
		return code
	}
	if strings.TrimSpace(*user) == "" {
		fmt.Fprintln(m.Stderr, "tradeguard forget: --user ID is required")
		fs.Usage()
		return exitUsage
	}
	return m.withStore(ctx, "forget", func(st storeHandle, cfg Config) error {
		e, err := st.ForgetBuyer(ctx, *platform, *user)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(m.Stdout, e)
		}
		who := "user " + *user
		if *platform != "" {
			who = *platform + " " + who
		}
		fmt.Fprintf(m.Stdout, "Erased for %s: %d case(s)%s and %d advice record(s).\n", who, len(e.Deleted), refList(e.Deleted), e.AdviceRecords)
		if len(e.Held) > 0 {
			fmt.Fprintf(m.Stdout, "Kept under legal hold: %d case(s)%s. Lift a hold with `tradeguard cases hold REF --off`, then run forget again.\n",
				len(e.Held), refList(e.Held))
		}
		fmt.Fprintln(m.Stdout, "Not covered: conversations a running serve holds in memory (they expire within 24 hours), and lawyers' systems that already received a case.")
		return nil
	})
}

func refList(refs []string) string {
	if len(refs) == 0 {
		return ""
	}
	return " (" + strings.Join(refs, ", ") + ")"
}
