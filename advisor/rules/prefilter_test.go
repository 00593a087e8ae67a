package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRequiredLiterals checks the literal sets derived from patterns.
func TestRequiredLiterals(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{`^(?:(?:not)\s+(?:been\s+)?(?:changed|updated|different))`, []string{"changed", "updated", "different"}},
		{`^(?:tax (?:audit|inspection|issue))`, []string{"audit", "nspection", "ssue"}},
		{`^(?:\b(?:trade ?marks?)\b)`, []string{"mark"}},
		{`^(?:(?:card)\s+(?:\w+\s+){0,3}?(?:in|under)\s+(?:her|his))`, nil}, // "in", "her": too short
		{`^(?:promotion)`, nil},                                                  // only the start literal
		{`^(?:pay(?:ment)?\s+(?:asap)?)`, nil},                                   // optional parts are never required
		{`^(?:pay\s+(?:now|today|tomorrow)+)`, []string{"now", "day", "morrow"}}, // regexp/syntax factors out "to"
		{`^(?:(?:pay)\s+(?:x{2,3}|yyy))`, nil},
		{`^(?:(?:pay)\s+(?:(?i)urgent))`, nil}, // case folding: unusable
		{`(?:\d+|half)\s+(?:are|were)\s+(?:broken|damaged)`, []string{"broken", "damaged"}},
	} {
		got := requiredLiterals(tc.pattern)
		if !slices.Equal(got, tc.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// TestRequiredLiteralsSound checks on real text that every match of every
// phrase alternative contains one of its required literals, so mayMatch
// never skips a window the regexp would match in.
func TestRequiredLiteralsSound(t *testing.T) {
	var texts []string
	for _, glob := range []string{"testdata/pastes/*.txt", "testdata/bench/paste4k.txt", "../llm/testdata/injection/*.txt", "../testdata/extract/*.txt"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasPrefix(filepath.Base(f), "bench") {
				continue // long and repetitive
			}
			if b, err := os.ReadFile(f); err == nil {
				texts = append(texts, alignedLower(string(b)))
			}
		}
	}
	for _, r := range Default().Rules {
		for _, ex := range r.Examples {
			texts = append(texts, alignedLower(ex.Text))
		}
	}
	all := strings.Join(texts, "\n")
	checked, matched := 0, 0
	t.Logf("%d bytes of text", len(all))
	for _, p := range allPhrases {
		for _, a := range p.alts {
			if a.req == nil {
				continue
			}
			checked++
			// The anchored alternatives start with ^: search everywhere.
			re := regexp.MustCompile(strings.TrimPrefix(a.re.String(), "^"))
			for _, m := range re.FindAllString(all, -1) {
				matched++
				if !a.mayMatch(m) {
					t.Errorf("%s: match %q has none of %q", a.re, m, a.req)
				}
			}
		}
	}
	t.Logf("%d alternatives with required literals, %d matches", checked, matched)
	if checked < 500 || matched < 300 {
		t.Errorf("only %d alternatives with required literals and %d matches checked", checked, matched)
	}
}
