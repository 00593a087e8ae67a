package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"

	"tradeguard/advisor"
)

// Dialect is what differs between the databases.
type Dialect struct {
	// Name is "postgres" or "sqlite".
	Name string
	// NextNumber returns the next case number inside tx: a sequence on
	// PostgreSQL (unique across replicas), a counter row on SQLite.
	NextNumber func(ctx context.Context, tx *sql.Tx) (int64, error)
	// Lock ends a SELECT of a row the transaction will change: " FOR
	// UPDATE" on PostgreSQL; "" on SQLite, whose write transactions are
	// serial (BEGIN IMMEDIATE).
	Lock string
	// SkipLocked ends the SELECT that picks due notices, so concurrent
	// relays take different rows: " FOR UPDATE SKIP LOCKED" on PostgreSQL.
	SkipLocked string
	// Time encodes a time as a query argument (TIMESTAMPTZ on PostgreSQL,
	// unix microseconds on SQLite). Scanning accepts either.
	Time func(time.Time) any
	// Notify runs in a transaction that queued notices, to wake relays in
	// other processes (PostgreSQL NOTIFY). Optional.
	Notify func(ctx context.Context, tx *sql.Tx) error
	// Transient reports whether a failed transaction may be retried: the
	// connection broke, the server restarted or the database was busy.
	Transient func(error) bool
}

// Store implements advisor.Store on a *sql.DB.
type Store struct {
	DB *sql.DB
	D  Dialect
	// Now is the clock (default time.Now).
	Now func() time.Time
	// RetryFor bounds how long a transaction is retried after transient
	// errors, such as a PostgreSQL restart (default 30 s; the caller's
	// context may end it sooner).
	RetryFor time.Duration
	// OnRetry, when set, is told of each transient failure before the
	// transaction is retried (for logs and tests).
	OnRetry func(op string, err error)

	signal chan struct{}
}

// New returns a Store for db.
func New(db *sql.DB, d Dialect) *Store {
	return &Store{DB: db, D: d, Now: time.Now, RetryFor: 30 * time.Second, signal: make(chan struct{}, 1)}
}

var (
	_ advisor.Store = (*Store)(nil)
)

// Close is a no-op: the owner of DB closes it.
func (s *Store) Close() error { return nil }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// NoticeSignal receives a value after this process queues a notice. The
// PostgreSQL store also feeds it from LISTEN.
func (s *Store) NoticeSignal() <-chan struct{} { return s.signal }

// Wake signals NoticeSignal without blocking.
func (s *Store) Wake() {
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// now returns the store's time in UTC at the microsecond precision both
// databases keep, so what CreateCase returns equals what is read back.
func (s *Store) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Microsecond)
}

type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in a transaction. With retry, a transaction that failed for a
// transient reason (connection lost, server restarting, database busy) is
// run again with back-off for up to RetryFor; fn must then be safe to run
// again, which every caller ensures with unique keys or state checks (an
// ambiguous COMMIT may have succeeded). Coded errors return at once.
func (s *Store) inTx(ctx context.Context, op string, retry bool, fn func(tx *sql.Tx) error) error {
	limit := s.RetryFor
	if limit <= 0 {
		limit = 30 * time.Second
	}
	deadline := time.Now().Add(limit)
	delay := 50 * time.Millisecond
	for {
		err := s.tx1(ctx, fn)
		if err == nil {
			return nil
		}
		var coded *advisor.Error
		if errors.As(err, &coded) {
			return err
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		transient := s.D.Transient != nil && s.D.Transient(err)
		if !transient {
			return fmt.Errorf("%s: %w", op, err)
		}
		if !retry || time.Now().After(deadline) {
			return fmt.Errorf("%s: %w: %v", op, advisor.Errorf(advisor.EUNAVAILABLE,
				"The case store is unavailable right now; nothing was sent. Please try again in a minute."), err)
		}
		if s.OnRetry != nil {
			s.OnRetry(op, err)
		}
		wait := delay/2 + mrand.N(delay/2+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w", op, err)
		case <-t.C:
		}
		delay = min(delay*2, time.Second)
	}
}

func (s *Store) tx1(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// packet is the evidence packet stored as JSON with a case.
type packet struct {
	Buyer      advisor.Identity `json:"buyer"`
	Consent    advisor.Consent  `json:"consent"`
	Inputs     []string         `json:"inputs"`
	Transcript []advisor.Turn   `json:"transcript"`
	Advice     advisor.Advice   `json:"advice"`
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// clean removes NUL bytes, which PostgreSQL text cannot hold.
func clean(s string) string { return strings.ReplaceAll(s, "\x00", "") }

// normRef returns the canonical form of ref, or ref trimmed when it does not
// parse (it will then simply not be found).
func normRef(ref string) string {
	if r, err := advisor.ParseRef(ref); err == nil {
		return r
	}
	return strings.TrimSpace(ref)
}

func notFound(ref string) error {
	return advisor.Errorf(advisor.ENOTFOUND, "No case %s was found.", clip(ref, 40))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// BuyerActor names a buyer in case events: "slack:U123".
func BuyerActor(id advisor.Identity) string { return id.Platform + ":" + id.UserID }
