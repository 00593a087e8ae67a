package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"tradeguard/advisor"
)

// ClaimNotices fans due "lawyers" notices out to c.Fanout, then leases up to
// c.Limit due notices for c.Destinations in one transaction. On PostgreSQL
// the rows are picked FOR UPDATE SKIP LOCKED, so relays running at once
// claim disjoint sets; on SQLite the transaction holds the write lock.
func (s *Store) ClaimNotices(ctx context.Context, c advisor.Claim) ([]advisor.Notice, error) {
	if len(c.Destinations) == 0 && len(c.Fanout) == 0 {
		return nil, nil
	}
	limit := c.Limit
	if limit <= 0 {
		limit = 16
	}
	lease := c.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	token := newToken()
	type claimed struct {
		n      advisor.Notice
		caseID int64
	}
	var got []claimed
	err := s.inTx(ctx, "sqlstore.ClaimNotices", false, func(tx *sql.Tx) error {
		got = got[:0]
		now := s.now()
		if len(c.Fanout) > 0 {
			if err := s.fanout(ctx, tx, c.Fanout, now); err != nil {
				return err
			}
		}
		if len(c.Destinations) == 0 {
			return nil
		}
		args := []any{s.D.Time(now), s.D.Time(now.Add(lease)), token, limit}
		for _, d := range c.Destinations {
			args = append(args, d)
		}
		rows, err := tx.QueryContext(ctx, `
			WITH due AS MATERIALIZED (
				SELECT id FROM outbox
				WHERE state = 'pending' AND destination IN (`+placeholders(5, len(c.Destinations))+`)
				  AND next_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
				ORDER BY next_at, id
				LIMIT $4`+s.D.SkipLocked+`
			)
			UPDATE outbox SET locked_until = $2, claim_token = $3, attempts = attempts + 1, updated_at = $1
			WHERE id IN (SELECT id FROM due)
			RETURNING id, case_id, kind, destination, notice_key, attempts, created_at`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c claimed
			if err := rows.Scan(&c.n.ID, &c.caseID, &c.n.Kind, &c.n.Destination, &c.n.Key, &c.n.Attempt, timeScan{&c.n.Created}); err != nil {
				return err
			}
			c.n.Token = token
			got = append(got, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(got, func(a, b claimed) int { return cmp.Compare(a.n.ID, b.n.ID) })
	cases := map[int64]*advisor.Case{}
	out := make([]advisor.Notice, 0, len(got))
	for _, g := range got {
		c, ok := cases[g.caseID]
		if !ok {
			c, err = s.loadCase(ctx, s.DB, "id = $1", g.caseID)
			if errors.Is(err, sql.ErrNoRows) {
				continue // erased meanwhile; its notices went with it
			} else if err != nil {
				return nil, fmt.Errorf("sqlstore.ClaimNotices: %w", err)
			}
			cases[g.caseID] = c
		}
		g.n.Case = c
		out = append(out, g.n)
	}
	return out, nil
}

// fanout copies due "lawyers" notices to one notice per lawyers' destination.
func (s *Store) fanout(ctx context.Context, tx *sql.Tx, names []string, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, case_id, kind, notice_key FROM outbox
		WHERE destination = $1 AND state = 'pending' AND next_at <= $2
		ORDER BY id LIMIT 100`+s.D.SkipLocked, advisor.DestinationLawyers, s.D.Time(now))
	if err != nil {
		return err
	}
	type parent struct {
		id, caseID int64
		kind, ref  string
	}
	var ps []parent
	for rows.Next() {
		var p parent
		var key string
		if err := rows.Scan(&p.id, &p.caseID, &p.kind, &key); err != nil {
			rows.Close()
			return err
		}
		p.ref, _, _ = strings.Cut(key, ":")
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range ps {
		for _, name := range names {
			if err := s.queue(ctx, tx, p.caseID, p.ref, p.kind, name, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'fanned', updated_at = $1 WHERE id = $2`, s.D.Time(now), p.id); err != nil {
			return err
		}
	}
	return nil
}

// SettleNotice records the outcome of a delivery attempt under the claim
// that n carries, with a case event when the notice is done (sent, dead,
// skipped). A notice cancelled while in flight stays cancelled unless it
// was in fact sent. The transaction is retried through a database restart,
// within the claim's lease.
func (s *Store) SettleNotice(ctx context.Context, n advisor.Notice, st advisor.Settlement) error {
	switch st.State {
	case advisor.NoticeSent, advisor.NoticePending, advisor.NoticeDead, advisor.NoticeSkipped:
	default:
		return fmt.Errorf("sqlstore.SettleNotice: bad state %q", st.State)
	}
	errText := clip(clean(st.Error), 500)
	return s.inTx(ctx, "sqlstore.SettleNotice", true, func(tx *sql.Tx) error {
		now := s.now()
		var (
			state, token, kind, dest string
			caseID                   int64
			attempts                 int
		)
		err := tx.QueryRowContext(ctx, `SELECT state, claim_token, case_id, kind, destination, attempts FROM outbox WHERE id = $1`+s.D.Lock, n.ID).
			Scan(&state, &token, &caseID, &kind, &dest, &attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if token != n.Token || (state != advisor.NoticePending && state != advisor.NoticeCancelled) {
			return nil // another relay took the notice over, or it is settled
		}
		cancelled := state == advisor.NoticeCancelled
		var ev *advisor.CaseEvent
		switch {
		case st.State == advisor.NoticeSent:
			_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'sent', sent_at = $1, locked_until = NULL, last_error = '', updated_at = $1 WHERE id = $2`,
				s.D.Time(now), n.ID)
			ev = &advisor.CaseEvent{Kind: "notified", Detail: sentDetail(kind, dest)}
		case cancelled:
			_, err = tx.ExecContext(ctx, `UPDATE outbox SET locked_until = NULL, updated_at = $1 WHERE id = $2`, s.D.Time(now), n.ID)
		case st.State == advisor.NoticePending:
			retry := st.RetryAt
			if retry.Before(now) {
				retry = now
			}
			_, err = tx.ExecContext(ctx, `UPDATE outbox SET next_at = $1, locked_until = NULL, last_error = $2, updated_at = $3 WHERE id = $4`,
				s.D.Time(retry.UTC()), errText, s.D.Time(now), n.ID)
		case st.State == advisor.NoticeDead:
			_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'dead', locked_until = NULL, last_error = $1, updated_at = $2 WHERE id = $3`,
				errText, s.D.Time(now), n.ID)
			ev = &advisor.CaseEvent{Kind: "notice_failed", Detail: fmt.Sprintf("%s to %s failed after %d attempt(s): %s; run `tradeguard cases retry` once fixed",
				kindWords(kind), dest, attempts, errText)}
		case st.State == advisor.NoticeSkipped:
			_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = 'skipped', locked_until = NULL, last_error = $1, updated_at = $2 WHERE id = $3`,
				errText, s.D.Time(now), n.ID)
			ev = &advisor.CaseEvent{Kind: "notice_skipped", Detail: fmt.Sprintf("%s not pushed to %s: %s", kindWords(kind), dest, errText)}
		}
		if err != nil || ev == nil {
			return err
		}
		ev.At, ev.Actor = now, "relay"
		return addEvent(ctx, tx, s.D, caseID, *ev)
	})
}

func kindWords(kind string) string {
	switch kind {
	case advisor.NoticeCaseCreated:
		return "lawyers' notice"
	case advisor.NoticeCaseWithdrawn:
		return "withdrawal notice"
	case advisor.NoticeCaseAccepted:
		return "buyer's notice of acceptance"
	case advisor.NoticeCaseClosed:
		return "buyer's notice of closing"
	}
	return kind + " notice"
}

func sentDetail(kind, dest string) string {
	switch kind {
	case advisor.NoticeCaseCreated:
		return "lawyers notified via " + dest
	case advisor.NoticeCaseWithdrawn:
		return "withdrawal sent via " + dest
	case advisor.NoticeCaseAccepted:
		return "buyer told of acceptance via " + strings.TrimPrefix(dest, "buyer:")
	case advisor.NoticeCaseClosed:
		return "buyer told of closing via " + strings.TrimPrefix(dest, "buyer:")
	}
	return kind + " sent via " + dest
}
