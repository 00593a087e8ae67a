package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/store/sqlite"
	"tradeguard/advisor/store/storetest"
)

// MustOpen opens and migrates a store in a temporary directory.
func MustOpen(tb testing.TB, now func() time.Time) *sqlite.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "data", "tradeguard.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	if now != nil {
		db.Now = now
	}
	return db
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) advisor.Store { return MustOpen(t, now) })
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t, nil)
	m, err := db.Migrator()
	if err != nil {
		t.Fatal(err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) == 0 || !st[0].Applied || st[0].Name != "00001_cases.sql" || st[0].AppliedAt.IsZero() {
		t.Errorf("status %+v", st)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("second Migrate applied %v, %v; want nothing", again, err)
	}
}

func BenchmarkCreateCase(b *testing.B) {
	storetest.BenchmarkCreateCase(b, MustOpen(b, nil))
}
