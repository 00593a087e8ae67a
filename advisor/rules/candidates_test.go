package rules

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// startsAtSpec is the full-literal test matchesIn and matchAfter used to
// make on every hit: low[pos:], where anchor word was found, starts with
// one of the alternative's full start literals for that anchor (always
// true for back phrases, which have none).
func startsAtSpec(a *alt, low string, pos int, word int32) bool {
	if a.full == nil {
		return true
	}
	for _, f := range a.full[word] {
		if strings.HasPrefix(low[pos:], f) {
			return true
		}
	}
	return false
}

// matchesInSpec is matchesIn as a walk over the hits trying every
// alternative.
func matchesInSpec(p *phrase, sc *scan, start, end int) bool {
	i := sort.Search(len(sc.hits), func(i int) bool { return int(sc.hits[i].pos) >= start })
	for ; i < len(sc.hits) && int(sc.hits[i].pos) < end; i++ {
		pos := int(sc.hits[i].pos)
		for ai := range p.alts {
			a := &p.alts[ai]
			if a.anchors.contains(sc.hits[i].word) && startsAtSpec(a, sc.low, pos, sc.hits[i].word) && a.re.MatchString(sc.low[pos:end]) {
				return true
			}
		}
	}
	return false
}

// matchAfterSpec is matchAfter as a walk over the hits trying every
// alternative.
func matchAfterSpec(p *phrase, sc *scan, from, to int) (span, span, bool) {
	i := sort.Search(len(sc.hits), func(i int) bool { return int(sc.hits[i].pos) >= from })
	for ; i < len(sc.hits) && int(sc.hits[i].pos) <= to; i++ {
		pos := int(sc.hits[i].pos)
		end := sc.sentenceEnd(pos)
		for ai := range p.alts {
			a := &p.alts[ai]
			if !a.anchors.contains(sc.hits[i].word) || !startsAtSpec(a, sc.low, pos, sc.hits[i].word) {
				continue
			}
			loc := a.re.FindStringSubmatchIndex(sc.low[pos:end])
			if loc == nil {
				continue
			}
			m := span{pos + loc[0], pos + loc[1]}
			ev := m
			for _, g := range a.ev {
				if loc[2*g] >= 0 {
					ev = span{pos + loc[2*g], pos + loc[2*g+1]}
					break
				}
			}
			return m, ev, true
		}
	}
	return span{}, span{}, false
}

// TestCandidateWalks checks matchesIn and matchAfter, which walk a
// phrase's candidates, against walks over every hit, for every phrase on
// the sentences of real pastes and rule examples.
func TestCandidateWalks(t *testing.T) {
	texts := examplesText()
	files, _ := filepath.Glob("testdata/pastes/*.txt")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	matched, after := 0, 0
	for _, text := range texts {
		sc := newScan(text, alignedLower(text))
		terms := sc.terminators()
		bounds := []int{0}
		for _, e := range terms {
			bounds = append(bounds, int(e))
		}
		bounds = append(bounds, len(sc.low))
		for _, p := range allPhrases {
			for k := 0; k+1 < len(bounds); k++ {
				s, e := bounds[k], bounds[min(k+2, len(bounds)-1)]
				got := p.matchesIn(sc, s, e)
				if want := matchesInSpec(p, sc, s, e); got != want {
					t.Fatalf("phrase %d matchesIn(%q) = %v, want %v", p.id, sc.low[s:e], got, want)
				}
				if got {
					matched++
				}
				m, ev, ok := p.matchAfter(sc, s, min(s+60, e))
				wm, wev, wok := matchAfterSpec(p, sc, s, min(s+60, e))
				if m != wm || ev != wev || ok != wok {
					t.Fatalf("phrase %d matchAfter(%q) = %v %v %v, want %v %v %v", p.id, sc.low[s:e], m, ev, ok, wm, wev, wok)
				}
				if ok {
					after++
				}
			}
		}
		sc.Release()
	}
	t.Logf("%d matches in, %d after", matched, after)
	if matched < 200 || after < 200 {
		t.Errorf("only %d matches in and %d after", matched, after)
	}
}
