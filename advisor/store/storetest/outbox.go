package storetest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
)

func testOutboxFanout(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := mustCreate(t, s, Buyer, "k", clock.Now())
	// A relay with no lawyers' destination leaves the notice alone.
	if ns := claim(t, s, advisor.Claim{Destinations: []string{advisor.BuyerDestination("slack")}}); len(ns) != 0 {
		t.Fatalf("buyer-only relay claimed %q", keys(ns))
	}
	ns := claim(t, s, lawyers)
	want := c.Ref + ":case_created:webhook " + c.Ref + ":case_created:slack"
	if keys(ns) != want {
		t.Fatalf("claimed %q, want %q", keys(ns), want)
	}
	for _, n := range ns {
		if n.Attempt != 1 || n.Kind != advisor.NoticeCaseCreated || n.Token == "" || n.Case == nil || n.Case.Ref != c.Ref ||
			len(n.Case.Inputs) != 1 || n.Case.Advice.Flags[0].Evidence == "" {
			t.Errorf("notice %s: attempt %d kind %q token %q case %+v", n.Key, n.Attempt, n.Kind, n.Token, n.Case)
		}
	}
	// Claimed notices are leased: nobody else gets them now.
	if again := claim(t, s, lawyers); len(again) != 0 {
		t.Errorf("claimed %q twice", keys(again))
	}
	for _, n := range ns {
		settle(t, s, n, advisor.Settlement{State: advisor.NoticeSent})
	}
	got, err := s.FindCaseByRef(ctx(t), c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.NoticeState != advisor.NoticeSent || eventKinds(got) != "created,notified,notified" {
		t.Errorf("after delivery: notice %q events %q", got.NoticeState, eventKinds(got))
	}
	if got.Events[1].Actor != "relay" || got.Events[1].Detail != "lawyers notified via webhook" {
		t.Errorf("event %+v", got.Events[1])
	}
	for _, n := range got.Notices[1:] {
		if n.SentAt.IsZero() || n.State != advisor.NoticeSent || n.Attempts != 1 {
			t.Errorf("notice status %+v", n)
		}
	}
	// A settled notice is not settled again.
	settle(t, s, ns[0], advisor.Settlement{State: advisor.NoticeDead, Error: "late"})
	if got, _ := s.FindCaseByRef(ctx(t), c.Ref); got.NoticeState != advisor.NoticeSent {
		t.Errorf("a late settlement changed a sent notice to %q", got.NoticeState)
	}
}

func testOutboxRetryDead(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	c := mustCreate(t, s, Buyer, "k", clock.Now())
	webhook := advisor.Claim{Destinations: []string{"webhook"}, Fanout: []string{"webhook"}}
	ns := claim(t, s, webhook)
	if len(ns) != 1 {
		t.Fatalf("claimed %q", keys(ns))
	}
	settle(t, s, ns[0], advisor.Settlement{State: advisor.NoticePending, RetryAt: clock.Now().Add(30 * time.Second), Error: "HTTP 503"})
	if again := claim(t, s, webhook); len(again) != 0 {
		t.Fatalf("claimed %q before its retry time", keys(again))
	}
	got, _ := s.FindCaseByRef(ctx(t), c.Ref)
	if n := got.Notices[1]; n.State != advisor.NoticePending || n.LastError != "HTTP 503" || !n.NextAt.Equal(clock.Now().Add(30*time.Second).Truncate(time.Microsecond)) {
		t.Errorf("notice after a failed attempt: %+v", n)
	}
	clock.Advance(31 * time.Second)
	ns = claim(t, s, webhook)
	if len(ns) != 1 || ns[0].Attempt != 2 {
		t.Fatalf("second claim %q (%+v), want the notice at attempt 2", keys(ns), ns)
	}
	settle(t, s, ns[0], advisor.Settlement{State: advisor.NoticeDead, Error: "HTTP 400"})
	got, _ = s.FindCaseByRef(ctx(t), c.Ref)
	if got.NoticeState != advisor.NoticeDead || got.Events[len(got.Events)-1].Kind != "notice_failed" {
		t.Errorf("dead letter: notice %q events %q", got.NoticeState, eventKinds(got))
	}
	list, _ := s.FindCases(ctx(t), advisor.CaseFilter{})
	if len(list) != 1 || list[0].NoticeState != advisor.NoticeDead {
		t.Errorf("FindCases does not show the dead letter: %+v", list)
	}
	clock.Advance(time.Hour)
	if again := claim(t, s, webhook); len(again) != 0 {
		t.Fatalf("claimed dead notice %q", keys(again))
	}
	n, err := s.RetryNotices(ctx(t), c.Ref, "ops")
	if err != nil || n != 1 {
		t.Fatalf("RetryNotices = %d, %v; want 1", n, err)
	}
	ns = claim(t, s, webhook)
	if len(ns) != 1 || ns[0].Attempt != 1 {
		t.Fatalf("after RetryNotices claimed %q (attempt %v), want a fresh attempt", keys(ns), ns)
	}
	if n, err := s.RetryNotices(ctx(t), c.Ref, "ops"); err != nil || n != 0 {
		t.Errorf("RetryNotices with nothing dead = %d, %v", n, err)
	}
}

func testOutboxLease(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	mustCreate(t, s, Buyer, "k", clock.Now())
	c := advisor.Claim{Destinations: []string{"webhook"}, Fanout: []string{"webhook"}, Lease: time.Minute}
	first := claim(t, s, c)
	if len(first) != 1 {
		t.Fatalf("claimed %q", keys(first))
	}
	clock.Advance(59 * time.Second)
	if again := claim(t, s, c); len(again) != 0 {
		t.Fatalf("claimed %q within the lease", keys(again))
	}
	clock.Advance(2 * time.Second) // the first relay died: its lease ran out
	second := claim(t, s, c)
	if len(second) != 1 || second[0].Token == first[0].Token || second[0].Attempt != 2 {
		t.Fatalf("after the lease: %q attempt %v", keys(second), second)
	}
	// The first relay comes back late: its settlement is dropped.
	settle(t, s, first[0], advisor.Settlement{State: advisor.NoticeDead, Error: "stale"})
	got, _ := s.FindCaseByRef(ctx(t), second[0].Case.Ref)
	if got.NoticeState != advisor.NoticePending {
		t.Errorf("stale settlement applied: %q", got.NoticeState)
	}
	settle(t, s, second[0], advisor.Settlement{State: advisor.NoticeSent})
	got, _ = s.FindCaseByRef(ctx(t), second[0].Case.Ref)
	if got.NoticeState != advisor.NoticeSent {
		t.Errorf("notice %q, want sent", got.NoticeState)
	}
}

func testOutboxBuyerNotices(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	term := advisor.Identity{Platform: "terminal", UserID: "terminal"}
	a := mustCreate(t, s, Buyer, "a", clock.Now())
	b := mustCreate(t, s, term, "b", clock.Now())
	for _, ref := range []string{a.Ref, b.Ref} {
		if _, err := s.AcceptCase(ctx(t), ref, "Ana Li"); err != nil {
			t.Fatal(err)
		}
	}
	ns := claim(t, s, advisor.Claim{Destinations: []string{advisor.BuyerDestination("slack")}})
	if len(ns) != 1 || ns[0].Key != a.Ref+":case_accepted:buyer:slack" || ns[0].Case.Buyer != Buyer || ns[0].Case.Status != advisor.CaseAccepted {
		t.Fatalf("slack relay claimed %q", keys(ns))
	}
	settle(t, s, ns[0], advisor.Settlement{State: advisor.NoticeSent})
	ns = claim(t, s, advisor.Claim{Destinations: []string{advisor.BuyerDestination("terminal")}})
	if len(ns) != 1 || ns[0].Destination != "buyer:terminal" {
		t.Fatalf("terminal claim %q", keys(ns))
	}
	settle(t, s, ns[0], advisor.Settlement{State: advisor.NoticeSkipped, Error: "no notifier for terminal"})
	got, _ := s.FindCaseByRef(ctx(t), b.Ref)
	if want := "case_created>lawyers=pending case_accepted>buyer:terminal=skipped"; noticeStates(got) != want {
		t.Errorf("notices %q, want %q", noticeStates(got), want)
	}
	if ev := got.Events[len(got.Events)-1]; ev.Kind != "notice_skipped" {
		t.Errorf("last event %+v", ev)
	}
	got, _ = s.FindCaseByRef(ctx(t), a.Ref)
	if ev := got.Events[len(got.Events)-1]; ev.Detail != "buyer told of acceptance via slack" {
		t.Errorf("last event %+v", ev)
	}
}

func testOutboxConcurrentClaims(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	const cases = 30
	for i := range cases {
		mustCreate(t, s, Buyer, fmt.Sprintf("k%d", i), clock.Now())
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[string]int{}
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ns, err := s.ClaimNotices(ctx(t), advisor.Claim{Destinations: []string{"webhook"}, Fanout: []string{"webhook"}, Limit: 3})
				if err != nil {
					t.Error(err)
					return
				}
				if len(ns) == 0 {
					return
				}
				for _, n := range ns {
					mu.Lock()
					seen[n.Key]++
					mu.Unlock()
					if err := s.SettleNotice(ctx(t), n, advisor.Settlement{State: advisor.NoticeSent}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	var dup []string
	for k, n := range seen {
		if n != 1 {
			dup = append(dup, k)
		}
	}
	sort.Strings(dup)
	if len(seen) != cases || len(dup) > 0 {
		t.Errorf("claimed %d distinct notices (want %d); claimed more than once: %s", len(seen), cases, strings.Join(dup, " "))
	}
}

func testOutboxErased(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	mustCreate(t, s, Buyer, "k", Start)
	ns := claim(t, s, lawyers)
	if _, err := s.ForgetBuyer(ctx(t), Buyer.Platform, Buyer.UserID); err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		settle(t, s, n, advisor.Settlement{State: advisor.NoticeSent}) // no error: the row is gone
	}
	if again := claim(t, s, lawyers); len(again) != 0 {
		t.Errorf("claimed %q of an erased case", keys(again))
	}
}

func testNoticeSignal(t *testing.T, open Opener) {
	s := open(t, NewClock(Start).Now)
	sig := s.NoticeSignal()
	drain := func() {
		for {
			select {
			case <-sig:
			case <-time.After(300 * time.Millisecond):
				return
			}
		}
	}
	drain()
	c := mustCreate(t, s, Buyer, "k", Start)
	select {
	case <-sig:
	case <-time.After(5 * time.Second):
		t.Fatal("no signal after CreateCase")
	}
	drain()
	if _, err := s.AcceptCase(ctx(t), c.Ref, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sig:
	case <-time.After(5 * time.Second):
		t.Fatal("no signal after AcceptCase queued the buyer's notice")
	}
}
