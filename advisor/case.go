package advisor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Identity says who someone is on a platform and where to reach them there.
type Identity struct {
	Platform string `json:"platform"` // "slack", "discord", "terminal"
	UserID   string `json:"user_id"`
	UserName string `json:"user_name,omitempty"`
	TeamID   string `json:"team_id,omitempty"` // Slack workspace or Discord guild
	Channel  string `json:"channel,omitempty"` // where the conversation happened
	Thread   string `json:"thread,omitempty"`
}

// Turn is one message of a conversation transcript.
type Turn struct {
	At   time.Time `json:"at"`
	Role string    `json:"role"` // "buyer" or "tradeguard"
	Text string    `json:"text"`
}

// Consent records the buyer's agreement to share a case with AC&E: who agreed,
// when, to what text, and what was shared.
type Consent struct {
	Buyer Identity  `json:"buyer"`
	At    time.Time `json:"at"`
	// Version and Text are the consent statement shown to the buyer.
	Version string `json:"version"`
	Text    string `json:"text"`
	// Shared lists what goes to the lawyers, as shown to the buyer.
	Shared []string `json:"shared"`
	// Contact is how the lawyers may reach the buyer (optional).
	Contact string `json:"contact,omitempty"`
	// Note is the buyer's own words for the lawyers (optional).
	Note string `json:"note,omitempty"`
	// IdempotencyKey identifies the click or command that gave consent, so a
	// retried click creates one case, not two.
	IdempotencyKey string `json:"idempotency_key"`
}

// CaseStatus is where a case is in its life.
type CaseStatus string

// Case statuses: new → accepted → closed; withdrawn when the buyer takes
// consent back before a lawyer accepts.
const (
	CaseNew       CaseStatus = "new"
	CaseAccepted  CaseStatus = "accepted"
	CaseClosed    CaseStatus = "closed"
	CaseWithdrawn CaseStatus = "withdrawn"
)

// CaseEvent is one change of a case, with who and when.
type CaseEvent struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Kind   string    `json:"kind"` // created, accepted, closed, withdrawn, assigned, notified, notice_failed…
	Detail string    `json:"detail,omitempty"`
}

// Case is a buyer's hand-off to the AC&E lawyers: the evidence packet and its
// status.
type Case struct {
	Ref       string     `json:"ref"` // ACE-2026-000123
	Status    CaseStatus `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Buyer     Identity   `json:"buyer"`
	Consent   Consent    `json:"consent"`
	// Inputs are the buyer's original pastes and questions, in order.
	Inputs     []string `json:"inputs"`
	Transcript []Turn   `json:"transcript"`
	// Advice is the verdict the case was escalated with (facts, flags, level,
	// score, ruleset).
	Advice     Advice      `json:"advice"`
	Lawyer     string      `json:"lawyer,omitempty"`
	Resolution string      `json:"resolution,omitempty"`
	LegalHold  bool        `json:"legal_hold"`
	Events     []CaseEvent `json:"events,omitempty"`
	// NoticeState is the lawyers' notice delivery state: pending, sent,
	// dead (gave up after retries) or cancelled.
	NoticeState string `json:"notice_state,omitempty"`
	// Notices is the delivery state of every outbox notice of the case, one
	// per kind and destination (filled by FindCaseByRef).
	Notices []NoticeStatus `json:"notices,omitempty"`
}

// NoticeStatus is where one outbox notice of a case stands.
type NoticeStatus struct {
	Kind string `json:"kind"`
	// Destination is a lawyers' destination ("webhook", "slack", "discord"),
	// "lawyers" before the relay fans a notice out to them, or "buyer:" and
	// the buyer's platform.
	Destination string    `json:"destination"`
	State       string    `json:"state"` // see the Notice states
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	NextAt      time.Time `json:"next_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
}

// Notice states. A notice is pending until it is sent; it is dead when the
// relay gave up (after MaxAttempts or a permanent error), cancelled when the
// buyer withdrew before it went out, skipped when its destination has no
// notifier (a terminal buyer reads the status with `tradeguard cases show`),
// and fanned once a "lawyers" notice was copied to each lawyers' destination.
const (
	NoticePending   = "pending"
	NoticeSent      = "sent"
	NoticeDead      = "dead"
	NoticeCancelled = "cancelled"
	NoticeSkipped   = "skipped"
	NoticeFanned    = "fanned"
)

// DestinationLawyers is the destination of a lawyers' notice before the
// relay copies it to each lawyers' destination it knows.
const DestinationLawyers = "lawyers"

