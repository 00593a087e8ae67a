package rules

import (
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// startLiterals derives the anchors of a pattern: the literal words that
// every match must start with ("(?:chang\w*|updat\w*)\s+…" starts with
// "chang" or "updat"). A leading \b becomes a word-start anchor ("|tt").
// It fails when some match could start with something else (a class like
// \w, a one-byte literal), so every phrase is forced to be anchorable.
func startLiterals(pattern string) ([]string, error) {
	lits, err := literalsOf(pattern)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, l := range lits {
		if !seen[l.anchor] {
			seen[l.anchor] = true
			out = append(out, l.anchor)
		}
	}
	return out, nil
}

// literal is a start literal of a pattern: the anchor spec the scan looks
// for, and the full literal (up to maxLiteralRunes, without word-boundary
// marks) that the text must start with.
type literal struct {
	anchor, full string
}

// literalsOf returns the start literals of a pattern: every match starts
// with one of them.
func literalsOf(pattern string) ([]literal, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	items, ok := prefixes(re.Simplify())
	if !ok {
		return nil, fmt.Errorf("pattern does not start with a literal")
	}
	seen := map[literal]bool{}
	var out []literal
	for _, it := range items {
		s := it.s
		// Keep anchors short (see maxAnchorRunes); a cut anchor loses its
		// word-end mark.
		if r := []rune(strings.TrimPrefix(strings.TrimSuffix(s, "|"), "|")); len(r) > maxAnchorRunes {
			s = string(r[:maxAnchorRunes])
			if strings.HasPrefix(it.s, "|") {
				s = "|" + s
			}
		}
		if len(strings.TrimLeft(s, "|")) < 2 {
			return nil, fmt.Errorf("start literal %q is shorter than two bytes", s)
		}
		l := literal{anchor: s, full: strings.ReplaceAll(it.s, "|", "")}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out, nil
}

// mustStartLiterals is startLiterals for patterns known to be anchorable.
func mustStartLiterals(pattern string) []string {
	s, err := startLiterals(pattern)
	if err != nil {
		panic("rules: " + err.Error() + ": " + pattern)
	}
	return s
}

// prefix is a literal a match can start with; complete means the literal
// covers the whole sub-expression, so the next one may extend it.
type prefix struct {
	s        string
	complete bool
}

// maxPrefixes bounds the expansion of a pattern into start literals, and
// maxAnchorRunes their length: a short anchor is selective enough (the
// regexp checks the rest) and keeps the anchor trie small enough to stay in
// cache.
const (
	maxPrefixes     = 512
	maxAnchorRunes  = 6
	maxLiteralRunes = 16
)

// prefixes returns the start literals of re, or false when a match may
// start with something that is not a literal.
func prefixes(re *syntax.Regexp) ([]prefix, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpBeginText:
		return []prefix{{"", true}}, true
	case syntax.OpWordBoundary:
		return []prefix{{"|", true}}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []prefix{{string(re.Rune), true}}, true
	case syntax.OpCharClass:
		if re.Rune == nil || classHasSpace(re.Rune) {
			// Whitespace varies; the anchor stops before it.
			return nil, false
		}
		var out []prefix
		for i := 0; i < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) >= 10 {
					return nil, false
				}
				out = append(out, prefix{string(r), true})
			}
		}
		return out, true
	case syntax.OpCapture:
		return prefixes(re.Sub[0])
	case syntax.OpAlternate:
		var out []prefix
		for _, sub := range re.Sub {
			ps, ok := prefixes(sub)
			if !ok {
				return nil, false
			}
			out = append(out, ps...)
		}
		return shrink(out), true
	case syntax.OpQuest:
		ps, ok := prefixes(re.Sub[0])
		if !ok {
			return []prefix{{"", false}}, true
		}
		return append(ps, prefix{"", true}), true
	case syntax.OpStar:
		ps, ok := prefixes(re.Sub[0])
		if !ok {
			return []prefix{{"", false}}, true
		}
		out := []prefix{{"", true}}
		for _, p := range ps {
			out = append(out, prefix{p.s, false})
		}
		return out, true
	case syntax.OpPlus:
		ps, ok := prefixes(re.Sub[0])
		if !ok {
			return nil, false
		}
		for i := range ps {
			ps[i].complete = false
		}
		return ps, true
	case syntax.OpRepeat:
		ps, ok := prefixes(re.Sub[0])
		switch {
		case re.Min == 0 && !ok:
			return []prefix{{"", false}}, true
		case re.Min == 0:
			out := []prefix{{"", true}}
			for _, p := range ps {
				out = append(out, prefix{p.s, false})
			}
			return out, true
		case !ok:
			return nil, false
		}
		for i := range ps {
			ps[i].complete = false
		}
		return ps, true
	case syntax.OpConcat:
		cur := []prefix{{"", true}}
		for _, sub := range re.Sub {
			if !anyComplete(cur) {
				break
			}
			ps, ok := prefixes(sub)
			var next []prefix
			for _, c := range cur {
				if !c.complete {
					next = append(next, c)
					continue
				}
				if !ok {
					next = append(next, prefix{c.s, false})
					continue
				}
				for _, p := range ps {
					if p.s == "|" && strings.TrimLeft(c.s, "|") != "" {
						// A word boundary after a literal ends the anchor.
						next = append(next, prefix{c.s + "|", false})
						continue
					}
					next = append(next, prefix{c.s + p.s, p.complete})
				}
			}
			if len(next) > maxPrefixes {
				// Too many combinations: keep the literals found so far,
				// unextended (shorter anchors are still valid anchors).
				for i := range cur {
					cur[i].complete = false
				}
				break
			}
			cur = shrink(next)
			// Stop extending literals that are already long enough to be
			// selective anchors.
			for i := range cur {
				if cur[i].complete && utf8.RuneCountInString(strings.TrimLeft(cur[i].s, "|")) >= maxLiteralRunes {
					cur[i].complete = false
				}
			}
		}
		return cur, true
	}
	return nil, false
}

