package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tradeguard/advisor"
)

// CreateCase stores c, its "created" event and the lawyers' notice in one
// transaction. A case with the same Consent.IdempotencyKey is returned
// instead of a second one, which also makes a retry after an ambiguous
// COMMIT (the connection died while committing) safe.
func (s *Store) CreateCase(ctx context.Context, c *advisor.Case) error {
	if c.Buyer.Platform == "" && c.Buyer.UserID == "" {
		c.Buyer = c.Consent.Buyer
	}
	switch {
	case strings.TrimSpace(c.Consent.IdempotencyKey) == "",
		c.Consent.At.IsZero(),
		strings.TrimSpace(c.Consent.Text) == "",
		c.Buyer.Platform == "" || c.Buyer.UserID == "":
		return advisor.Errorf(advisor.EINVALID, "The buyer's consent is missing, so no case was made and nothing was sent.")
	}
	key := clean(c.Consent.IdempotencyKey)
	body, err := marshalJSON(packet{Buyer: c.Buyer, Consent: c.Consent, Inputs: c.Inputs, Transcript: c.Transcript, Advice: c.Advice})
	if err != nil {
		return fmt.Errorf("sqlstore.CreateCase: %w", err)
	}
	var (
		existing int64
		ref      string
		now      time.Time
		ev       advisor.CaseEvent
	)
	err = s.inTx(ctx, "sqlstore.CreateCase", true, func(tx *sql.Tx) error {
		existing, now = 0, s.now()
		err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE idempotency_key = $1`, key).Scan(&existing)
		if err == nil {
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		n, err := s.D.NextNumber(ctx, tx)
		if err != nil {
			return err
		}
		ref = advisor.Ref(now.Year(), n)
		var id int64
		err = tx.QueryRowContext(ctx, `
			INSERT INTO cases (ref, idempotency_key, status, created_at, updated_at, platform, user_id, level, score, packet)
			VALUES ($1, $2, 'new', $3, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (idempotency_key) DO NOTHING
			RETURNING id`,
			ref, key, s.D.Time(now), clean(c.Buyer.Platform), clean(c.Buyer.UserID),
			string(c.Advice.Level), c.Advice.Score, string(body)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			// Another transaction made the case with this key meanwhile.
			return tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE idempotency_key = $1`, key).Scan(&existing)
		} else if err != nil {
			return err
		}
		ev = advisor.CaseEvent{At: now, Actor: BuyerActor(c.Buyer), Kind: "created",
			Detail: "consent " + c.Consent.Version + " given; " + strconv.Itoa(len(c.Inputs)) + " message(s) shared"}
		if err := addEvent(ctx, tx, s.D, id, ev); err != nil {
			return err
		}
		if err := s.queue(ctx, tx, id, ref, advisor.NoticeCaseCreated, advisor.DestinationLawyers, now); err != nil {
			return err
		}
		if s.D.Notify != nil {
			return s.D.Notify(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.Wake()
	if existing != 0 {
		old, err := s.loadCase(ctx, s.DB, "id = $1", existing)
		if err != nil {
			return fmt.Errorf("sqlstore.CreateCase: %w", err)
		}
		*c = *old
		return nil
	}
	c.Ref, c.Status, c.CreatedAt, c.UpdatedAt = ref, advisor.CaseNew, now, now
	c.Lawyer, c.Resolution, c.LegalHold = "", "", false
	c.Events = []advisor.CaseEvent{ev}
	c.Notices = []advisor.NoticeStatus{{Kind: advisor.NoticeCaseCreated, Destination: advisor.DestinationLawyers,
		State: advisor.NoticePending, NextAt: now}}
	c.NoticeState = advisor.NoticePending
	return nil
}

// queue adds a pending notice in tx; an existing one for the same case,
// kind and destination is left as it is.
func (s *Store) queue(ctx context.Context, tx *sql.Tx, caseID int64, ref, kind, dest string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO outbox (case_id, kind, destination, notice_key, state, next_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'pending', $5, $5, $5)
		ON CONFLICT DO NOTHING`,
		caseID, kind, dest, ref+":"+kind+":"+dest, s.D.Time(now))
	return err
}

func addEvent(ctx context.Context, q querier, d Dialect, caseID int64, ev advisor.CaseEvent) error {
	_, err := q.ExecContext(ctx, `INSERT INTO case_events (case_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)`,
		caseID, d.Time(ev.At), clean(ev.Actor), ev.Kind, clean(ev.Detail))
	return err
}

const caseColumns = `id, ref, status, created_at, updated_at, lawyer, resolution, legal_hold, packet`

func scanCase(sc interface{ Scan(...any) error }) (int64, *advisor.Case, error) {
	var (
		id     int64
		c      advisor.Case
		status string
		body   []byte
	)
	if err := sc.Scan(&id, &c.Ref, &status, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt},
		&c.Lawyer, &c.Resolution, &c.LegalHold, &body); err != nil {
		return 0, nil, err
	}
	c.Status = advisor.CaseStatus(status)
	var p packet
	if err := json.Unmarshal(body, &p); err != nil {
		return 0, nil, fmt.Errorf("case %s: packet: %w", c.Ref, err)
	}
	c.Buyer, c.Consent, c.Inputs, c.Transcript, c.Advice = p.Buyer, p.Consent, p.Inputs, p.Transcript, p.Advice
	return id, &c, nil
}

// loadCase reads one case with its events and notices.
func (s *Store) loadCase(ctx context.Context, q querier, where string, arg any) (*advisor.Case, error) {
	id, c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases WHERE `+where, arg))
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT at, actor, kind, detail FROM case_events WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ev advisor.CaseEvent
		if err := rows.Scan(timeScan{&ev.At}, &ev.Actor, &ev.Kind, &ev.Detail); err != nil {
			return nil, err
		}
		c.Events = append(c.Events, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	ns, err := s.notices(ctx, q, []int64{id})
	if err != nil {
		return nil, err
	}
	c.Notices = ns[id]
	c.NoticeState = LawyersNoticeState(c.Notices)
	return c, nil
}

// notices returns the outbox rows of the given cases by case id.
func (s *Store) notices(ctx context.Context, q querier, ids []int64) (map[int64][]advisor.NoticeStatus, error) {
	out := map[int64][]advisor.NoticeStatus{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT case_id, kind, destination, state, attempts, last_error, next_at, sent_at
		FROM outbox WHERE case_id IN (`+placeholders(1, len(ids))+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id int64
			n  advisor.NoticeStatus
		)
		if err := rows.Scan(&id, &n.Kind, &n.Destination, &n.State, &n.Attempts, &n.LastError,
			timeScan{&n.NextAt}, timeScan{&n.SentAt}); err != nil {
			return nil, err
		}
		out[id] = append(out[id], n)
	}
	return out, rows.Err()
}

// LawyersNoticeState sums up the lawyers' notices of a case: dead if any
// destination gave up, else pending if any is still queued, else sent if
// any went out, else cancelled ("" when there are none).
func LawyersNoticeState(ns []advisor.NoticeStatus) string {
	var pending, dead, sent, cancelled bool
	for _, n := range ns {
		if n.Kind != advisor.NoticeCaseCreated {
			continue
		}
		switch n.State {
		case advisor.NoticePending:
			pending = true
		case advisor.NoticeDead:
			dead = true
		case advisor.NoticeSent:
			sent = true
		case advisor.NoticeCancelled:
			cancelled = true
		}
	}
	switch {
	case dead:
		return advisor.NoticeDead
	case pending:
		return advisor.NoticePending
	case sent:
		return advisor.NoticeSent
	case cancelled:
		return advisor.NoticeCancelled
	}
	return ""
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// FindCaseByRef returns the case with its events and notices.
func (s *Store) FindCaseByRef(ctx context.Context, ref string) (*advisor.Case, error) {
	ref = normRef(ref)
	c, err := s.loadCase(ctx, s.DB, "ref = $1", ref)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(ref)
	} else if err != nil {
		return nil, fmt.Errorf("sqlstore.FindCaseByRef: %w", err)
	}
	return c, nil
}

// FindCases lists cases newest first (at most f.Limit, default 100, at most
// 1000), with NoticeState set; Events and Notices are left empty.
func (s *Store) FindCases(ctx context.Context, f advisor.CaseFilter) ([]*advisor.Case, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.Platform != "" {
		add("platform = ?", f.Platform)
	}
	if f.UserID != "" {
		add("user_id = ?", f.UserID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	q := `SELECT ` + caseColumns + ` FROM cases`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore.FindCases: %w", err)
	}
	defer rows.Close()
	var (
		out []*advisor.Case
		ids []int64
	)
	for rows.Next() {
		id, c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore.FindCases: %w", err)
		}
		out = append(out, c)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore.FindCases: %w", err)
	}
	rows.Close()
	ns, err := s.notices(ctx, s.DB, ids)
	if err != nil {
		return nil, fmt.Errorf("sqlstore.FindCases: %w", err)
	}
	for i, c := range out {
		c.NoticeState = LawyersNoticeState(ns[ids[i]])
	}
	return out, nil
}

// caseRow is the part of a case a status change reads under lock.
type caseRow struct {
	id         int64
	ref        string
	status     advisor.CaseStatus
	lawyer     string
	resolution string
	platform   string
	userID     string
}

func (s *Store) lockCase(ctx context.Context, tx *sql.Tx, ref string) (caseRow, error) {
	var r caseRow
	var status string
	err := tx.QueryRowContext(ctx, `SELECT id, ref, status, lawyer, resolution, platform, user_id FROM cases WHERE ref = $1`+s.D.Lock, ref).
		Scan(&r.id, &r.ref, &status, &r.lawyer, &r.resolution, &r.platform, &r.userID)
	r.status = advisor.CaseStatus(status)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound(ref)
	}
	return r, err
}

// change runs fn on the locked case row ref in a retried transaction, then
// returns the case as stored. fn returns changed=false when there is nothing
// to do (the change was already made, for example by a retried call).
func (s *Store) change(ctx context.Context, op, ref string, fn func(tx *sql.Tx, r caseRow, now time.Time) (changed bool, err error)) (*advisor.Case, error) {
	ref = normRef(ref)
	var woke bool
	err := s.inTx(ctx, op, true, func(tx *sql.Tx) error {
		r, err := s.lockCase(ctx, tx, ref)
		if err != nil {
			return err
		}
		changed, err := fn(tx, r, s.now())
		woke = changed
		return err
	})
	if err != nil {
		return nil, err
	}
	if woke {
		s.Wake()
	}
	c, err := s.loadCase(ctx, s.DB, "ref = $1", ref)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return c, nil
}

// AcceptCase moves a new case to accepted and queues the buyer's notice.
func (s *Store) AcceptCase(ctx context.Context, ref, lawyer string) (*advisor.Case, error) {
	lawyer = strings.TrimSpace(clean(lawyer))
	if lawyer == "" {
		return nil, advisor.Errorf(advisor.EINVALID, "Name the lawyer who accepts the case.")
	}
	return s.change(ctx, "sqlstore.AcceptCase", ref, func(tx *sql.Tx, r caseRow, now time.Time) (bool, error) {
		if r.status == advisor.CaseAccepted && r.lawyer == lawyer {
			return false, nil
		}
		if r.status != advisor.CaseNew {
			return false, advisor.Errorf(advisor.ECONFLICT, "Case %s is %s; only a new case can be accepted.", r.ref, r.status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = 'accepted', lawyer = $1, updated_at = $2 WHERE id = $3`,
			lawyer, s.D.Time(now), r.id); err != nil {
			return false, err
		}
		if err := addEvent(ctx, tx, s.D, r.id, advisor.CaseEvent{At: now, Actor: lawyer, Kind: "accepted", Detail: "assigned to " + lawyer}); err != nil {
			return false, err
		}
		return true, s.queueBuyer(ctx, tx, r, advisor.NoticeCaseAccepted, now)
	})
}

func (s *Store) queueBuyer(ctx context.Context, tx *sql.Tx, r caseRow, kind string, now time.Time) error {
	if err := s.queue(ctx, tx, r.id, r.ref, kind, advisor.BuyerDestination(r.platform), now); err != nil {
		return err
	}
	if s.D.Notify != nil {
		return s.D.Notify(ctx, tx)
	}
	return nil
}

// CloseCase closes a new or accepted case and queues the buyer's notice.
func (s *Store) CloseCase(ctx context.Context, ref, lawyer, resolution string) (*advisor.Case, error) {
	lawyer = strings.TrimSpace(clean(lawyer))
	resolution = strings.TrimSpace(clean(resolution))
	if resolution == "" {
		return nil, advisor.Errorf(advisor.EINVALID, "Give a resolution: what was decided or done for the buyer.")
	}
	return s.change(ctx, "sqlstore.CloseCase", ref, func(tx *sql.Tx, r caseRow, now time.Time) (bool, error) {
		switch r.status {
		case advisor.CaseClosed:
			if r.resolution == resolution {
				return false, nil
			}
			return false, advisor.Errorf(advisor.ECONFLICT, "Case %s is already closed.", r.ref)
		case advisor.CaseWithdrawn:
			return false, advisor.Errorf(advisor.ECONFLICT, "Case %s was withdrawn by the buyer.", r.ref)
		}
		if lawyer == "" {
			lawyer = r.lawyer
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = 'closed', lawyer = $1, resolution = $2, updated_at = $3 WHERE id = $4`,
			lawyer, resolution, s.D.Time(now), r.id); err != nil {
			return false, err
		}
		actor := lawyer
		if actor == "" {
			actor = "operator"
		}
		if err := addEvent(ctx, tx, s.D, r.id, advisor.CaseEvent{At: now, Actor: actor, Kind: "closed", Detail: resolution}); err != nil {
			return false, err
		}
		return true, s.queueBuyer(ctx, tx, r, advisor.NoticeCaseClosed, now)
	})
}

// WithdrawCase takes the buyer's consent back before a lawyer accepts. The
// lawyers' notices not yet sent are cancelled; destinations that got (or are
// getting) the case are sent a case_withdrawn notice. The raw pastes,
// transcript, contact, note and flag evidence are erased from the packet:
// without consent they are no longer the firm's to keep.
func (s *Store) WithdrawCase(ctx context.Context, ref string, by advisor.Identity) (*advisor.Case, error) {
	return s.change(ctx, "sqlstore.WithdrawCase", ref, func(tx *sql.Tx, r caseRow, now time.Time) (bool, error) {
		if by.Platform != r.platform || by.UserID != r.userID {
			return false, advisor.Errorf(advisor.EFORBIDDEN, "Only the buyer who opened case %s can withdraw it.", r.ref)
		}
		switch r.status {
		case advisor.CaseWithdrawn:
			return false, nil
		case advisor.CaseAccepted, advisor.CaseClosed:
			return false, advisor.Errorf(advisor.ECONFLICT, "A lawyer has already taken case %s (it is %s); reply to the lawyer to stop it.", r.ref, r.status)
		}
		rows, err := tx.QueryContext(ctx, `SELECT destination, state, locked_until FROM outbox WHERE case_id = $1 AND kind = $2`,
			r.id, advisor.NoticeCaseCreated)
		if err != nil {
			return false, err
		}
		var told []string
		for rows.Next() {
			var dest, state string
			var locked time.Time
			if err := rows.Scan(&dest, &state, timeScan{&locked}); err != nil {
				rows.Close()
				return false, err
			}
			inFlight := state == advisor.NoticePending && locked.After(now)
			if dest != advisor.DestinationLawyers && (state == advisor.NoticeSent || inFlight) {
				told = append(told, dest)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'cancelled', updated_at = $1 WHERE case_id = $2 AND kind = $3 AND state = 'pending'`,
			s.D.Time(now), r.id, advisor.NoticeCaseCreated)
		if err != nil {
			return false, err
		}
		cancelled, _ := res.RowsAffected()
		var body []byte
		if err := tx.QueryRowContext(ctx, `SELECT packet FROM cases WHERE id = $1`, r.id).Scan(&body); err != nil {
			return false, err
		}
		var p packet
		if err := json.Unmarshal(body, &p); err != nil {
			return false, err
		}
		stripped, err := marshalJSON(strip(p))
		if err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET status = 'withdrawn', updated_at = $1, packet = $2 WHERE id = $3`,
			s.D.Time(now), string(stripped), r.id); err != nil {
			return false, err
		}
		detail := fmt.Sprintf("consent withdrawn; %d unsent notice(s) cancelled; pastes and transcript erased", cancelled)
		if len(told) > 0 {
			detail += "; withdrawal sent to " + strings.Join(told, ", ")
		}
		if err := addEvent(ctx, tx, s.D, r.id, advisor.CaseEvent{At: now, Actor: BuyerActor(by), Kind: "withdrawn", Detail: detail}); err != nil {
			return false, err
		}
		for _, dest := range told {
			if err := s.queue(ctx, tx, r.id, r.ref, advisor.NoticeCaseWithdrawn, dest, now); err != nil {
				return false, err
			}
		}
		if len(told) > 0 && s.D.Notify != nil {
			return true, s.D.Notify(ctx, tx)
		}
		return true, nil
	})
}

// strip keeps what shows a case existed and why (who, when, consent terms,
// level, score, rule IDs) and drops the buyer's words.
func strip(p packet) packet {
	out := packet{Buyer: p.Buyer, Consent: p.Consent}
	out.Consent.Contact, out.Consent.Note = "", ""
	out.Inputs, out.Transcript = []string{}, []advisor.Turn{}
	out.Advice = advisor.Advice{Level: p.Advice.Level, Score: p.Advice.Score, Ruleset: p.Advice.Ruleset,
		Escalate: p.Advice.Escalate, EscalationReason: p.Advice.EscalationReason, Flags: []advisor.Flag{}}
	for _, f := range p.Advice.Flags {
		out.Advice.Flags = append(out.Advice.Flags, advisor.Flag{ID: f.ID, Severity: f.Severity, Title: f.Title})
	}
	return out
}

// SetLegalHold puts the case under legal hold or lifts it.
func (s *Store) SetLegalHold(ctx context.Context, ref string, on bool, by string) (*advisor.Case, error) {
	by = strings.TrimSpace(clean(by))
	if by == "" {
		by = "operator"
	}
	return s.change(ctx, "sqlstore.SetLegalHold", ref, func(tx *sql.Tx, r caseRow, now time.Time) (bool, error) {
		res, err := tx.ExecContext(ctx, `UPDATE cases SET legal_hold = $1, updated_at = $2 WHERE id = $3 AND legal_hold <> $1`,
			on, s.D.Time(now), r.id)
		if err != nil {
			return false, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return false, nil
		}
		detail := "legal hold lifted"
		if on {
			detail = "legal hold placed: kept through erasure requests"
		}
		return false, addEvent(ctx, tx, s.D, r.id, advisor.CaseEvent{At: now, Actor: by, Kind: "legal_hold", Detail: detail})
	})
}

// RetryNotices requeues the case's dead notices with fresh attempts.
func (s *Store) RetryNotices(ctx context.Context, ref, by string) (int, error) {
	by = strings.TrimSpace(clean(by))
	if by == "" {
		by = "operator"
	}
	var n int64
	_, err := s.change(ctx, "sqlstore.RetryNotices", ref, func(tx *sql.Tx, r caseRow, now time.Time) (bool, error) {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_at = $1, locked_until = NULL,
			last_error = '', updated_at = $1 WHERE case_id = $2 AND state = 'dead'`, s.D.Time(now), r.id)
		if err != nil {
			return false, err
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return false, nil
		}
		if err := addEvent(ctx, tx, s.D, r.id, advisor.CaseEvent{At: now, Actor: by, Kind: "notices_retried",
			Detail: strconv.FormatInt(n, 10) + " dead notice(s) queued again"}); err != nil {
			return false, err
		}
		if s.D.Notify != nil {
			return true, s.D.Notify(ctx, tx)
		}
		return true, nil
	})
	return int(n), err
}

