package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tradeguard/advisor"
)

// The rules share one pass over the input. Every anchor word of every phrase
// is registered in a package-wide lexicon at start-up; scanOf finds all of
// them in a single left-to-right pass (a bigram-indexed multi-string search)
// and caches the result in advisor.Input.Cache, so thirty rules cost one scan
// plus a few regexp runs on short windows around the anchors that are present.
//
// Why not Rule.Keywords: each strings.Contains over a 4 KiB paste costs about
// 1 µs when the word is absent, and the rules need several hundred anchor
// words (English, Chinese and Spanish phrasings); the shared scan costs a few
// microseconds in total.

// word is one anchor of the lexicon.
type word struct {
	s string
	// wordStart and wordEnd require an ASCII word boundary before/after the
	// anchor (written as a leading or trailing '|' in the anchor spec).
	wordStart, wordEnd bool
}

// lexicon is a set of anchors searched in one pass. It is filled during
// package variable initialisation and frozen by init.
type lexicon struct {
	words  []word
	ids    map[string]int32
	frozen bool
	// table maps the first two bytes of an anchor to 1+ the index of its
	// bucket in buckets (0: no anchor starts with that pair).
	table   [1 << 16]uint16
	buckets [][]int32
}

// mainLex holds the anchors of the phrases; injectionLex those the
// prompt-injection rule looks for in its normalised view of the text.
var mainLex, injectionLex lexicon

// add registers an anchor spec ("wire", "|tt|", "新账户") and returns its
// id. Specs are lower case and at least two bytes long.
func (lx *lexicon) add(spec string) int32 {
	if lx.frozen {
		panic("rules: anchor registered after init: " + spec)
	}
	if lx.ids == nil {
		lx.ids = map[string]int32{}
	}
	if id, ok := lx.ids[spec]; ok {
		return id
	}
	w := word{s: spec}
	if strings.HasPrefix(w.s, "|") {
		w.s, w.wordStart = w.s[1:], true
	}
	if strings.HasSuffix(w.s, "|") {
		w.s, w.wordEnd = w.s[:len(w.s)-1], true
	}
	if len(w.s) < 2 || w.s != strings.ToLower(w.s) {
		panic("rules: bad anchor " + spec)
	}
	id := int32(len(lx.words))
	lx.words = append(lx.words, w)
	lx.ids[spec] = id
	return id
}

// anchors registers several specs in the main lexicon.
func anchors(specs ...string) []int32 {
	ids := make([]int32, len(specs))
	for i, s := range specs {
		ids[i] = mainLex.add(s)
	}
	return ids
}

func (lx *lexicon) freeze() {
	lx.frozen = true
	for id, w := range lx.words {
		k := uint16(w.s[0])<<8 | uint16(w.s[1])
		b := lx.table[k]
		if b == 0 {
			lx.buckets = append(lx.buckets, nil)
			b = uint16(len(lx.buckets))
			lx.table[k] = b
		}
		lx.buckets[b-1] = append(lx.buckets[b-1], int32(id))
	}
}

func init() {
	mainLex.freeze()
	injectionLex.freeze()
}

// find returns every anchor occurrence in low, in text order, and marks
// the anchors present.
func (lx *lexicon) find(low string, present []bool) []hit {
	var hits []hit
	for i := 0; i+1 < len(low); i++ {
		b := lx.table[uint16(low[i])<<8|uint16(low[i+1])]
		if b == 0 {
			continue
		}
		for _, id := range lx.buckets[b-1] {
			w := &lx.words[id]
			if len(low)-i < len(w.s) || low[i:i+len(w.s)] != w.s {
				continue
			}
			if w.wordStart && i > 0 && isWordByte(low[i-1]) {
				continue
			}
			if end := i + len(w.s); w.wordEnd && end < len(low) && isWordByte(low[end]) {
				continue
			}
			hits = append(hits, hit{pos: int32(i), word: id})
			if present != nil {
				present[id] = true
			}
		}
	}
	return hits
}

// hit is one anchor occurrence.
type hit struct {
	pos  int32
	word int32
}

// scan is the shared, per-input view the rules read.
type scan struct {
	// text is the judged input; low is its lower-case form with the same
	// byte offsets (see alignedLower).
	text, low string
	// hits are all anchor occurrences in text order.
	hits []hit
	// present[id] is true when anchor id occurs.
	present []bool
	// memo holds per-input results that several rules share (see memo).
	memo map[string]any
}

// scanOf returns the scan of in, computing and caching it on first use.
func scanOf(in *advisor.Input) *scan {
	if sc, ok := in.Cache.(*scan); ok && sc.text == in.Text {
		return sc
	}
	sc := newScan(in.Text, in.Lower)
	if in.Cache == nil {
		in.Cache = sc
	}
	return sc
}

// memo returns the cached value for key, computing it with f once per input.
func (sc *scan) memoize(key string, f func() any) any {
	if v, ok := sc.memo[key]; ok {
		return v
	}
	if sc.memo == nil {
		sc.memo = map[string]any{}
	}
	v := f()
	sc.memo[key] = v
	return v
}

func newScan(text, lower string) *scan {
	low := lower
	if len(low) != len(text) || !isASCII(text) {
		low = alignedLower(text)
	}
	sc := &scan{text: text, low: low, present: make([]bool, len(mainLex.words))}
	sc.hits = mainLex.find(low, sc.present)
	return sc
}

// has reports whether any of the anchors occurs.
func (sc *scan) has(ids []int32) bool {
	for _, id := range ids {
		if sc.present[id] {
			return true
		}
	}
	return false
}

// isWordByte reports whether c is an ASCII letter or digit.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isASCII reports whether s is pure ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if v&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// alignedLower lower-cases s rune by rune, keeping a rune unchanged when its
// lower-case form has a different UTF-8 length, so every byte offset into the
// result is a valid offset into s (strings.ToLower does not promise that:
// 'İ' and the Kelvin sign shrink, 'Ⱥ' grows).
func alignedLower(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if lr := unicode.ToLower(r); lr != r && r != utf8.RuneError && utf8.RuneLen(lr) == n {
			utf8.EncodeRune(b[i:], lr)
		} else {
			copy(b[i:i+n], s[i:i+n])
		}
		i += n
	}
	return string(b)
}
