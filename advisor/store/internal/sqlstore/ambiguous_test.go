package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pressly/goose/v3"
	msqlite "modernc.org/sqlite"

	"tradeguard/advisor"
	"tradeguard/advisor/store"
	"tradeguard/advisor/store/internal/sqlstore"
	"tradeguard/advisor/store/storetest"
	"tradeguard/migrations"
)

// errAmbiguous is what a client sees when the connection dies while the
// server commits: the transaction may or may not have been committed.
var errAmbiguous = errors.New("connection lost during COMMIT")

// ambiguousDriver wraps the SQLite driver; while lose > 0 a COMMIT succeeds
// but reports errAmbiguous, like a COMMIT whose answer was lost.
type ambiguousDriver struct {
	inner driver.Driver
	lose  *atomic.Int32
}

func (d ambiguousDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &ambiguousConn{Conn: c, lose: d.lose}, nil
}

type ambiguousConn struct {
	driver.Conn
	lose *atomic.Int32
}

func (c *ambiguousConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return ambiguousTx{Tx: tx, lose: c.lose}, nil
}

func (c *ambiguousConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *ambiguousConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

type ambiguousTx struct {
	driver.Tx
	lose *atomic.Int32
}

func (t ambiguousTx) Commit() error {
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	if t.lose.Add(-1) >= 0 {
		return errAmbiguous
	}
	return nil
}

var lose atomic.Int32

func init() {
	sql.Register("sqlite-ambiguous", ambiguousDriver{inner: &msqlite.Driver{}, lose: &lose})
}

// TestAmbiguousCommit: the first COMMIT of a case succeeds but its answer is
// lost. The store retries the transaction with the same idempotency key and
// returns the case that was committed, not a second one.
func TestAmbiguousCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tg.db")
	db, err := sql.Open("sqlite-ambiguous", path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := store.NewMigrator(db, goose.DialectSQLite3, migrations.SQLite())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	retries := 0
	s := sqlstore.New(db, sqlstore.Dialect{
		Name: "sqlite",
		NextNumber: func(ctx context.Context, tx *sql.Tx) (n int64, err error) {
			err = tx.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'case_number' RETURNING value`).Scan(&n)
			return n, err
		},
		Time:      sqlstore.MicrosArg,
		Transient: func(err error) bool { return errors.Is(err, errAmbiguous) },
	})
	s.OnRetry = func(string, error) { retries++ }

	lose.Store(1)
	c := storetest.NewCase(storetest.Buyer, "click-1", time.Now())
	if err := s.CreateCase(ctx, c); err != nil {
		t.Fatalf("CreateCase after an ambiguous COMMIT: %v", err)
	}
	if retries != 1 || c.Ref != "ACE-"+time.Now().UTC().Format("2006")+"-000001" || c.Status != advisor.CaseNew {
		t.Errorf("retries %d, case %s %s; want 1 retry and the first case", retries, c.Ref, c.Status)
	}
	cs, err := s.FindCases(ctx, advisor.CaseFilter{})
	if err != nil || len(cs) != 1 {
		t.Fatalf("%d cases stored (%v), want 1", len(cs), err)
	}
	ns, err := s.ClaimNotices(ctx, advisor.Claim{Destinations: []string{"webhook"}, Fanout: []string{"webhook"}})
	if err != nil || len(ns) != 1 {
		t.Errorf("%d notices (%v), want 1", len(ns), err)
	}

	// The same for a lost answer to a status change: accepting again by the
	// same lawyer is a no-op, so the retry succeeds.
	lose.Store(1)
	got, err := s.AcceptCase(ctx, c.Ref, "Ana Li")
	if err != nil || got.Status != advisor.CaseAccepted || len(got.Events) != 2 {
		t.Errorf("AcceptCase after an ambiguous COMMIT: %v, %+v", err, got)
	}
	// When the database stays unreachable past RetryFor, the buyer is told
	// nothing was sent (EUNAVAILABLE), not "internal error".
	s.RetryFor = 100 * time.Millisecond
	lose.Store(1000)
	err = s.CreateCase(ctx, storetest.NewCase(storetest.Buyer, "click-2", time.Now()))
	if advisor.ErrorCode(err) != advisor.EUNAVAILABLE {
		t.Errorf("store down: %v, want EUNAVAILABLE", err)
	}
	lose.Store(0)
}
