package rules_test

import (
	"fmt"
	"os"
	"testing"

	"tradeguard/advisor"
)

func TestDumpEval(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	adv := newAdvisor(t)
	for _, c := range loadCases(t, os.Getenv("DUMP")) {
		got := adv.Advise(advisor.Request{Text: c.Input}, evalNow)
		want := "none"
		if c.ExpectedLevel != nil {
			want = *c.ExpectedLevel
		}
		fmt.Printf("%s want=%s got=%s/%d esc=%v/%v want=%v\n", c.ID, want, got.Level, got.Score, got.Escalate, c.ExpectedEscalate, c.ExpectedFlags)
		for _, f := range got.Flags {
			fmt.Printf("    %s %q\n", f.ID, f.Evidence)
		}
	}
}
