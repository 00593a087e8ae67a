package storetest

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tradeguard/advisor"
)

var refPattern = regexp.MustCompile(`^ACE-\d{4}-\d{6}$`)

func testCreateCase(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := NewCase(Buyer, "slack:D01:1710408413.000100:abc", clock.Now())
	if err := s.CreateCase(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	if c.Ref != "ACE-2026-000001" {
		t.Errorf("Ref=%q, want ACE-2026-000001 (the first case of 2026)", c.Ref)
	}
	if c.Status != advisor.CaseNew || !c.CreatedAt.Equal(clock.Now().Truncate(time.Microsecond)) || c.NoticeState != advisor.NoticePending {
		t.Errorf("Status=%q CreatedAt=%v NoticeState=%q", c.Status, c.CreatedAt, c.NoticeState)
	}
	if got, want := eventKinds(c), "created"; got != want {
		t.Errorf("events %q, want %q", got, want)
	}
	if got := c.Events[0].Actor; got != "slack:U0BUYER1" {
		t.Errorf("created by %q, want the buyer slack:U0BUYER1", got)
	}
	got, err := s.FindCaseByRef(ctx(t), c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("stored case differs from the one CreateCase returned (-created +found):\n%s", diff)
	}
	if got, want := noticeStates(got), "case_created>lawyers=pending"; got != want {
		t.Errorf("notices %q, want %q (one outbox row, written with the case)", got, want)
	}
	c2 := mustCreate(t, s, Buyer, "other-key", clock.Now())
	if c2.Ref != "ACE-2026-000002" {
		t.Errorf("second Ref=%q, want ACE-2026-000002", c2.Ref)
	}
	clock.Advance(300 * 24 * time.Hour) // into 2027: the number goes on
	c3 := mustCreate(t, s, Buyer, "third-key", clock.Now())
	if c3.Ref != "ACE-2027-000003" {
		t.Errorf("third Ref=%q, want ACE-2027-000003", c3.Ref)
	}
}

func testCreateCaseIdempotent(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	a := mustCreate(t, s, Buyer, "click-1", clock.Now())
	clock.Advance(time.Second)
	b := NewCase(Buyer, "click-1", clock.Now())
	b.Inputs = []string{"a retried click with other text"}
	if err := s.CreateCase(ctx(t), b); err != nil {
		t.Fatal(err)
	}
	if b.Ref != a.Ref || b.Inputs[0] != a.Inputs[0] || !b.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("retried click gave %s %q, want the first case %s", b.Ref, b.Inputs, a.Ref)
	}
	cs, err := s.FindCases(ctx(t), advisor.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Errorf("%d cases after a retried click, want 1", len(cs))
	}
	n := claim(t, s, lawyers)
	if len(n) != 2 {
		t.Errorf("claimed %q, want one notice per lawyers' destination for the one case", keys(n))
	}
}

func testCreateCaseNoConsent(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	for name, mutate := range map[string]func(c *advisor.Case){
		"no key":      func(c *advisor.Case) { c.Consent.IdempotencyKey = " " },
		"no time":     func(c *advisor.Case) { c.Consent.At = time.Time{} },
		"no text":     func(c *advisor.Case) { c.Consent.Text = "" },
		"no buyer id": func(c *advisor.Case) { c.Buyer.UserID, c.Consent.Buyer.UserID = "", "" },
	} {
		c := NewCase(Buyer, "k-"+name, Start)
		mutate(c)
		wantCode(t, name, s.CreateCase(ctx(t), c), advisor.EINVALID)
	}
	cs, err := s.FindCases(ctx(t), advisor.CaseFilter{})
	if err != nil || len(cs) != 0 {
		t.Errorf("FindCases = %d cases, %v; want none stored without consent", len(cs), err)
	}
	if n := claim(t, s, lawyers); len(n) != 0 {
		t.Errorf("notices %q queued without consent", keys(n))
	}
}