// BuyerDestination is the outbox destination of notices to buyers on
// platform ("buyer:slack").
func BuyerDestination(platform string) string { return "buyer:" + platform }

// Ref formats case number n created in year as ACE-YYYY-NNNNNN.
func Ref(year int, n int64) string { return fmt.Sprintf("ACE-%04d-%06d", year, n) }

// ParseRef normalises a case reference typed by a person ("ace-2026-123",
// " ACE-2026-000123 ") to its canonical form. Returns EINVALID otherwise.
func ParseRef(s string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	bad := Errorf(EINVALID, "%q is not a case reference; they look like ACE-2026-000123.", clip(s, 40))
	rest, ok := strings.CutPrefix(t, "ACE-")
	if !ok {
		return "", bad
	}
	year, num, ok := strings.Cut(rest, "-")
	if !ok || len(year) != 4 || len(num) == 0 || len(num) > 12 || !digits(year) || !digits(num) {
		return "", bad
	}
	y, _ := strconv.Atoi(year)
	n, _ := strconv.ParseInt(num, 10, 64)
	if y < 2000 || n <= 0 {
		return "", bad
	}
	return Ref(y, n), nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// CaseFilter selects cases for FindCases; zero fields match everything.
type CaseFilter struct {
	Status   CaseStatus
	Platform string
	UserID   string
	Limit    int
}

// CaseService stores cases and their outbox notices.
type CaseService interface {
	// CreateCase stores c with a new reference, status new, and the lawyers'
	// notice, atomically. If a case with the same Consent.IdempotencyKey
	// exists, c is filled with that case and no second case is made.
	// Returns EINVALID if consent is missing.
	CreateCase(ctx context.Context, c *Case) error
	// FindCaseByRef returns ENOTFOUND if no case has that reference.
	FindCaseByRef(ctx context.Context, ref string) (*Case, error)
	// FindCases lists cases, newest first.
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, error)
	// AcceptCase assigns lawyer and moves a new case to accepted, queueing a
	// notice to the buyer. Accepting again by the same lawyer returns the
	// case unchanged (so a retried call is harmless). Returns EINVALID for an
	// empty lawyer, ENOTFOUND, or ECONFLICT if not new.
	AcceptCase(ctx context.Context, ref, lawyer string) (*Case, error)
	// CloseCase closes an accepted (or new) case with a resolution, queueing
	// a notice to the buyer; an empty lawyer keeps the assigned one. Closing
	// again with the same resolution returns the case unchanged. Returns
	// EINVALID for an empty resolution, ENOTFOUND, or ECONFLICT if already
	// closed (otherwise) or withdrawn.
	CloseCase(ctx context.Context, ref, lawyer, resolution string) (*Case, error)
	// WithdrawCase takes consent back and cancels the lawyers' notice if not
	// yet sent; lawyers' destinations that already got it are sent a
	// case_withdrawn notice. Withdrawing a withdrawn case returns it
	// unchanged. Returns ENOTFOUND, EFORBIDDEN if by is not the buyer, or
	// ECONFLICT once a lawyer has accepted.
	WithdrawCase(ctx context.Context, ref string, by Identity) (*Case, error)
}

// Notice is one outbox message: a new case for the lawyers, or a status
// change for the buyer.
type Notice struct {
	ID int64 `json:"-"`
	// Key is stable across retries so a receiver can drop duplicates; it is
	// unique per case, kind and destination ("ACE-2026-000123:case_created:webhook").
	Key string `json:"idempotency_key"`
	// Kind is case_created or case_withdrawn (to the lawyers), case_accepted
	// or case_closed (to the buyer).
	Kind    string    `json:"kind"`
	Case    *Case     `json:"case"`
	Attempt int       `json:"attempt"` // 1 on the first delivery attempt
	Created time.Time `json:"created_at"`
	// Destination is the name of the notifier the notice is for: a lawyers'
	// destination such as "webhook", or BuyerDestination(platform).
	Destination string `json:"destination"`
	// Token identifies the relay's claim on the notice; SettleNotice needs it.
	Token string `json:"-"`
}

// Notice kinds.
const (
	NoticeCaseCreated   = "case_created"
	NoticeCaseAccepted  = "case_accepted"
	NoticeCaseClosed    = "case_closed"
	NoticeCaseWithdrawn = "case_withdrawn"
)