// ForgetBuyer erases the buyer's cases (events and notices go with them by
// ON DELETE CASCADE) and audit records, keeping cases under legal hold, and
// records that an erasure happened (with the user's hash, not the id).
func (s *Store) ForgetBuyer(ctx context.Context, platform, userID string) (*advisor.Erasure, error) {
	platform, userID = strings.TrimSpace(platform), strings.TrimSpace(userID)
	if userID == "" {
		return nil, advisor.Errorf(advisor.EINVALID, "Name the user to forget.")
	}
	var out *advisor.Erasure
	err := s.inTx(ctx, "sqlstore.ForgetBuyer", true, func(tx *sql.Tx) error {
		out = &advisor.Erasure{Deleted: []string{}, Held: []string{}}
		q, args := `SELECT id, ref, legal_hold FROM cases WHERE user_id = $1`, []any{userID}
		if platform != "" {
			q, args = q+` AND platform = $2`, append(args, platform)
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY id`+s.D.Lock, args...)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var (
				id   int64
				ref  string
				hold bool
			)
			if err := rows.Scan(&id, &ref, &hold); err != nil {
				rows.Close()
				return err
			}
			if hold {
				out.Held = append(out.Held, ref)
			} else {
				out.Deleted = append(out.Deleted, ref)
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 500)]
			ids = ids[len(chunk):]
			if _, err := tx.ExecContext(ctx, `DELETE FROM cases WHERE id IN (`+placeholders(1, len(chunk))+`)`, chunk...); err != nil {
				return err
			}
		}
		q, args = `DELETE FROM advice_log WHERE user_hash = $1`, []any{advisor.Hash(userID)}
		if platform != "" {
			q, args = q+` AND platform = $2`, append(args, platform)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		out.AdviceRecords, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `INSERT INTO erasures (at, platform, user_hash, cases_deleted, advice_deleted, held_refs)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.D.Time(s.now()), platform, advisor.Hash(userID),
			len(out.Deleted), out.AdviceRecords, strings.Join(out.Held, ","))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
