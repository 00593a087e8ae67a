package rules

import (
	"os"
	"slices"
	"testing"
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
