// Package postgres is TradeGuard's PostgreSQL store (pgx/v5, pgxpool):
// cases, the outbox and the audit log, shared safely by several replicas.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"tradeguard/advisor"
	"tradeguard/advisor/store"
	"tradeguard/advisor/store/internal/sqlstore"
	"tradeguard/migrations"
)

// channel is the NOTIFY channel that wakes relays when notices are queued.
const channel = "tradeguard_outbox"

// DB is the PostgreSQL store. It implements advisor.Store through the
// embedded sqlstore.Store (queries go through pgx's database/sql adapter on
// the same pgxpool).
type DB struct {
	*sqlstore.Store
	Pool *pgxpool.Pool
	sql  *sql.DB

	listenOnce sync.Once
	stop       context.CancelFunc
	done       chan struct{}
}

var _ advisor.Store = (*DB)(nil)

// Open connects to dsn (a postgres:// URL or key=value string). It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: DATABASE_URL: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	sdb := stdlib.OpenDBFromPool(pool)
	s := sqlstore.New(sdb, sqlstore.Dialect{
		Name: "postgres",
		NextNumber: func(ctx context.Context, tx *sql.Tx) (n int64, err error) {
			err = tx.QueryRowContext(ctx, `SELECT nextval('case_number_seq')`).Scan(&n)
			return n, err
		},
		Lock:       " FOR UPDATE",
		SkipLocked: " FOR UPDATE SKIP LOCKED",
		Time:       sqlstore.TimeArg,
		Notify: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_notify('`+channel+`', '')`)
			return err
		},
		Transient: Transient,
	})
	return &DB{Store: s, Pool: pool, sql: sdb}, nil
}

// Migrator returns the migrator of the embedded migrations/postgres, under
// goose's session advisory lock so replicas starting at once take turns.
func (db *DB) Migrator() (*store.Migrator, error) {
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 600), lock.WithUnlockTimeout(1, 60))
	if err != nil {
		return nil, err
	}
	return store.NewMigrator(db.sql, goose.DialectPostgres, migrations.Postgres(), goose.WithSessionLocker(locker))
}

// Migrate applies pending migrations.
func (db *DB) Migrate(ctx context.Context) ([]store.Migration, error) {
	m, err := db.Migrator()
	if err != nil {
		return nil, err
	}
	return m.Up(ctx)
}

// NoticeSignal receives a value when any replica queues a notice: the first
// call starts a LISTEN on a connection of its own, which reconnects by
// itself after the server restarts (and then signals, in case something was
// queued meanwhile).
func (db *DB) NoticeSignal() <-chan struct{} {
	db.listenOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		db.stop, db.done = cancel, make(chan struct{})
		go db.listen(ctx)
	})
	return db.Store.NoticeSignal()
}

func (db *DB) listen(ctx context.Context) {
	defer close(db.done)
	delay := 250 * time.Millisecond
	for ctx.Err() == nil {
		if db.listen1(ctx) {
			delay = 250 * time.Millisecond
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		delay = min(delay*2, 10*time.Second)
	}
}

// listen1 listens until the connection fails; it reports whether it got as
// far as listening.
func (db *DB) listen1(ctx context.Context) bool {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.ConnectConfig(cctx, db.Pool.Config().ConnConfig.Copy())
	cancel()
	if err != nil {
		return false
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+channel); err != nil {
		return false
	}
	db.Wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true
		}
		db.Wake()
	}
}

// Close stops listening and closes the pool.
func (db *DB) Close() error {
	if db.stop != nil {
		db.stop()
		<-db.done
	}
	err := db.sql.Close()
	db.Pool.Close()
	return err
}

// Transient reports whether err means the connection or server failed (or
// the transaction lost a serialization race), so that the whole transaction
// may be run again. Constraint violations and other SQL errors are not.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "08"), // connection exception
			pgErr.Code == "40001", // serialization_failure
			pgErr.Code == "40P01", // deadlock_detected
			pgErr.Code == "57P01", // admin_shutdown
			pgErr.Code == "57P02", // crash_shutdown
			pgErr.Code == "57P03", // cannot_connect_now
			pgErr.Code == "53300": // too_many_connections
			return true
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if pgconn.SafeToRetry(err) || errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"conn closed", "connection reset", "broken pipe", "connection refused",
		"unexpected EOF", "failed to connect", "server closed the connection", "the database system is"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
