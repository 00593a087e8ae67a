package rules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveFind is the specification of lexicon.find: every anchor at every
// position, with the word-start and boundary rules.
func naiveFind(lx *lexicon, low string) []hit {
	var out []hit
	for i := 0; i+1 < len(low); i++ {
		if i > 0 && isWordByte(low[i]) && isWordByte(low[i-1]) {
			continue
		}
		for id, w := range lx.words {
			if !strings.HasPrefix(low[i:], w.s) {
				continue
			}
			if w.wordStart && i > 0 && isWordByte(low[i-1]) {
				continue
			}
			if end := i + len(w.s); w.wordEnd && end < len(low) && isWordByte(low[end]) {
				continue
			}
			out = append(out, hit{pos: int32(i), word: int32(id)})
		}
	}
	return out
}

func sortHits(h []hit) {
	slices.SortFunc(h, func(a, b hit) int {
		if a.pos != b.pos {
			return int(a.pos - b.pos)
		}
		return int(a.word - b.word)
	})
}

// TestLexiconFind compares the trie search with the naive one on texts
// built from anchor fragments, so that many anchors overlap.
func TestLexiconFind(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{" ", ".", ",", "\n", "x", "9", "ta", "新", "账户"}
	for _, w := range mainLex.words[:min(len(mainLex.words), 400)] {
		pieces = append(pieces, w.s)
	}
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(3) == 0 {
				b.WriteByte(' ')
			}
		}
		low := b.String()
		got := mainLex.find(low)
		want := naiveFind(&mainLex, low)
		sortHits(got)
		sortHits(want)
		if !slices.Equal(got, want) {
			t.Fatalf("find(%q):\n got %v\nwant %v", low, got, want)
		}
	}
}

func TestAlignedLower(t *testing.T) {
	for _, s := range []string{"Hello WORLD", "İstanbul KELVIN K Ⱥ", "中文 ABC", "\xff\xfeA", ""} {
		low := alignedLower(s)
		if len(low) != len(s) {
			t.Errorf("alignedLower(%q) = %q: length %d, want %d", s, low, len(low), len(s))
		}
	}
	if got := alignedLower("ABC Ñandú"); got != "abc ñandú" {
		t.Errorf("alignedLower = %q", got)
	}
	if !aligned("Hello Ñ", strings.ToLower("Hello Ñ")) || aligned("İx", strings.ToLower("İx")) {
		t.Error("aligned misjudges")
	}
}
