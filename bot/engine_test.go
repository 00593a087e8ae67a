package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// fakeCases is an in-memory CaseService with function-field overrides.
type fakeCases struct {
	mu       sync.Mutex
	created  []*advisor.Case
	CreateFn func(context.Context, *advisor.Case) error
}

var _ advisor.CaseService = (*fakeCases)(nil)

func (f *fakeCases) CreateCase(ctx context.Context, c *advisor.Case) error {
	if f.CreateFn != nil {
		return f.CreateFn(ctx, c)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, old := range f.created {
		if old.Consent.IdempotencyKey == c.Consent.IdempotencyKey {
			*c = *old
			return nil
		}
	}
	c.Ref = "ACE-2026-" + strings.Repeat("0", 5) + string(rune('1'+len(f.created)))
	c.Status = advisor.CaseNew
	f.created = append(f.created, c)
	return nil
}

func (f *fakeCases) FindCaseByRef(ctx context.Context, ref string) (*advisor.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.created {
		if c.Ref == ref {
			return c, nil
		}
	}
	return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s.", ref)
}

func (f *fakeCases) FindCases(context.Context, advisor.CaseFilter) ([]*advisor.Case, error) {
	return f.created, nil
}
func (f *fakeCases) AcceptCase(context.Context, string, string) (*advisor.Case, error) {
	return nil, errors.New("not used")
}
func (f *fakeCases) CloseCase(context.Context, string, string, string) (*advisor.Case, error) {
	return nil, errors.New("not used")
}
func (f *fakeCases) WithdrawCase(context.Context, string, advisor.Identity) (*advisor.Case, error) {
	return nil, errors.New("not used")
}

func newEngine() *bot.Engine {
	e := bot.NewEngine(advisor.New(advisor.Ruleset{Version: "test"}, nil, advisor.Config{}))
	e.Now = func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	return e
}

func TestConversationKey(t *testing.T) {
	thread := advisor.Request{Platform: "slack", Channel: "C1", Thread: "171.1", User: "U1"}
	other := thread
	other.User = "U2"
	if bot.ConversationKey(thread) != bot.ConversationKey(other) {
		t.Error("two people in one thread must share the thread's conversation")
	}
	dm1 := advisor.Request{Platform: "slack", Channel: "D1", User: "U1"}
	dm2 := advisor.Request{Platform: "slack", Channel: "D1", User: "U2"}
	if bot.ConversationKey(dm1) == bot.ConversationKey(dm2) {
		t.Error("without a thread, each user has their own conversation")
	}
	if bot.ConversationKey(dm1) == bot.ConversationKey(advisor.Request{Platform: "discord", Channel: "D1", User: "U1"}) {
		t.Error("platforms must not share conversations")
	}
}

func TestEngineRemembersTranscript(t *testing.T) {
	e := newEngine()
	req := advisor.Request{Platform: "terminal", User: "buyer", Channel: "tty"}
	for _, text := range []string{"first message", "second message"} {
		r := req
		r.Text = text
		e.Advise(context.Background(), r)
	}
	conv, ok := e.Conversation(req)
	if !ok {
		t.Fatal("conversation forgotten")
	}
	if got := strings.Join(conv.Inputs, "|"); got != "first message|second message" {
		t.Errorf("inputs = %q", got)
	}
	if len(conv.Transcript) != 4 || conv.Transcript[0].Role != "buyer" || conv.Transcript[1].Role != "tradeguard" {
		t.Errorf("transcript = %+v", conv.Transcript)
	}
	e.Forget(req)
	if _, ok := e.Conversation(req); ok {
		t.Error("Forget did not forget")
	}
}

func TestConversationsExpire(t *testing.T) {
	e := newEngine()
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	e.Now = func() time.Time { return now }
	req := advisor.Request{Platform: "slack", User: "U1", Channel: "D1", Text: "hello there"}
	e.Advise(context.Background(), req)
	now = now.Add(25 * time.Hour)
	if _, ok := e.Conversation(req); ok {
		t.Error("a conversation older than a day must be gone")
	}
}

func TestEscalate(t *testing.T) {
	ctx := context.Background()
	e := newEngine()
	req := advisor.Request{Platform: "slack", User: "U1", Channel: "D1"}

	if _, err := e.Escalate(ctx, req, advisor.Consent{}); advisor.ErrorCode(err) != advisor.EUNAVAILABLE {
		t.Fatalf("without a store: err %v, want EUNAVAILABLE", err)
	}
	cases := &fakeCases{}
	e.Cases = cases
	if _, err := e.Escalate(ctx, req, advisor.Consent{}); advisor.ErrorCode(err) != advisor.ENOTFOUND {
		t.Fatalf("nothing said yet: err %v, want ENOTFOUND", err)
	}

	r := req
	r.Text = "They sent a new account, pay USD 9,000 today"
	e.Advise(ctx, r)
	consent := advisor.Consent{Contact: "buyer@example.com", Note: "please call", IdempotencyKey: "click-1"}
	c, err := e.Escalate(ctx, req, consent)
	if err != nil {
		t.Fatal(err)
	}
	if c.Ref == "" || len(c.Inputs) != 1 || c.Inputs[0] != r.Text || len(c.Transcript) != 2 {
		t.Errorf("case packet incomplete: %+v", c)
	}
	if c.Consent.Version != bot.ConsentVersion || c.Consent.Text != bot.ConsentText || len(c.Consent.Shared) == 0 || c.Consent.At.IsZero() {
		t.Errorf("consent not recorded: %+v", c.Consent)
	}
	if c.Buyer.Platform != "slack" || c.Buyer.UserID != "U1" {
		t.Errorf("buyer identity = %+v", c.Buyer)
	}
	again, err := e.Escalate(ctx, req, consent)
	if err != nil || again.Ref != c.Ref || len(cases.created) != 1 {
		t.Errorf("a retried click made a second case: %v %v (%d cases)", again, err, len(cases.created))
	}

	// The buyer sees their own case; somebody else does not learn it exists.
	if got, err := e.BuyerCase(ctx, strings.ToLower(c.Ref), c.Buyer); err != nil || got.Ref != c.Ref {
		t.Errorf("buyer's own case: %v %v", got, err)
	}
	if _, err := e.BuyerCase(ctx, c.Ref, advisor.Identity{Platform: "slack", UserID: "U2"}); advisor.ErrorCode(err) != advisor.ENOTFOUND {
		t.Errorf("another user's case: err %v, want ENOTFOUND", err)
	}
}

func TestEscalateStoreDown(t *testing.T) {
	ctx := context.Background()
	e := newEngine()
	e.Cases = &fakeCases{CreateFn: func(context.Context, *advisor.Case) error { return errors.New("dial tcp: connection refused") }}
	req := advisor.Request{Platform: "terminal", User: "b", Channel: "tty", Text: "paste"}
	e.Advise(ctx, req)
	_, err := e.Escalate(ctx, req, advisor.Consent{})
	if err == nil {
		t.Fatal("want an error when the store is down")
	}
	if msg := advisor.ErrorMessage(err); strings.Contains(msg, "dial") {
		t.Errorf("internal cause leaked to the user: %q", msg)
	}
}

func TestConversationIsBounded(t *testing.T) {
	e := newEngine()
	req := advisor.Request{Platform: "discord", User: "U1", Channel: "D1"}
	for i := range 120 {
		r := req
		r.Text = "message " + strings.Repeat("x", i)
		e.Advise(context.Background(), r)
	}
	r := req
	r.Text = strings.Repeat("long paste ", 20000) // ~220 KB
	e.Advise(context.Background(), r)
	conv, _ := e.Conversation(req)
	if len(conv.Inputs) != 50 || len(conv.Transcript) != 100 {
		t.Errorf("kept %d inputs and %d turns, want 50 and 100", len(conv.Inputs), len(conv.Transcript))
	}
	last := conv.Inputs[len(conv.Inputs)-1]
	if len(last) > advisor.DefaultMaxInputBytes+100 || !strings.Contains(last, "message cut") {
		t.Errorf("a huge message is kept whole (%d bytes) or without a note", len(last))
	}
}

type blockingAudit struct{ calls int }

func (b *blockingAudit) RecordAdvice(ctx context.Context, _ advisor.AdviceRecord) error {
	b.calls++
	<-ctx.Done() // a store that never answers
	return ctx.Err()
}

func TestSlowAuditDoesNotHoldTheAnswer(t *testing.T) {
	e := newEngine()
	audit := &blockingAudit{}
	e.Audit = audit
	done := make(chan advisor.Advice, 1)
	go func() {
		done <- e.Advise(context.Background(), advisor.Request{Platform: "slack", User: "U1", Channel: "D1", Text: "hello there"})
	}()
	select {
	case adv := <-done:
		if adv.Answer == "" || audit.calls != 1 {
			t.Errorf("answer %q, audit calls %d", adv.Answer, audit.calls)
		}
	case <-time.After(30 * time.Second): // generous: the budget is 500 ms
		t.Fatal("a store that never answers blocked the advice")
	}
}
