package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tradeguard/advisor"
)

// RecordAdvice appends r to the audit log. r holds hashes, never the paste.
func (s *Store) RecordAdvice(ctx context.Context, r advisor.AdviceRecord) error {
	at := r.At
	if at.IsZero() {
		at = s.now()
	}
	return s.inTx(ctx, "sqlstore.RecordAdvice", false, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO advice_log (at, platform, user_hash, input_hash, level, score, flags, ruleset)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			s.D.Time(at.UTC().Truncate(time.Microsecond)), clean(r.Platform), clean(r.UserHash), clean(r.InputHash),
			string(r.Level), r.Score, clean(strings.Join(r.Flags, ",")), clean(r.Ruleset))
		return err
	})
}

// FindAdvice lists audit records oldest first (at most f.Limit, default
// 1000).
func (s *Store) FindAdvice(ctx context.Context, f advisor.AdviceFilter) ([]advisor.AdviceRecord, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, cond+" $"+strconv.Itoa(len(args)))
	}
	if f.Platform != "" {
		add("platform =", f.Platform)
	}
	if f.UserHash != "" {
		add("user_hash =", f.UserHash)
	}
	if !f.Since.IsZero() {
		add("at >=", s.D.Time(f.Since))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	q := `SELECT at, platform, user_hash, input_hash, level, score, flags, ruleset FROM advice_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.DB.QueryContext(ctx, q+` ORDER BY at, id LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore.FindAdvice: %w", err)
	}
	defer rows.Close()
	var out []advisor.AdviceRecord
	for rows.Next() {
		var (
			r     advisor.AdviceRecord
			level string
			flags string
		)
		if err := rows.Scan(timeScan{&r.At}, &r.Platform, &r.UserHash, &r.InputHash, &level, &r.Score, &flags, &r.Ruleset); err != nil {
			return nil, fmt.Errorf("sqlstore.FindAdvice: %w", err)
		}
		r.Level = advisor.Level(level)
		r.Flags = []string{}
		if flags != "" {
			r.Flags = strings.Split(flags, ",")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PruneAdvice deletes audit records made before before.
func (s *Store) PruneAdvice(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.inTx(ctx, "sqlstore.PruneAdvice", true, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM advice_log WHERE at < $1`, s.D.Time(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
