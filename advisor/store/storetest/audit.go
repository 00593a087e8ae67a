package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"tradeguard/advisor"
)

func testAudit(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	rec := func(at time.Time, platform, user string, flags ...string) advisor.AdviceRecord {
		return advisor.AdviceRecord{At: at.Truncate(time.Microsecond), Platform: platform, UserHash: advisor.Hash(user),
			InputHash: advisor.Hash("paste " + user), Level: advisor.LevelHigh, Score: 72, Flags: append([]string{}, flags...), Ruleset: "r1"}
	}
	old := rec(Start.Add(-100*24*time.Hour), "slack", "U1", "bank_account_change", "urgency_pressure")
	mid := rec(Start.Add(-10*24*time.Hour), "discord", "D1")
	now := rec(Start, "slack", "U1", "price_too_low")
	for _, r := range []advisor.AdviceRecord{old, mid, now} {
		if err := s.RecordAdvice(ctx(t), r); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.FindAdvice(ctx(t), advisor.AdviceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]advisor.AdviceRecord{old, mid, now}, all); diff != "" {
		t.Errorf("FindAdvice (-want +got):\n%s", diff)
	}
	u1, _ := s.FindAdvice(ctx(t), advisor.AdviceFilter{Platform: "slack", UserHash: advisor.Hash("U1"), Since: Start.Add(-time.Hour)})
	if len(u1) != 1 || u1[0].Flags[0] != "price_too_low" {
		t.Errorf("filtered: %+v", u1)
	}
	n, err := s.PruneAdvice(ctx(t), Start.Add(-90*24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("PruneAdvice = %d, %v; want 1 (the 100-day-old record)", n, err)
	}
	all, _ = s.FindAdvice(ctx(t), advisor.AdviceFilter{})
	if len(all) != 2 {
		t.Errorf("%d records after pruning, want 2", len(all))
	}
	// A record without a time is stamped with the store's clock.
	if err := s.RecordAdvice(ctx(t), advisor.AdviceRecord{Platform: "terminal", Level: advisor.LevelNone}); err != nil {
		t.Fatal(err)
	}
	all, _ = s.FindAdvice(ctx(t), advisor.AdviceFilter{Platform: "terminal"})
	if len(all) != 1 || !all[0].At.Equal(Start.Truncate(time.Microsecond)) || len(all[0].Flags) != 0 {
		t.Errorf("unstamped record: %+v", all)
	}
}

func testForget(t *testing.T, open Opener) {
	clock := NewClock(Start)
	s := open(t, clock.Now)
	discordTwin := advisor.Identity{Platform: "discord", UserID: Buyer.UserID}
	other := advisor.Identity{Platform: "slack", UserID: "U0OTHER"}
	a := mustCreate(t, s, Buyer, "a", clock.Now())
	held := mustCreate(t, s, Buyer, "held", clock.Now())
	twin := mustCreate(t, s, discordTwin, "twin", clock.Now())
	keep := mustCreate(t, s, other, "keep", clock.Now())
	if _, err := s.SetLegalHold(ctx(t), held.Ref, true, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ platform, user string }{{"slack", Buyer.UserID}, {"slack", Buyer.UserID}, {"discord", Buyer.UserID}, {"slack", "U0OTHER"}} {
		if err := s.RecordAdvice(ctx(t), advisor.AdviceRecord{At: Start, Platform: r.platform, UserHash: advisor.Hash(r.user), Level: advisor.LevelLow}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.ForgetBuyer(ctx(t), "slack", " ")
	wantCode(t, "forget nobody", err, advisor.EINVALID)

	e, err := s.ForgetBuyer(ctx(t), "slack", Buyer.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.Deleted, ",") != a.Ref || strings.Join(e.Held, ",") != held.Ref || e.AdviceRecords != 2 {
		t.Errorf("erasure %+v, want deleted [%s] held [%s] 2 advice records", e, a.Ref, held.Ref)
	}
	_, err = s.FindCaseByRef(ctx(t), a.Ref)
	wantCode(t, "erased case", err, advisor.ENOTFOUND)
	for _, ref := range []string{held.Ref, twin.Ref, keep.Ref} {
		if _, err := s.FindCaseByRef(ctx(t), ref); err != nil {
			t.Errorf("case %s should remain: %v", ref, err)
		}
	}
	recs, _ := s.FindAdvice(ctx(t), advisor.AdviceFilter{})
	if len(recs) != 2 {
		t.Errorf("%d audit records left, want 2 (discord twin and the other user)", len(recs))
	}
	// Without a platform every platform's data of that user id goes.
	e, err = s.ForgetBuyer(ctx(t), "", Buyer.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.Deleted, ",") != twin.Ref || strings.Join(e.Held, ",") != held.Ref || e.AdviceRecords != 1 {
		t.Errorf("second erasure %+v", e)
	}
}
