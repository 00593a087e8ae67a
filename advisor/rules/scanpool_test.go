package rules

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestScanReuse checks that a scan recycled through scanPool holds exactly
// what a fresh one does, whatever the previous input was (longer, shorter,
// with more or fewer hits).
func TestScanReuse(t *testing.T) {
	long, err := os.ReadFile("testdata/bench/paste16k.txt")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{string(long), "pay to our new account asap", "", "x", string(long[:3000]), "账户被冻结，请付款到新账户。Pay today!"}
	for _, r := range Default().Rules {
		for _, ex := range r.Examples[:min(2, len(r.Examples))] {
			texts = append(texts, ex.Text)
		}
	}
	fresh := func(text string) *scan {
		low := alignedLower(text)
		hits := mainLex.find(low)
		sc := &scan{text: text, low: low, hits: hits, present: make([]uint64, (len(mainLex.words)+63)/64)}
		for _, h := range hits {
			sc.present[h.word>>6] |= 1 << (uint(h.word) & 63)
		}
		return sc
	}
	for round := range 2 {
		for i, text := range texts {
			if round == 1 {
				text = texts[len(texts)-1-i]
			}
			got := newScan(text, alignedLower(text))
			want := fresh(text)
			if !slices.Equal(got.hits, want.hits) || !slices.Equal(got.present, want.present) {
				t.Fatalf("%q: hits or present anchors differ from a fresh scan", text)
			}
			if !slices.Equal(got.terminators(), want.terminators()) {
				t.Fatalf("%q: terminators differ", text)
			}
			for _, p := range allPhrases {
				if !slices.Equal(got.candidates(p), want.candidates(p)) {
					t.Fatalf("%q: candidates of phrase %d differ", text, p.id)
				}
				gs, gok := p.find(got)
				ws, wok := p.find(want)
				if gs != ws || gok != wok {
					t.Fatalf("%q: phrase %d finds %v %v, fresh scan %v %v", text, p.id, gs, gok, ws, wok)
				}
			}
			for h := range got.hits {
				if got.hitEnd(int32(h)) != got.sentenceEnd(int(got.hits[h].pos)) {
					t.Fatalf("%q: hitEnd(%d) differs from sentenceEnd", text, h)
				}
			}
			got.Release()
		}
	}
}

// TestClassify8 checks the eight-bytes-at-a-time classification against
// wordBytes for every byte value in every lane.
func TestClassify8(t *testing.T) {
	for c := range 256 {
		for lane := range 8 {
			v := uint64(c) << (8 * lane)
			// Fill the other lanes with a letter and a space.
			for k := range 8 {
				if k != lane {
					v |= uint64("a b c d "[k]) << (8 * k)
				}
			}
			word, look := classify8(v)
			for k := range 8 {
				b := byte(v >> (8 * k))
				if got := word>>k&1 == 1; got != wordBytes[b] {
					t.Fatalf("byte %#x in lane %d: word %v", b, k, got)
				}
				if got := look>>k&1 == 1; got != (b > ' ') {
					t.Fatalf("byte %#x in lane %d: look %v", b, k, got)
				}
			}
		}
	}
}

// TestAppendHitsBlocks compares the bitmap search with the naive one on
// texts of every length around the 64-byte blocks, with upper case,
// control characters and non-ASCII bytes, and anchors from the whole
// lexicon.
func TestAppendHitsBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{" ", ".", "\n", "\t", "\x00", "\x7f", "\xff", "é", "Pay", "PAY", "x", "9", "_", "-", "新", "账户"}
	for i, w := range mainLex.words {
		if i%7 == 0 {
			pieces = append(pieces, w.s)
		}
	}
	for n := range 400 {
		var b strings.Builder
		for b.Len() < n%150 {
			b.WriteString(pieces[rng.IntN(len(pieces))])
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

// TestTerminatorsSkip compares terminators, which skips eight bytes at a
// time, with a byte-by-byte reading of isTerminator's definition.
func TestTerminatorsSkip(t *testing.T) {
	naive := func(low string) []int32 {
		var out []int32
		for i := 0; i < len(low); {
			r, size := utf8.DecodeRuneInString(low[i:])
			switch {
			case r == '.':
				if i+1 == len(low) || low[i+1] == ' ' || low[i+1] == '\n' {
					out = append(out, int32(i+1))
				}
			case r < utf8.RuneSelf && isTerminator(r):
				out = append(out, int32(i+1))
			case isTerminator(r) && size == 3 && i+2 < len(low):
				out = append(out, int32(i+3))
			}
			i += size
		}
		return out
	}
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"a", "bc", " ", ".", ". ", ".\n", "!", "?", ";", "\n", "。", "！", "？", "；", "é", "中", "x.y", "\xe3", "\xef\xbc",
		"plain text", "abcdefgh", "some more words", "0123456789"}
	for n := range 500 {
		var b strings.Builder
		for b.Len() < n%90 {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		low := b.String()
		sc := &scan{low: low}
		if got, want := sc.terminators(), naive(low); !slices.Equal(got, want) {
			t.Fatalf("terminators(%q) = %v, want %v", low, got, want)
		}
	}
}
