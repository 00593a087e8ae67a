package advisor

import (
	"slices"
	"testing"

	"tradeguard/knowledge"
)

// overlapShare is textWords.overlap computed from the text itself, as
// pickStep did before wordCache: the share of a sentence's words that are
// in the advice (given as wordHashes).
func overlapShare(sentence string, advice []uint64) float64 {
	if len(advice) == 0 {
		return 0
	}
	n, in := 0, 0
	eachWord(sentence, func(w []byte) bool {
		n++
		if _, found := slices.BinarySearch(advice, hashWord(w)); found {
			in++
		}
		return true
	})
	if n == 0 {
		return 0
	}
	return float64(in) / float64(n)
}

// TestWordsOfMatchesDirect checks that the cached textWords of every guide
// sentence give what pickStep computed directly before the cache: the word
// hashes, the overlap with a flag's advice, and isAction.
func TestWordsOfMatchesDirect(t *testing.T) {
	ix := knowledge.NewIndex(knowledge.Builtin())
	advices := []string{"", "Pay only inside the Trade Assurance order on Alibaba.com, to the account the order page shows.",
		"Do not pay the new account. Call the supplier on the phone number shown on their Alibaba.com profile.",
		"Slow down: a real supplier can wait a day while you verify."}
	var sentences []knowledge.Sentence
	for i, sec := range ix.Sections() {
		_, ss := ix.Sentences(sec.Title, "pay")
		sentences = append(sentences, ss...)
		if i%8 == 0 && len(ss) > 0 {
			advices = append(advices, ss[0].Text)
		}
	}
	if len(sentences) < 100 {
		t.Fatalf("only %d guide sentences", len(sentences))
	}
	for _, s := range sentences {
		for pass := range 2 { // computed, then from the cache
			tw := wordsOf(s.Text)
			if !slices.Equal(tw.set, wordHashes(s.Text)) {
				t.Fatalf("pass %d: words of %q differ", pass, s.Text)
			}
			for _, a := range advices {
				if got, want := tw.overlap(wordHashes(a)), overlapShare(s.Text, wordHashes(a)); got != want {
					t.Fatalf("pass %d: overlap of %q with %q = %v, want %v", pass, s.Text, a, got, want)
				}
			}
			if got, want := isActionCached(s), isAction(s); got != want {
				t.Fatalf("pass %d: isActionCached(%+v) = %v, want %v", pass, s, got, want)
			}
			// The same text as a list item under each kind of lead-in.
			for _, lead := range []string{"What to do before paying:", "Examples:", s.Text} {
				item := knowledge.Sentence{Text: s.Text, Bullet: true, LeadIn: lead}
				if got, want := isActionCached(item), isAction(item); got != want {
					t.Fatalf("pass %d: isActionCached(%+v) = %v, want %v", pass, item, got, want)
				}
			}
		}
	}
}
