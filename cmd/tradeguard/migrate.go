package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"
)

func runMigrate(ctx context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("migrate", "[up|status]",
		"Applies the database migrations (up, the default) or lists them (status). The store is PostgreSQL\n"+
			"when DATABASE_URL is set, else the SQLite file in DATA_DIR. Each migration runs in a transaction and\n"+
			"is recorded by its version; on PostgreSQL an advisory lock makes replicas starting together take turns.\n"+
			"serve, chat and cases apply pending migrations by themselves.")
	pos, code, ok := m.parseArgs(fs, args, -1)
	if !ok {
		return code
	}
	action := "up"
	switch len(pos) {
	case 0:
	case 1:
		action = pos[0]
	default:
		fmt.Fprintf(m.Stderr, "tradeguard migrate: unexpected arguments %q\n", pos[1:])
		fs.Usage()
		return exitUsage
	}
	if action != "up" && action != "status" {
		fmt.Fprintf(m.Stderr, "tradeguard migrate: unknown action %q (use up or status)\n", action)
		fs.Usage()
		return exitUsage
	}
	cfg, ok := m.config()
	if !ok {
		return exitUsage
	}
	st, err := openRawStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard migrate: %s: %v\n", storeName(cfg), err)
		return exitError
	}
	defer st.Close()
	mg, err := st.Migrator()
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard migrate: %v\n", err)
		return exitError
	}
	if action == "up" {
		applied, err := mg.Up(ctx)
		for _, a := range applied {
			fmt.Fprintf(m.Stdout, "applied %s\n", a.Name)
		}
		if err != nil {
			fmt.Fprintf(m.Stderr, "tradeguard migrate: %s: %v\n", storeName(cfg), err)
			return exitError
		}
		if len(applied) == 0 {
			fmt.Fprintf(m.Stdout, "%s is up to date.\n", storeName(cfg))
		}
		return exitOK
	}
	list, err := mg.Status(ctx)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard migrate: %s: %v\n", storeName(cfg), err)
		return exitError
	}
	fmt.Fprintf(m.Stdout, "%s\n", storeName(cfg))
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tAPPLIED (UTC)")
	for _, s := range list {
		at := "pending"
		if s.Applied {
			at = s.AppliedAt.UTC().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Version, s.Name, at)
	}
	tw.Flush()
	return exitOK
}
