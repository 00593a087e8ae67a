package knowledge

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The analyzer turns text into index terms. The same steps run over guide
// sections when the index is built and over queries when it is searched:
//
//  1. words: maximal runs of letters, digits and marks; apostrophes inside a
//     word stay ("supplier's", "won't"), and short slash or ampersand
//     compounds stay whole ("T/T", "L/C", "AC&E"), so abbreviations survive;
//  2. normalisation: NFKC, Unicode case folding and accent removal for words
//     that are not plain ASCII (ASCII words are just lower-cased, which is the
//     same thing, faster);
//  3. contractions: "…'s" loses the "'s", "…n't" becomes "not";
//  4. abbreviations: the domain thesaurus rewrites a word or word pair to its
//     canonical words ("ta" → "trade assurance", "t/t" → "wire transfer"),
//     on both sides, so a section that writes "TA" matches "trade assurance";
//  5. stop words (English, a few Spanish function words, and URL noise) are
//     dropped; "not", "no", "off", "up", "after" and "before" are kept
//     because they change meaning here ("not covered", "off the platform",
//     "up front", "after delivery");
//  6. Snowball (Porter 2) English stemming.
//
// Query-only expansion with related words ("refund" → "dispute") is done by
// the index (see thesaurus.go), because it needs weights.

// maxWordBytes bounds a word; longer runs (base64, hashes) are dropped.
const maxWordBytes = 40

// forEachWord calls fn for each word of s, normalised and folded (steps 1–3
// above), before abbreviations, stop words and stemming.
func forEachWord(s string, fn func(w string)) {
	i := 0
	for i < len(s) {
		// Skip to the start of a word.
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		ascii, apos := true, false
		for i < len(s) {
			r, size = rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if isWordRune(r) {
				if r >= utf8.RuneSelf {
					ascii = false
				}
				i += size
				continue
			}
			// An apostrophe between letters stays in the word.
			if (r == '\'' || r == '’') && i+size < len(s) && i > start && isWordRune(nextRune(s, i+size)) {
				if r >= utf8.RuneSelf {
					ascii = false
				}
				apos = true
				i += size
				continue
			}
			// "T/T", "L/C", "AC&E": a short run, '/' or '&', a short run.
			if (r == '/' || r == '&') && i-start <= 2 && shortRunAfter(s, i+1) {
				i++
				continue
			}
			break
		}
		word := s[start:i]
		if len(word) > maxWordBytes {
			continue
		}
		if ascii {
			word = lowerASCII(word)
		} else {
			word = foldWord(word)
		}
		if word == "" {
			// Folding can empty a word (a script made only of marks after
			// accent removal); an empty term would break callers.
			continue
		}
		if apos {
			emitContraction(word, fn)
		} else {
			fn(word)
		}
	}
}

// emitContraction applies the contraction rules to a folded word with an
// apostrophe.
func emitContraction(w string, fn func(string)) {
	w = strings.ReplaceAll(w, "’", "'")
	switch {
	case strings.HasSuffix(w, "n't"):
		fn("not")
		return
	case strings.HasSuffix(w, "'s"):
		w = w[:len(w)-2]
	}
	w = strings.ReplaceAll(w, "'", "")
	if w != "" {
		fn(w)
	}
}

func nextRune(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// shortRunAfter reports whether s[i:] starts with one or two word runes
// followed by a non-word rune or the end.
func shortRunAfter(s string, i int) bool {
	n := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		n++
		i += size
		if n > 2 {
			return false
		}
	}
	return n > 0
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// lowerASCII lower-cases an ASCII word, allocating only when it has upper case.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// foldPool holds transformers for non-ASCII words: NFKC, case folding, then
// accents removed ("Mercancía" → "mercancia", "ＴＡ" → "ta"). Transformers
// are stateful, hence the pool.
var foldPool = sync.Pool{New: func() any {
	return transform.Chain(norm.NFKC, cases.Fold(), norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func foldWord(w string) string {
	t := foldPool.Get().(transform.Transformer)
	out, _, err := transform.String(t, w)
	t.Reset()
	foldPool.Put(t)
	if err != nil {
		return strings.ToLower(w)
	}
	return out
}

// stopWords are dropped before stemming. The list is Snowball's English list
// without the words that carry meaning in this domain (see the analyzer
// doc), plus Spanish function words (buyers mix languages) and URL noise.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a about above again all am an and any are as at be because been being
		against below between both but by can could did do does doing during each
		few for from further had has have having he her here hers herself him
		himself his how i if in into is it its itself just me more most my
		myself nor now of on once or other our ours ourselves own s same she
		should so some such t than that the their theirs them themselves then
		there these they this those through to too very was we were what when
		where which while who whom why will with would you your yours yourself
		yourselves im ive id ill youre get got also may might must shall let
		lol pls please hi hello thanks thank ok okay u ur r
		de del la las el los un una unos unas y o que en por para con es mi me
		se lo le al su sus este esta como pero si muy
		www http https com html
	`) {
		m[w] = true
	}
	return m
}()

// stem returns the Snowball English stem of a folded word. Words with digits,
// compounds ("t/t") and non-Latin words are their own stems: the English
// stemmer would only mangle them.
func stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z') {
			return w
		}
	}
	return english.Stem(w, true)
}

// stemCache memoises stem for query words the index has not seen (names,
// typos, words the guide does not use), which would otherwise run the
// Snowball stemmer on every query. Stemming is pure, so one cache serves
// every index; it stops growing at stemCacheMax entries.
var (
	stemCache    sync.Map // string → string
	stemCacheLen atomic.Int64
)

const stemCacheMax = 1 << 16

// cachedStem is stem through stemCache.
func cachedStem(w string) string {
	if v, ok := stemCache.Load(w); ok {
		return v.(string)
	}
	st := stem(w)
	if stemCacheLen.Load() < stemCacheMax && len(w) <= maxWordBytes {
		if _, loaded := stemCache.LoadOrStore(strings.Clone(w), st); !loaded {
			stemCacheLen.Add(1)
		}
	}
	return st
}

// keepWord reports whether a folded word can be a term: not a stop word and
// not a single letter (single digits stay: "30 days or 15").
func keepWord(w string) bool {
	if stopWords[w] {
		return false
	}
	if len(w) == 1 && !('0' <= w[0] && w[0] <= '9') {
		return false
	}
	return true
}
