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
	type sets = [][]string
	for _, tc := range []struct {
		pattern string
		want    sets
	}{
		{`^(?:(?:not)\s+(?:been\s+)?(?:changed|updated|different))`, sets{{"changed", "updated", "different"}}},
		{`^(?:tax (?:audit|inspection|issue))`, sets{{"audit", "nspection", "ssue"}}},
		{`^(?:\b(?:trade ?marks?)\b)`, sets{{"mark"}}},
		{`^(?:(?:card)\s+(?:\w+\s+){0,3}?(?:in|under)\s+(?:her|his))`, sets{}}, // "in", "her": too short
		{`^(?:promotion)`, nil},                                                // only the start literal
		{`^(?:pay(?:ment)?\s+(?:asap)?)`, sets{}},                              // optional parts are never required
		{`^(?:pay\s+(?:now|today|tomorrow)+)`, sets{{"now", "day", "morrow"}}}, // regexp/syntax factors out "to"
		{`^(?:(?:pay)\s+(?:x{2,3}|yyy))`, sets{}},
		{`^(?:(?:pay)\s+(?:(?i)urgent))`, sets{}}, // case folding: unusable
		// Both sets, the one with the longer shortest literal first.
		{`(?:\d+|half)\s+(?:are|were)\s+(?:broken|damaged)`, sets{{"broken", "damaged"}, {"are", "were"}}},
		{`^(?:wire)\s+(?:the\s+)?(?:money|funds)\s+(?:today|tonight|now)\s+(?:asap|urgently)`, sets{{"money", "funds"}, {"asap", "urgently"}}},
	} {
		got := requiredLiterals(tc.pattern)
		if !slices.EqualFunc(got, tc.want, slices.Equal) {
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
			if len(a.req) == 0 {
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

// TestFullSetStartOf checks fullSet.startOf against trying every literal,
// for every list of full start literals, on the literals themselves, their
// neighbours and real text.
func TestFullSetStartOf(t *testing.T) {
	text := alignedLower(strings.Join(examplesText(), "\n"))
	filtered := 0
	for i := range fullLits {
		fs := &fullLits[i]
		if len(fs.lits) >= minFullFilter {
			filtered++
		}
		var probes []string
		for _, l := range fs.lits {
			probes = append(probes, l, l+" x", l[:len(l)-1], strings.ToUpper(l))
		}
		if len(fs.lits) > 0 {
			l := fs.lits[0]
			for c := range 256 {
				probes = append(probes, l[:fs.lcp]+string(rune(c)), l[:fs.lcp]+string([]byte{byte(c)}))
			}
			for k := strings.Index(text, l[:min(3, len(l))]); k >= 0 && len(probes) < 2000; {
				probes = append(probes, text[k:min(len(text), k+40)])
				next := strings.Index(text[k+1:], l[:min(3, len(l))])
				if next < 0 {
					break
				}
				k += 1 + next
			}
		}
		for _, p := range probes {
			if got, want := fs.startOf(p), hasAnyPrefix(p, fs.lits); got != want {
				t.Fatalf("startOf(%q) = %v for %q, want %v", p, got, fs.lits, want)
			}
		}
	}
	if filtered < 50 {
		t.Errorf("only %d lists use the filter", filtered)
	}
}

// examplesText returns the text of every rule example.
func examplesText() []string {
	var out []string
	for _, r := range Default().Rules {
		for _, ex := range r.Examples {
			out = append(out, ex.Text)
		}
	}
	return out
}