// classHasSpace reports whether a character class (rune range pairs)
// contains a space, tab or line break.
func classHasSpace(ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		for _, r := range []rune{' ', '\t', '\n', '\r', '\f', '\v'} {
			if ranges[i] <= r && r <= ranges[i+1] {
				return true
			}
		}
	}
	return false
}

// shrink keeps a prefix list within maxPrefixes by cutting the literals to
// fewer runes (a shorter anchor is still a valid one) and merging duplicates.
func shrink(ps []prefix) []prefix {
	for keep := 6; len(ps) > maxPrefixes && keep >= 2; keep-- {
		seen := map[string]bool{}
		var out []prefix
		for _, p := range ps {
			r := []rune(p.s)
			if len(r) > keep {
				p = prefix{string(r[:keep]), false}
			}
			if !seen[p.s+fmt.Sprint(p.complete)] {
				seen[p.s+fmt.Sprint(p.complete)] = true
				out = append(out, p)
			}
		}
		ps = out
	}
	return ps
}

// anyComplete reports whether one of ps is a complete literal (the pattern ends after it).
func anyComplete(ps []prefix) bool {
	for _, p := range ps {
		if p.complete {
			return true
		}
	}
	return false
}

// minRequired and maxRequired bound a usable set of required literals (see
// requiredLiterals): shorter literals occur almost everywhere, and checking
// many costs more than running the regexp. maxRequiredSets bounds the sets
// kept per pattern.
const (
	minRequired     = 3
	maxRequired     = 12
	maxRequiredSets = 2
)

// requiredLiterals returns sets of literals such that every match of
// pattern contains one literal of each set, the most selective set first
// (see better; each literal at least minRequired bytes, at most
// maxRequired of them per set, at most maxRequiredSets sets), or nil when
// there is no such set. A window that lacks every literal of one set
// cannot hold a match, so the regexp need not run there: most candidate
// windows are rejected this way without touching the regexp's program,
// which is usually cold in the cache.
func requiredLiterals(pattern string) [][]string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	var sets [][]string
	if re.Op == syntax.OpConcat {
		// The first part that reads text holds the start literal, which
		// the anchor already guarantees: look for the literals after it.
		started := false
		for _, sub := range re.Sub {
			switch sub.Op {
			case syntax.OpBeginText, syntax.OpBeginLine, syntax.OpWordBoundary, syntax.OpEmptyMatch:
				continue
			}
			if !started {
				started = true
				continue
			}
			if s, ok := required(sub); ok && len(s) > 0 && len(s) <= maxRequired && shortest(s) >= minRequired {
				sets = append(sets, s)
			}
		}
	}
	slices.SortStableFunc(sets, func(a, b []string) int {
		switch {
		case better(a, b):
			return -1
		case better(b, a):
			return 1
		}
		return 0
	})
	return sets[:min(len(sets), maxRequiredSets)]
}

// required returns a set of literals one of which every match of re
// contains (ok false when none is known). Where several parts of a
// concatenation qualify, the most selective set is kept.
func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return required(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
			if len(out) > maxRequired {
				return nil, false
			}
		}
		return out, true
	case syntax.OpConcat:
		var best []string
		found := false
		for _, sub := range re.Sub {
			s, ok := required(sub)
			if ok && len(s) <= maxRequired && (!found || better(s, best)) {
				best, found = s, true
			}
		}
		return best, found
	}
	return nil, false
}

// better reports whether literal set a is more selective than b: a longer
// shortest literal, then fewer literals.
func better(a, b []string) bool {
	if sa, sb := shortest(a), shortest(b); sa != sb {
		return sa > sb
	}
	return len(a) < len(b)
}

// shortest returns the length in bytes of the shortest literal of set.
func shortest(set []string) int {
	n := -1
	for _, s := range set {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}