func testCreateCaseConcurrent(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	const distinct, same = 40, 10
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		refs = map[string]int{}
		errs []error
	)
	for i := range distinct + same {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("key-%d", i)
			if i >= distinct {
				key = "the-same-click"
			}
			c := NewCase(Buyer, key, Start)
			err := s.CreateCase(ctx(t), c)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			refs[c.Ref]++
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d of %d concurrent creations failed, first: %v", len(errs), distinct+same, errs[0])
	}
	if len(refs) != distinct+1 {
		t.Errorf("%d distinct references, want %d", len(refs), distinct+1)
	}
	for ref, n := range refs {
		if !refPattern.MatchString(ref) {
			t.Errorf("reference %q is not ACE-YYYY-NNNNNN", ref)
		}
		if n != 1 && n != same {
			t.Errorf("reference %s given %d times", ref, n)
		}
	}
	cs, err := s.FindCases(ctx(t), advisor.CaseFilter{Limit: 1000})
	if err != nil || len(cs) != distinct+1 {
		t.Errorf("FindCases = %d, %v; want %d", len(cs), err, distinct+1)
	}
}

func testCreateCaseNUL(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	c := NewCase(Buyer, "nul", Start)
	c.Inputs = []string{"binary\x00paste \\u0000 kept"}
	c.Consent.Note = "note\x00"
	if err := s.CreateCase(ctx(t), c); err != nil {
		t.Fatalf("a paste with NUL bytes: %v", err)
	}
	got, err := s.FindCaseByRef(ctx(t), c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if want := "binary\ufffdpaste \\u0000 kept"; got.Inputs[0] != want {
		t.Errorf("Inputs[0]=%q, want %q", got.Inputs[0], want)
	}
}

func testFindCaseByRef(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	c := mustCreate(t, s, Buyer, "k", Start)
	for _, ref := range []string{c.Ref, strings.ToLower(c.Ref), " ace-2026-1 "} {
		got, err := s.FindCaseByRef(ctx(t), ref)
		if err != nil || got.Ref != c.Ref {
			t.Errorf("FindCaseByRef(%q) = %v, %v; want %s", ref, got, err, c.Ref)
		}
	}
	for _, ref := range []string{"ACE-2026-000002", "ACE-2025-000001", "nonsense", ""} {
		_, err := s.FindCaseByRef(ctx(t), ref)
		wantCode(t, "FindCaseByRef("+ref+")", err, advisor.ENOTFOUND)
	}
}

func testFindCases(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	other := advisor.Identity{Platform: "discord", UserID: "999", UserName: "raj"}
	a := mustCreate(t, s, Buyer, "a", clock.Now())
	clock.Advance(time.Minute)
	b := mustCreate(t, s, other, "b", clock.Now())
	clock.Advance(time.Minute)
	c := mustCreate(t, s, Buyer, "c", clock.Now())
	if _, err := s.AcceptCase(ctx(t), c.Ref, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	refs := func(f advisor.CaseFilter) string {
		cs, err := s.FindCases(ctx(t), f)
		if err != nil {
			t.Fatalf("FindCases(%+v): %v", f, err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Ref+"/"+string(c.Status)+"/"+c.NoticeState)
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		f    advisor.CaseFilter
		want string
	}{
		{advisor.CaseFilter{}, c.Ref + "/accepted/pending " + b.Ref + "/new/pending " + a.Ref + "/new/pending"},
		{advisor.CaseFilter{Status: advisor.CaseNew}, b.Ref + "/new/pending " + a.Ref + "/new/pending"},
		{advisor.CaseFilter{Platform: "discord"}, b.Ref + "/new/pending"},
		{advisor.CaseFilter{Platform: "slack", UserID: Buyer.UserID, Limit: 1}, c.Ref + "/accepted/pending"},
		{advisor.CaseFilter{Status: advisor.CaseClosed}, ""},
	} {
		if got := refs(tt.f); got != tt.want {
			t.Errorf("FindCases(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func testAcceptCase(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := mustCreate(t, s, Buyer, "k", clock.Now())
	clock.Advance(time.Hour)
	_, err := s.AcceptCase(ctx(t), c.Ref, " ")
	wantCode(t, "accept without a lawyer", err, advisor.EINVALID)
	_, err = s.AcceptCase(ctx(t), "ACE-2026-000999", "Ana Li")
	wantCode(t, "accept unknown", err, advisor.ENOTFOUND)
	got, err := s.AcceptCase(ctx(t), c.Ref, "Ana Li")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != advisor.CaseAccepted || got.Lawyer != "Ana Li" || !got.UpdatedAt.Equal(clock.Now().Truncate(time.Microsecond)) {
		t.Errorf("after accept: status %q lawyer %q updated %v", got.Status, got.Lawyer, got.UpdatedAt)
	}
	if ev := got.Events[len(got.Events)-1]; ev.Kind != "accepted" || ev.Actor != "Ana Li" || !ev.At.Equal(got.UpdatedAt) {
		t.Errorf("last event %+v, want accepted by Ana Li at %v", ev, got.UpdatedAt)
	}
	if want := "case_created>lawyers=pending case_accepted>buyer:slack=pending"; noticeStates(got) != want {
		t.Errorf("notices %q, want %q", noticeStates(got), want)
	}
	again, err := s.AcceptCase(ctx(t), c.Ref, "Ana Li")
	if err != nil || eventKinds(again) != "created,accepted" {
		t.Errorf("accepting again by the same lawyer: %v, events %q; want no error and no new event", err, eventKinds(again))
	}
	_, err = s.AcceptCase(ctx(t), c.Ref, "Bo Chen")
	wantCode(t, "accept by another lawyer", err, advisor.ECONFLICT)
}

func testCloseCase(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	a := mustCreate(t, s, Buyer, "a", clock.Now())
	b := mustCreate(t, s, Buyer, "b", clock.Now())
	_, err := s.CloseCase(ctx(t), a.Ref, "Ana Li", "  ")
	wantCode(t, "close without a resolution", err, advisor.EINVALID)
	if _, err := s.AcceptCase(ctx(t), a.Ref, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	got, err := s.CloseCase(ctx(t), a.Ref, "", "Bank recall filed; supplier refunded.")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != advisor.CaseClosed || got.Lawyer != "Ana Li" || got.Resolution != "Bank recall filed; supplier refunded." {
		t.Errorf("closed case: %q %q %q", got.Status, got.Lawyer, got.Resolution)
	}
	if ev := got.Events[len(got.Events)-1]; ev.Kind != "closed" || ev.Actor != "Ana Li" || ev.Detail != got.Resolution {
		t.Errorf("last event %+v", ev)
	}
	if want := "case_created>lawyers=pending case_accepted>buyer:slack=pending case_closed>buyer:slack=pending"; noticeStates(got) != want {
		t.Errorf("notices %q, want %q", noticeStates(got), want)
	}
	if _, err := s.CloseCase(ctx(t), a.Ref, "", "Bank recall filed; supplier refunded."); err != nil {
		t.Errorf("closing again with the same resolution: %v", err)
	}
	_, err = s.CloseCase(ctx(t), a.Ref, "", "something else")
	wantCode(t, "close a closed case", err, advisor.ECONFLICT)
	// A new case may be closed directly (spam, duplicate).
	got, err = s.CloseCase(ctx(t), b.Ref, "Bo Chen", "Duplicate of "+a.Ref)
	if err != nil || got.Status != advisor.CaseClosed || got.Lawyer != "Bo Chen" {
		t.Errorf("close a new case: %v %v", got, err)
	}
	_, err = s.AcceptCase(ctx(t), b.Ref, "Bo Chen")
	wantCode(t, "accept a closed case", err, advisor.ECONFLICT)
	_, err = s.CloseCase(ctx(t), "ACE-2026-000404", "", "x")
	wantCode(t, "close unknown", err, advisor.ENOTFOUND)
}

func testWithdrawCase(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := mustCreate(t, s, Buyer, "k", clock.Now())
	stranger := advisor.Identity{Platform: "slack", UserID: "U0OTHER"}
	_, err := s.WithdrawCase(ctx(t), c.Ref, stranger)
	wantCode(t, "withdraw by someone else", err, advisor.EFORBIDDEN)
	clock.Advance(time.Minute)
	got, err := s.WithdrawCase(ctx(t), c.Ref, Buyer)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != advisor.CaseWithdrawn || got.NoticeState != advisor.NoticeCancelled {
		t.Errorf("withdrawn: status %q notice %q, want withdrawn/cancelled", got.Status, got.NoticeState)
	}
	if len(got.Inputs) != 0 || len(got.Transcript) != 0 || got.Consent.Contact != "" || got.Consent.Note != "" ||
		got.Advice.Flags[0].Evidence != "" || got.Advice.Flags[0].ID != "bank_account_change" || got.Advice.Level != advisor.LevelCritical {
		t.Errorf("withdrawn packet still holds the buyer's words or lost the verdict: %+v", got)
	}
	if ev := got.Events[len(got.Events)-1]; ev.Kind != "withdrawn" || ev.Actor != "slack:U0BUYER1" {
		t.Errorf("last event %+v", ev)
	}
	if n := claim(t, s, lawyers); len(n) != 0 {
		t.Errorf("claimed %q after withdrawal; the notice should be cancelled", keys(n))
	}
	if _, err := s.WithdrawCase(ctx(t), c.Ref, Buyer); err != nil {
		t.Errorf("withdrawing twice: %v", err)
	}
	_, err = s.AcceptCase(ctx(t), c.Ref, "Ana Li")
	wantCode(t, "accept a withdrawn case", err, advisor.ECONFLICT)
	_, err = s.CloseCase(ctx(t), c.Ref, "Ana Li", "x")
	wantCode(t, "close a withdrawn case", err, advisor.ECONFLICT)

	d := mustCreate(t, s, Buyer, "k2", clock.Now())
	if _, err := s.AcceptCase(ctx(t), d.Ref, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	_, err = s.WithdrawCase(ctx(t), d.Ref, Buyer)
	wantCode(t, "withdraw an accepted case", err, advisor.ECONFLICT)
}

func testWithdrawAfterNotice(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := mustCreate(t, s, Buyer, "k", clock.Now())
	ns := claim(t, s, lawyers)
	if len(ns) != 2 {
		t.Fatalf("claimed %q, want webhook and slack", keys(ns))
	}
	// The webhook got it; Slack failed and waits for a retry.
	for _, n := range ns {
		if n.Destination == "webhook" {
			settle(t, s, n, advisor.Settlement{State: advisor.NoticeSent})
		} else {
			settle(t, s, n, advisor.Settlement{State: advisor.NoticePending, RetryAt: clock.Now().Add(time.Minute), Error: "HTTP 503"})
		}
	}
	got, err := s.WithdrawCase(ctx(t), c.Ref, Buyer)
	if err != nil {
		t.Fatal(err)
	}
	want := "case_created>lawyers=fanned case_created>webhook=sent case_created>slack=cancelled case_withdrawn>webhook=pending"
	if noticeStates(got) != want {
		t.Errorf("notices %q, want %q", noticeStates(got), want)
	}
	clock.Advance(time.Hour)
	ns = claim(t, s, lawyers)
	if len(ns) != 1 || ns[0].Kind != advisor.NoticeCaseWithdrawn || ns[0].Destination != "webhook" || ns[0].Key != c.Ref+":case_withdrawn:webhook" {
		t.Errorf("claimed %q, want only the withdrawal to the webhook", keys(ns))
	}
}

func testLegalHold(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	c := mustCreate(t, s, Buyer, "k", Start)
	got, err := s.SetLegalHold(ctx(t), c.Ref, true, "Ana Li")
	if err != nil || !got.LegalHold {
		t.Fatalf("hold: %v %v", got, err)
	}
	if got, err = s.SetLegalHold(ctx(t), c.Ref, true, "Ana Li"); err != nil || eventKinds(got) != "created,legal_hold" {
		t.Errorf("holding twice: %v, events %q; want one legal_hold event", err, eventKinds(got))
	}
	if got, err = s.SetLegalHold(ctx(t), c.Ref, false, ""); err != nil || got.LegalHold || eventKinds(got) != "created,legal_hold,legal_hold" {
		t.Errorf("lifting: hold=%v events %q err %v", got.LegalHold, eventKinds(got), err)
	}
	if ev := got.Events[2]; ev.Actor != "operator" {
		t.Errorf("hold lifted by %q, want operator when no one is named", ev.Actor)
	}
	_, err = s.SetLegalHold(ctx(t), "ACE-2026-000404", true, "x")
	wantCode(t, "hold unknown", err, advisor.ENOTFOUND)
}
