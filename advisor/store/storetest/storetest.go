// Package storetest is the contract every escalation store passes: the
// PostgreSQL and SQLite stores both run Run, so they cannot drift apart.
package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
)

// Opener returns a fresh, migrated, empty store whose clock is now; the
// store is closed when t ends.
type Opener func(t *testing.T, now func() time.Time) advisor.Store

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Start is the time suites start at.
var Start = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

// Buyer is the identity NewCase uses unless told otherwise.
var Buyer = advisor.Identity{Platform: "slack", UserID: "U0BUYER1", UserName: "mia", TeamID: "T01", Channel: "D01", Thread: "1710408413.000100"}

// NewCase returns a case as bot.Engine.Escalate builds it, with consent
// given at now by buyer under the idempotency key key.
func NewCase(buyer advisor.Identity, key string, now time.Time) *advisor.Case {
	amount := 23400.0
	paste := "Dear customer, our bank account is under audit, kindly pay the balance USD 23,400 to our new account\n" +
		"Beneficiary: Li Wei, IBAN DE89370400440532013000, tel +86 138 1234 5678, e-mail li.wei.canary@example.com"
	return &advisor.Case{
		Buyer: buyer,
		Consent: advisor.Consent{
			Buyer: buyer, At: now, Version: "2026-11-1",
			Text:    "I ask TradeGuard to send this conversation to the AC&E legal team.",
			Shared:  []string{"the 1 message you sent", "TradeGuard's verdict"},
			Contact: "mia@example.org", Note: "They want the money by Friday.",
			IdempotencyKey: key,
		},
		Inputs: []string{paste},
		Transcript: []advisor.Turn{
			{At: now.Add(-time.Minute), Role: "buyer", Text: paste},
			{At: now.Add(-time.Minute), Role: "tradeguard", Text: "Critical: do not pay."},
		},
		Advice: advisor.Advice{
			Level: advisor.LevelCritical, Score: 91,
			Flags: []advisor.Flag{{ID: "bank_account_change", Severity: advisor.SeverityCritical, Title: "Bank account change",
				Evidence: "our bank account is under audit", Advice: "Pay only through Alibaba.com.", Source: "Payment safety"}},
			Facts:    advisor.Facts{SupplierName: "Shenzhen Example Co.", OrderAmountUSD: &amount, BeneficiaryName: "Li Wei"},
			Answer:   "Critical: do not pay.",
			Escalate: true, EscalationReason: "The verdict is critical.", Ruleset: "rules-test-1",
		},
	}
}

// Run runs the contract suite; each subtest opens a fresh store.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"CreateCase", testCreateCase},
		{"CreateCaseIdempotent", testCreateCaseIdempotent},
		{"CreateCaseNoConsent", testCreateCaseNoConsent},
		{"CreateCaseConcurrent", testCreateCaseConcurrent},
		{"CreateCaseNUL", testCreateCaseNUL},
		{"FindCaseByRef", testFindCaseByRef},
		{"FindCases", testFindCases},
		{"AcceptCase", testAcceptCase},
		{"CloseCase", testCloseCase},
		{"WithdrawCase", testWithdrawCase},
		{"WithdrawAfterNotice", testWithdrawAfterNotice},
		{"LegalHold", testLegalHold},
		{"OutboxFanout", testOutboxFanout},
		{"OutboxRetryDead", testOutboxRetryDead},
		{"OutboxLease", testOutboxLease},
		{"OutboxBuyerNotices", testOutboxBuyerNotices},
		{"OutboxConcurrentClaims", testOutboxConcurrentClaims},
		{"OutboxErased", testOutboxErased},
		{"NoticeSignal", testNoticeSignal},
		{"Audit", testAudit},
		{"Forget", testForget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// mustCreate creates a case with key for buyer.
func mustCreate(t *testing.T, s advisor.Store, buyer advisor.Identity, key string, now time.Time) *advisor.Case {
	t.Helper()
	c := NewCase(buyer, key, now)
	if err := s.CreateCase(ctx(t), c); err != nil {
		t.Fatalf("CreateCase(%s): %v", key, err)
	}
	return c
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := advisor.ErrorCode(err); got != code {
		t.Fatalf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

func eventKinds(c *advisor.Case) string {
	var ks []string
	for _, e := range c.Events {
		ks = append(ks, e.Kind)
	}
	return strings.Join(ks, ",")
}

func noticeStates(c *advisor.Case) string {
	var ks []string
	for _, n := range c.Notices {
		ks = append(ks, fmt.Sprintf("%s>%s=%s", n.Kind, n.Destination, n.State))
	}
	return strings.Join(ks, " ")
}

func claim(t *testing.T, s advisor.Store, c advisor.Claim) []advisor.Notice {
	t.Helper()
	ns, err := s.ClaimNotices(ctx(t), c)
	if err != nil {
		t.Fatalf("ClaimNotices: %v", err)
	}
	return ns
}

func settle(t *testing.T, s advisor.Store, n advisor.Notice, st advisor.Settlement) {
	t.Helper()
	if err := s.SettleNotice(ctx(t), n, st); err != nil {
		t.Fatalf("SettleNotice(%s): %v", n.Key, err)
	}
}

func keys(ns []advisor.Notice) string {
	var ks []string
	for _, n := range ns {
		ks = append(ks, n.Key)
	}
	return strings.Join(ks, " ")
}

var lawyers = advisor.Claim{Destinations: []string{"webhook", "slack"}, Fanout: []string{"webhook", "slack"}}