// Notifier delivers outbox notices (a webhook, a lawyers' Slack or Discord
// channel, or the buyer's own conversation). Delivery is at least once: a
// Notifier may see the same Notice.Key again and should be harmless then.
// Return an error wrapped with Permanent when retrying cannot help (a
// rejected request, a channel that does not exist) and one made by
// RetryAfter when the other side asked to wait; any other error is retried
// with back-off.
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, n Notice) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notice) error { return f(ctx, n) }

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks a delivery error that retrying cannot fix; the relay
// dead-letters the notice at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

type retryAfterError struct {
	err   error
	after time.Duration
}

func (e retryAfterError) Error() string { return e.err.Error() }
func (e retryAfterError) Unwrap() error { return e.err }

// RetryAfter marks a delivery error with the wait the receiver asked for (an
// HTTP Retry-After, a rate limit); the relay waits at least that long.
func RetryAfter(err error, d time.Duration) error {
	if err == nil {
		return nil
	}
	return retryAfterError{err, d}
}

// RetryAfterOf returns the wait err asks for, if any.
func RetryAfterOf(err error) (time.Duration, bool) {
	var r retryAfterError
	if errors.As(err, &r) {
		return r.after, true
	}
	return 0, false
}

// Claim asks the outbox for due notices.
type Claim struct {
	// Destinations are the destinations the caller can deliver to (lawyers'
	// destination names and BuyerDestination values); other notices are left
	// for another relay.
	Destinations []string
	// Fanout lists the lawyers' destinations: a due "lawyers" notice is first
	// copied to one notice per name (each with its own key and retries) so a
	// failing Slack never resends the webhook. Empty leaves "lawyers" notices
	// for a relay that has lawyers' destinations.
	Fanout []string
	// Limit bounds how many notices are claimed (default 16).
	Limit int
	// Lease is how long the claim holds before another relay may take the
	// notice over (default 2 minutes). It must exceed a delivery's timeout.
	Lease time.Duration
}

// Settlement is the outcome of one delivery attempt.
type Settlement struct {
	// State is NoticeSent, NoticePending (retry at RetryAt), NoticeDead or
	// NoticeSkipped (no notifier for the destination).
	State   string
	RetryAt time.Time
	// Error is a short, log-safe reason for a failed attempt.
	Error string
}

// Outbox is the relay's side of the store: notices are claimed under a lease
// (row locks, so several relays never claim the same notice), delivered,
// then settled.
type Outbox interface {
	// ClaimNotices returns due notices for c.Destinations, each with its
	// case loaded, Attempt counting this attempt and a claim Token.
	ClaimNotices(ctx context.Context, c Claim) ([]Notice, error)
	// SettleNotice records the outcome of delivering n and a case event.
	// A settlement whose claim was taken over by another relay is dropped.
	SettleNotice(ctx context.Context, n Notice, s Settlement) error
	// NoticeSignal receives a value soon after notices are queued (by this
	// process, or on PostgreSQL by any replica), so the relay need not wait
	// for its next poll.
	NoticeSignal() <-chan struct{}
}

// Erasure is what ForgetBuyer did.
type Erasure struct {
	// Deleted are the references of the erased cases.
	Deleted []string `json:"deleted"`
	// Held are the references of the buyer's cases kept under legal hold.
	Held []string `json:"held"`
	// AdviceRecords is the number of audit records erased.
	AdviceRecords int64 `json:"advice_records"`
}

// CaseAdmin is what operators and lawyers do to cases besides the buyer's
// flow; cmd's cases and forget commands use it.
type CaseAdmin interface {
	// SetLegalHold puts a case under legal hold (kept through erasure
	// requests) or lifts it. Returns ENOTFOUND.
	SetLegalHold(ctx context.Context, ref string, on bool, by string) (*Case, error)
	// RetryNotices puts a case's dead notices back in the queue with fresh
	// attempts and returns how many. Returns ENOTFOUND.
	RetryNotices(ctx context.Context, ref, by string) (int, error)
	// ForgetBuyer erases the buyer's cases (with their events and notices)
	// and audit records, except cases under legal hold, which it lists. An
	// empty platform matches every platform. Returns EINVALID for an empty
	// userID.
	ForgetBuyer(ctx context.Context, platform, userID string) (*Erasure, error)
}

// Store is everything an escalation store offers; advisor/store/postgres
// and advisor/store/sqlite implement it.
type Store interface {
	CaseService
	CaseAdmin
	Outbox
	AuditStore
	// Ping checks the database is reachable (for readiness checks).
	Ping(ctx context.Context) error
	Close() error
}
