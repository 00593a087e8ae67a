package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresURL is the test server when TRADEGUARD_TEST_DATABASE_URL is
// unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL creates an empty database of its own on the test server
// (TRADEGUARD_TEST_DATABASE_URL) and returns its URL; the database is
// dropped when tb ends. Tests of other packages may run at the same time,
// so every caller gets a uniquely named database. When the server cannot be
// reached the test is skipped, or fails when CI=true.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv("TRADEGUARD_TEST_DATABASE_URL")
	if admin == "" {
		admin = DefaultPostgresURL
	}
	sharePostgres(tb) // before connecting: a restart in progress is waited for
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		tb.Skipf("PostgreSQL not reachable (set TRADEGUARD_TEST_DATABASE_URL): %v", err)
	}
	defer conn.Close(context.Background())
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "tg_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		// The server may have been restarted by a fault test: retry.
		for {
			c, err := pgx.Connect(ctx, admin)
			if err == nil {
				_, err = c.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
				c.Close(context.Background())
				if err == nil {
					return
				}
			}
			if ctx.Err() != nil {
				tb.Logf("drop test database %s: %v", name, err)
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
	})
	u, err := url.Parse(admin)
	if err != nil || u.Scheme == "" {
		// key=value form
		return replaceDBName(admin, name)
	}
	u.Path = "/" + name
	return u.String()
}

func replaceDBName(dsn, name string) string {
	var parts []string
	found := false
	for _, f := range strings.Fields(dsn) {
		if strings.HasPrefix(f, "dbname=") {
			f, found = "dbname="+name, true
		}
		parts = append(parts, f)
	}
	if !found {
		parts = append(parts, "dbname="+name)
	}
	return strings.Join(parts, " ")
}
