package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/store/postgres"
	"tradeguard/advisor/store/storetest"
)

// MustOpen opens and migrates a store on dsn.
func MustOpen(tb testing.TB, dsn string, now func() time.Time) *postgres.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, dsn)
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
	dsn := storetest.PostgresURL(t)
	storetest.Run(t, func(t *testing.T, now func() time.Time) advisor.Store {
		db := MustOpen(t, dsn, now)
		// Each subtest starts empty (pkgsite's ResetTestDB).
		_, err := db.Pool.Exec(context.Background(), `TRUNCATE cases, case_events, outbox, advice_log, erasures RESTART IDENTITY;
			ALTER SEQUENCE case_number_seq RESTART`)
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

// TestMigrateConcurrently starts several migrators on an empty database at
// once, as replicas starting together do: the advisory lock makes them take
// turns, so all succeed and each migration is applied once.
func TestMigrateConcurrently(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	ctx := context.Background()
	const n = 3
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied = map[string]int{}
	)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := postgres.Open(ctx, dsn)
			if err != nil {
				t.Error(err)
				return
			}
			defer db.Close()
			ms, err := db.Migrate(ctx)
			if err != nil {
				t.Errorf("concurrent migrate: %v", err)
				return
			}
			mu.Lock()
			for _, m := range ms {
				applied[m.Name]++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if applied["00001_cases.sql"] != 1 {
		t.Errorf("applied %v; want each migration exactly once", applied)
	}
	db := MustOpen(t, dsn, nil)
	m, err := db.Migrator()
	if err != nil {
		t.Fatal(err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Applied {
			t.Errorf("%s not applied", s.Name)
		}
	}
}

func TestTransient(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{context.Canceled, false},
		{advisor.Errorf(advisor.ECONFLICT, "x"), false},
	} {
		if got := postgres.Transient(tt.err); got != tt.want {
			t.Errorf("Transient(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestNotifyAcrossReplicas: a case created through one pool wakes the relay
// of another (LISTEN/NOTIFY), not only the process that created it.
func TestNotifyAcrossReplicas(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	a := MustOpen(t, dsn, nil)
	b := MustOpen(t, dsn, nil)
	sig := b.NoticeSignal()
	// The listener signals once it is listening; wait for that.
	select {
	case <-sig:
	case <-time.After(10 * time.Second):
		t.Fatal("listener did not start")
	}
	c := storetest.NewCase(storetest.Buyer, "notify", time.Now())
	if err := a.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sig:
	case <-time.After(10 * time.Second):
		t.Fatal("replica b was not woken by replica a's case")
	}
}

func BenchmarkCreateCase(b *testing.B) {
	storetest.BenchmarkCreateCase(b, MustOpen(b, storetest.PostgresURL(b), nil))
}
