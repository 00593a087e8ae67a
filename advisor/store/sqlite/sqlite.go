// Package sqlite is TradeGuard's embedded store (modernc.org/sqlite, pure
// Go, so CGO_ENABLED=0 builds keep it): one file in DATA_DIR, for the
// zero-config start and a single process at a time writing.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressly/goose/v3"
	msqlite "modernc.org/sqlite"

	"tradeguard/advisor"
	"tradeguard/advisor/store"
	"tradeguard/advisor/store/internal/sqlstore"
	"tradeguard/migrations"
)

// DB is the SQLite store. It implements advisor.Store through the embedded
// sqlstore.Store.
type DB struct {
	*sqlstore.Store
	// Path is the database file.
	Path string
	sql  *sql.DB
}

var _ advisor.Store = (*DB)(nil)

// Open opens (creating it, readable by its owner only) the database file at
// path. Every connection enforces foreign keys, uses WAL, waits up to 10 s
// for a busy database and begins transactions IMMEDIATE, so writers queue
// instead of failing to upgrade a read lock. It does not migrate; call
// Migrate.
func Open(ctx context.Context, path string) (*DB, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q must not contain ? or #", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	} else {
		f.Close()
	}
	dsn := path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	sdb.SetMaxOpenConns(8)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	s := sqlstore.New(sdb, sqlstore.Dialect{
		Name: "sqlite",
		NextNumber: func(ctx context.Context, tx *sql.Tx) (n int64, err error) {
			err = tx.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'case_number' RETURNING value`).Scan(&n)
			return n, err
		},
		Time:      sqlstore.MicrosArg,
		Transient: Transient,
	})
	return &DB{Store: s, Path: path, sql: sdb}, nil
}

// Migrator returns the migrator of the embedded migrations/sqlite.
func (db *DB) Migrator() (*store.Migrator, error) {
	return store.NewMigrator(db.sql, goose.DialectSQLite3, migrations.SQLite())
}

// Migrate applies pending migrations. Two processes starting on a fresh
// file at once may race on the first migration; the loser sees it applied
// on its second try.
func (db *DB) Migrate(ctx context.Context) ([]store.Migration, error) {
	m, err := db.Migrator()
	if err != nil {
		return nil, err
	}
	out, err := m.Up(ctx)
	if err != nil {
		if again, err2 := m.Up(ctx); err2 == nil {
			return append(out, again...), nil
		}
	}
	return out, err
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Transient reports whether err is SQLite being busy or locked, which a
// retried transaction can get past.
func Transient(err error) bool {
	var e *msqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return true
		}
	}
	return false
}
