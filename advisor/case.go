package advisor

import (
	"context"
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
	// notice to the buyer. Returns ENOTFOUND, or ECONFLICT if not new.
	AcceptCase(ctx context.Context, ref, lawyer string) (*Case, error)
	// CloseCase closes an accepted (or new) case with a resolution, queueing
	// a notice to the buyer. Returns ENOTFOUND, or ECONFLICT if already
	// closed or withdrawn.
	CloseCase(ctx context.Context, ref, lawyer, resolution string) (*Case, error)
	// WithdrawCase takes consent back and cancels the lawyers' notice if not
	// yet sent. Returns ENOTFOUND, EFORBIDDEN if by is not the buyer, or
	// ECONFLICT once a lawyer has accepted.
	WithdrawCase(ctx context.Context, ref string, by Identity) (*Case, error)
}

// Notice is one outbox message: a new case for the lawyers, or a status
// change for the buyer.
type Notice struct {
	ID int64 `json:"-"`
	// Key is stable across retries so a receiver can drop duplicates.
	Key string `json:"idempotency_key"`
	// Kind is case_created (to the lawyers), case_accepted or case_closed
	// (to the buyer).
	Kind    string    `json:"kind"`
	Case    *Case     `json:"case"`
	Attempt int       `json:"attempt"`
	Created time.Time `json:"created_at"`
}

// Notice kinds.
const (
	NoticeCaseCreated  = "case_created"
	NoticeCaseAccepted = "case_accepted"
	NoticeCaseClosed   = "case_closed"
)

// Notifier delivers outbox notices (a webhook, a lawyers' Slack or Discord
// channel, or the buyer's own conversation).
type Notifier interface {
	Notify(ctx context.Context, n Notice) error
}
