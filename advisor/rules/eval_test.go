package rules_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
)

// evalCase is one line of testdata/eval/*.jsonl, the shape of the shared
// sample (../shared/eval/sample.jsonl).
type evalCase struct {
	ID               string   `json:"id"`
	Source           string   `json:"source"`
	Kind             string   `json:"kind"`
	Input            string   `json:"input"`
	ExpectedLevel    *string  `json:"expected_level"`
	ExpectedFlags    []string `json:"expected_flags"`
	ExpectedEscalate bool     `json:"expected_escalate"`
	ExpectedTopics   []string `json:"expected_topics"`
	Notes            string   `json:"notes"`
	// Now pins the clock for cases with dates (RFC 3339; default evalNow).
	Now string `json:"now,omitempty"`
	// ForbiddenFlags must not fire (legitimate cases: no payment flags).
	ForbiddenFlags []string `json:"forbidden_flags,omitempty"`
}

// evalNow is the clock of the eval cases.
var evalNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func loadCases(t *testing.T, pattern string) []evalCase {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no eval files %s: %v", pattern, err)
	}
	var cases []evalCase
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var c evalCase
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Fatalf("%s:%d: %v", name, line, err)
			}
			cases = append(cases, c)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// paymentFlags are the payment-diversion rules; legitimate cases must not
// raise them.
var paymentFlags = advisor.PaymentDiversion

// evalSummary is the quotable result of an eval run.
type evalSummary struct {
	cases, exact, withinOne, flagsWanted, flagsFound, escalateRight int
}

func (s evalSummary) String() string {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	return fmt.Sprintf("eval: %d cases, level exact %.1f%%, within one step %.1f%%, flag recall %.1f%% (%d/%d), escalate accuracy %.1f%%",
		s.cases, pct(s.exact, s.cases), pct(s.withinOne, s.cases), pct(s.flagsFound, s.flagsWanted), s.flagsFound, s.flagsWanted,
		pct(s.escalateRight, s.cases))
}

// runEval judges every case with the real advisor and reports failures.
func runEval(t *testing.T, cases []evalCase) evalSummary {
	adv := newAdvisor(t)
	var sum evalSummary
	for _, c := range cases {
		now := evalNow
		if c.Now != "" {
			var err error
			if now, err = time.Parse(time.RFC3339, c.Now); err != nil {
				t.Fatalf("%s: bad now: %v", c.ID, err)
			}
		}
		got := adv.Advise(advisor.Request{Text: c.Input}, now)
		want := advisor.LevelNone
		if c.ExpectedLevel != nil {
			want = advisor.Level(*c.ExpectedLevel)
		}
		sum.cases++
		var problems []string
		d := got.Level.Rank() - want.Rank()
		if d == 0 {
			sum.exact++
		}
		if d >= -1 && d <= 1 {
			sum.withinOne++
		} else {
			problems = append(problems, fmt.Sprintf("level %s, want %s (±1)", got.Level, want))
		}
		for _, id := range c.ExpectedFlags {
			sum.flagsWanted++
			if got.HasFlag(id) {
				sum.flagsFound++
			} else {
				problems = append(problems, "missing flag "+id)
			}
		}
		for _, id := range c.ForbiddenFlags {
			if got.HasFlag(id) {
				problems = append(problems, "forbidden flag "+id)
			}
		}
		if got.Escalate == c.ExpectedEscalate {
			sum.escalateRight++
		} else {
			problems = append(problems, fmt.Sprintf("escalate %v, want %v (%s)", got.Escalate, c.ExpectedEscalate, got.EscalationReason))
		}
		if len(problems) > 0 {
			var flags []string
			for _, f := range got.Flags {
				flags = append(flags, f.ID+"="+fmt.Sprintf("%q", f.Evidence))
			}
			t.Errorf("%s: %s\n  got %s %d, flags %s\n  input: %.300q", c.ID, strings.Join(problems, "; "), got.Level, got.Score,
				strings.Join(flags, ", "), c.Input)
		}
	}
	return sum
}

// TestEvalSample runs the shared sample cases.
func TestEvalSample(t *testing.T) {
	sum := runEval(t, loadCases(t, "testdata/eval/sample.jsonl"))
	t.Log("sample " + sum.String())
}

// TestEval runs the shared sample and this package's own cases together;
// its summary line is the one the README quotes.
func TestEval(t *testing.T) {
	cases := loadCases(t, "testdata/eval/*.jsonl")
	ids := map[string]bool{}
	for _, c := range cases {
		if ids[c.ID] {
			t.Errorf("duplicate case id %s", c.ID)
		}
		ids[c.ID] = true
		if c.ExpectedLevel != nil && *c.ExpectedLevel == "low" && len(c.ForbiddenFlags) == 0 && c.Kind == "supplier_paste" && !strings.HasPrefix(c.ID, "ho-") {
			t.Errorf("%s: legitimate case without forbidden_flags", c.ID)
		}
		for _, id := range append(slices.Clone(c.ExpectedFlags), c.ForbiddenFlags...) {
			if !slices.Contains(designIDs, id) {
				t.Errorf("%s: unknown rule %s", c.ID, id)
			}
		}
	}
	sum := runEval(t, cases)
	t.Log(sum.String())
}
