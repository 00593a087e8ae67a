package rules

import (
	"slices"
	"testing"
)

// TestPhrasesAnchorable checks every phrase pattern starts with literals the
// shared scan can find (a pattern that does not would never match).
func TestPhrasesAnchorable(t *testing.T) {
	for _, e := range phraseErrors {
		t.Error(e)
	}
}

func TestStartLiterals(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{`(?:chang\w*|updat\w*)\s+account`, []string{"chang", "updat"}},
		{`(?:bank\s+)?account`, []string{"bank", "accoun"}},
		{`\btt\b`, []string{"|tt|"}},
		{`e-?mail`, []string{"e-mail", "email"}},
		{`pok[eé]mon`, []string{"pokemo", "pokémo"}},
		{`新(?:的)?账户`, []string{"新的账户", "新账户"}},
	} {
		got, err := startLiterals(c.pattern)
		if err != nil {
			t.Errorf("%s: %v", c.pattern, err)
			continue
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.pattern, got, c.want)
		}
	}
	for _, bad := range []string{`\w+ account`, `a\s+letter`, `(?:\w+\s+)?account`, `(?i)account`} {
		if got, err := startLiterals(bad); err == nil {
			t.Errorf("%s: got %q, want an error", bad, got)
		}
	}
}
