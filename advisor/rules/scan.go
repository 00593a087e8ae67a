package rules

import (
	"math/bits"
	"slices"
	"strings"
	"sync"
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
	s    string
	spec string // as registered, with its '|' marks
	// wordStart and wordEnd require an ASCII word boundary before/after the
	// anchor (written as a leading or trailing '|' in the anchor spec).
	wordStart, wordEnd bool
}

// lexicon is a set of anchors searched in one pass. It is filled during
// package variable initialisation and frozen by init into a byte trie whose
// first two levels are a table indexed by the first two bytes, so the search
// costs a table lookup per word start plus a short walk where an anchor may
// start. An anchor that starts with an ASCII letter or digit matches only at
// the start of a word ("chang" finds "changed", not "exchange").
type lexicon struct {
	words  []word
	ids    map[string]int32
	frozen bool
	// rowOf[b0] is 1+ the row of rows for anchors starting with byte b0
	// (0: none); rows[row][b1] is 1+ the index of the trie node reached
	// after the first two bytes (0: no anchor starts with that pair). Small
	// and dense, so the search stays in cache.
	rowOf [256]uint8
	rows  [][256]int32
	// nodes hold the trie below the first two bytes; the children of a
	// node are contiguous and sorted by byte, so finding one reads the
	// nodes the walk goes on with. ends are the anchors ending at each
	// node, as id<<2 | endWordStart | endWordEnd (the boundary rules of
	// the anchor, so the walk never reads words).
	nodes []trieNode
	ends  []int32
	// two marks the byte pairs that are whole anchors; three marks (a hash
	// of) the first three bytes of longer anchors. Both fit in L1 cache and
	// reject most word starts before the trie is touched.
	two, three [1 << 10]uint64
}

// trieNode is a node of the anchor trie, reached from its parent by byte
// b: its children are nodes[kids:kids+nKids], the anchors ending here
// ends[ends:ends+nEnds].
type trieNode struct {
	b, nKids, nEnds byte
	kids, ends      int32
}

// Flags of an entry of lexicon.ends.
const (
	endWordStart = 2
	endWordEnd   = 1
)

// child returns the child of n for byte c, or -1.
func (lx *lexicon) child(n *trieNode, c byte) int32 {
	for k := n.kids; k < n.kids+int32(n.nKids); k++ {
		if b := lx.nodes[k].b; b == c {
			return k
		} else if b > c {
			break
		}
	}
	return -1
}

// hash3 hashes three bytes to 16 bits for the three filter.
func hash3(a, b, c byte) uint32 {
	return (uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761 >> 16
}

// setBit sets bit i of t.
func setBit(t *[1 << 10]uint64, i uint32) { t[i>>6] |= 1 << (i & 63) }

// hasBit reports whether bit i of t is set.
func hasBit(t *[1 << 10]uint64, i uint32) bool {
	return t[i>>6]&(1<<(i&63)) != 0
}

// mainLex holds the anchors of all phrases.
var mainLex lexicon

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
	w := word{s: spec, spec: spec}
	if strings.HasPrefix(w.s, "|") {
		w.s, w.wordStart = w.s[1:], true
	}
	if strings.HasSuffix(w.s, "|") {
		w.s, w.wordEnd = w.s[:len(w.s)-1], true
	}
	if len(w.s) < 2 || w.s != strings.ToLower(w.s) || w.s[0] <= ' ' {
		// (appendHits never looks for anchors at spaces and control
		// characters.)
		panic("rules: bad anchor " + spec)
	}
	id := int32(len(lx.words))
	lx.words = append(lx.words, w)
	lx.ids[spec] = id
	return id
}

// anchorSet is a set of anchors of one lexicon with O(1) membership.
type anchorSet struct {
	lex  *lexicon
	ids  []int32
	bits []uint64 // built by init, once the lexicon is frozen
}

// allSets are all anchor sets, so init can build their bitmaps.
var allSets []*anchorSet

// anchors registers specs in the main lexicon and returns their set.
func anchors(specs ...string) *anchorSet { return mainLex.set(specs...) }

// set registers specs in lx and returns their set.
func (lx *lexicon) set(specs ...string) *anchorSet {
	a := &anchorSet{lex: lx, ids: make([]int32, len(specs))}
	for i, s := range specs {
		a.ids[i] = lx.add(s)
	}
	allSets = append(allSets, a)
	return a
}

// meets reports whether any anchor of the set is marked in present (a
// bitmap over the lexicon).
func (a *anchorSet) meets(present []uint64) bool {
	for i, w := range a.bits {
		if w&present[i] != 0 {
			return true
		}
	}
	return false
}

// contains reports whether anchor id is in the set.
func (a *anchorSet) contains(id int32) bool {
	return a.bits[id>>6]&(1<<(uint(id)&63)) != 0
}

// freeze builds the flat trie tables and byte filters of lx once every anchor is added.
func (lx *lexicon) freeze() {
	lx.frozen = true
	for _, w := range lx.words {
		if len(w.s) == 2 {
			setBit(&lx.two, uint32(w.s[0])<<8|uint32(w.s[1]))
		} else {
			setBit(&lx.three, hash3(w.s[0], w.s[1], w.s[2]))
		}
	}
	// Build a pointer trie below each two-byte prefix, then flatten it.
	type node struct {
		next  map[byte]*node
		words []int32
	}
	roots := map[uint16]*node{}
	for id, w := range lx.words {
		k := uint16(w.s[0])<<8 | uint16(w.s[1])
		n := roots[k]
		if n == nil {
			n = &node{}
			roots[k] = n
		}
		for i := 2; i < len(w.s); i++ {
			c := w.s[i]
			if n.next == nil {
				n.next = map[byte]*node{}
			}
			if n.next[c] == nil {
				n.next[c] = &node{}
			}
			n = n.next[c]
		}
		n.words = append(n.words, int32(id))
	}
	// flatten fills nodes[idx] (already placed, with its byte) from n and
	// places n's children, together, after every node placed so far.
	var flatten func(n *node, idx int32)
	flatten = func(n *node, idx int32) {
		keys := make([]byte, 0, len(n.next))
		for c := range n.next {
			keys = append(keys, c)
		}
		slices.Sort(keys)
		if len(keys) > 255 || len(n.words) > 255 {
			panic("rules: anchor trie node too wide")
		}
		kids := int32(len(lx.nodes))
		for _, c := range keys {
			lx.nodes = append(lx.nodes, trieNode{b: c})
		}
		tn := &lx.nodes[idx]
		tn.kids, tn.nKids = kids, byte(len(keys))
		tn.ends, tn.nEnds = int32(len(lx.ends)), byte(len(n.words))
		for _, id := range n.words {
			e := id << 2
			if lx.words[id].wordStart {
				e |= endWordStart
			}
			if lx.words[id].wordEnd {
				e |= endWordEnd
			}
			lx.ends = append(lx.ends, e)
		}
		for i, c := range keys {
			flatten(n.next[c], kids+int32(i))
		}
	}
	keys := make([]uint16, 0, len(roots))
	for k := range roots {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b0, b1 := byte(k>>8), byte(k)
		if lx.rowOf[b0] == 0 {
			lx.rows = append(lx.rows, [256]int32{})
			if len(lx.rows) > 255 {
				panic("rules: too many anchor start bytes")
			}
			lx.rowOf[b0] = uint8(len(lx.rows))
		}
		idx := int32(len(lx.nodes))
		lx.nodes = append(lx.nodes, trieNode{})
		flatten(roots[k], idx)
		lx.rows[lx.rowOf[b0]-1][b1] = idx + 1
	}
}

// init freezes the lexicons and builds the anchor index once every phrase is registered.
func init() {
	mainLex.freeze()
	indexAnchors()
	for _, a := range allSets {
		a.bits = make([]uint64, (len(a.lex.words)+63)/64)
		for _, id := range a.ids {
			a.bits[id>>6] |= 1 << (uint(id) & 63)
		}
	}
}

// find returns every anchor occurrence in low, in text order.
func (lx *lexicon) find(low string) []hit {
	return lx.appendHits(make([]hit, 0, len(low)/32), low)
}

// appendHits appends every anchor occurrence in low, in text order, to hits.
func (lx *lexicon) appendHits(hits []hit, low string) []hit {
	// Anchors that start with a letter or digit only match at the start of
	// a word, and none starts with a space or a control character: the
	// positions worth a look are found 64 at a time as bitmaps (eight
	// bytes at a time), so word interiors and spaces cost nothing each.
	// The last byte cannot start an anchor (anchors have two bytes or more).
	last := len(low) - 1
	var prevWord uint64 // 1 when the byte before the block is a word byte
	for base := 0; base < last; base += 64 {
		m := min(64, last-base)
		var word, look uint64
		j := 0
		for ; j+8 <= m; j += 8 {
			w, l := classify8(load64(low, base+j))
			word |= w << j
			look |= l << j
		}
		for ; j < m; j++ {
			c := low[base+j]
			word |= uint64(wordBits[c]) << j
			if c > ' ' {
				look |= 1 << j
			}
		}
		interior := word & (word<<1 | prevWord)
		prevWord = word >> 63
		for check := look &^ interior; check != 0; check &= check - 1 {
			hits = lx.hitsAt(hits, low, base+bits.TrailingZeros64(check))
		}
	}
	return hits
}

// Byte masks for classify8.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// classify8 classifies the eight bytes of v (little-endian): bit k of
// word is set when byte k is an ASCII letter or digit (wordBytes), bit k
// of look when it is above ' ' (not a space or control character).
func classify8(v uint64) (word, look uint64) {
	h := v &^ highBits
	in := func(lo, hi byte) uint64 {
		return (h + lowBits*uint64(0x80-lo)) &^ (h + lowBits*uint64(0x80-hi-1))
	}
	w := (in('0', '9') | in('a', 'z') | in('A', 'Z')) &^ v & highBits
	l := ((h + lowBits*(0x80-0x21)) | v) & highBits
	return gather8(w), gather8(l)
}

// gather8 packs the high bits of the eight bytes of v into bits 0–7.
func gather8(v uint64) uint64 {
	return (v >> 7) * 0x0102040810204080 >> 56
}

// load64 returns the eight bytes of s at i as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hitsAt appends the anchors that occur at low[i:] to hits.
func (lx *lexicon) hitsAt(hits []hit, low string, i int) []hit {
	c := low[i]
	if lx.rowOf[c] == 0 {
		return hits
	}
	if i+2 < len(low) && !hasBit(&lx.two, uint32(c)<<8|uint32(low[i+1])) && !hasBit(&lx.three, hash3(c, low[i+1], low[i+2])) {
		return hits
	}
	n := lx.rows[lx.rowOf[c]-1][low[i+1]]
	if n == 0 {
		return hits
	}
	node := &lx.nodes[n-1]
	for j := i + 2; ; j++ {
		for _, e := range lx.ends[node.ends : node.ends+int32(node.nEnds)] {
			if e&endWordStart != 0 && i > 0 && wordBytes[low[i-1]] {
				continue
			}
			if e&endWordEnd != 0 && j < len(low) && wordBytes[low[j]] {
				continue
			}
			hits = append(hits, hit{pos: int32(i), word: e >> 2})
		}
		if j >= len(low) {
			return hits
		}
		next := lx.child(node, low[j])
		if next < 0 {
			return hits
		}
		node = &lx.nodes[next]
	}
}

// wordBits is wordBytes as 0 or 1.
var wordBits = func() (t [256]uint8) {
	for c := range 256 {
		if wordBytes[c] {
			t[c] = 1
		}
	}
	return t
}()

// hit is one anchor occurrence.
type hit struct {
	pos  int32
	word int32
}

// scan is the shared, per-input view the rules read. Its slices are
// recycled through scanPool (see Release), so a scan is built without
// allocating once the pool is warm.
type scan struct {
	// text is the judged input; low is its lower-case form with the same
	// byte offsets (see alignedLower).
	text, low string
	// hits are all anchor occurrences in text order.
	hits []hit
	// present marks the anchors that occur (a bitmap over the lexicon).
	present []uint64
	// cands holds every phrase's candidates, candStart where each phrase's
	// begin, once haveCands is set (see candidates); candNext is scratch
	// space for building them.
	cands     []candidate
	candStart []int32
	candNext  []int32
	haveCands bool
	// memo holds per-input results that several rules share (see memo).
	memo map[string]any
	// terms are the sentence ends, once haveTerms is set (see terminators).
	terms     []int32
	haveTerms bool
	// hitEnds[i] is sentenceEnd of hit i's position, once haveHitEnds is
	// set (see hitEnd).
	hitEnds     []int32
	haveHitEnds bool
}

// scanPool recycles scans (see Release).
var scanPool = sync.Pool{New: func() any { return new(scan) }}

// Release returns the scan's memory to a pool once nothing reads it any
// more: advisor.Advise calls it when it is done with the Input whose Cache
// holds the scan. The scan must not be used afterwards. Scans that are
// never released are simply collected.
func (sc *scan) Release() {
	sc.text, sc.low = "", ""
	sc.haveCands, sc.haveTerms, sc.haveHitEnds = false, false, false
	clear(sc.memo)
	scanPool.Put(sc)
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

// newScan scans text (and its lower-cased form) once for every anchor of the main lexicon.
func newScan(text, lower string) *scan {
	low := lower
	if !aligned(text, lower) {
		low = alignedLower(text)
	}
	return newLexScan(text, low, &mainLex)
}

// aligned reports whether lower (strings.ToLower of text) has the same byte
// offsets as text: the same length and every non-ASCII rune the same size.
func aligned(text, lower string) bool {
	if len(text) != len(lower) {
		return false
	}
	for i := 0; i < len(text); {
		// Skip ASCII eight bytes at a time.
		if i+8 <= len(text) {
			v := uint64(text[i]) | uint64(text[i+1])<<8 | uint64(text[i+2])<<16 | uint64(text[i+3])<<24 |
				uint64(text[i+4])<<32 | uint64(text[i+5])<<40 | uint64(text[i+6])<<48 | uint64(text[i+7])<<56
			if v&0x8080808080808080 == 0 {
				i += 8
				continue
			}
		}
		if text[i] < utf8.RuneSelf {
			if lower[i] >= utf8.RuneSelf {
				return false
			}
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		if _, m := utf8.DecodeRuneInString(lower[i:]); m != n {
			return false
		}
		i += n
	}
	return true
}

// newLexScan scans low (the aligned lower-case form of text) for the
// anchors of lx. The scan comes from scanPool.
func newLexScan(text, low string, lx *lexicon) *scan {
	sc := scanPool.Get().(*scan)
	sc.text, sc.low = text, low
	if sc.hits == nil {
		sc.hits = make([]hit, 0, len(low)/32)
	}
	sc.hits = lx.appendHits(sc.hits[:0], low)
	sc.present = resize(sc.present, (len(lx.words)+63)/64)
	clear(sc.present)
	for _, h := range sc.hits {
		sc.present[h.word>>6] |= 1 << (uint(h.word) & 63)
	}
	return sc
}

// resize returns s with length n, reusing its array when it is large
// enough; the contents are unspecified.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// has reports whether any of the anchors occurs.
func (sc *scan) has(a *anchorSet) bool {
	for _, id := range a.ids {
		if sc.present[id>>6]&(1<<(uint(id)&63)) != 0 {
			return true
		}
	}
	return false
}

// isWordByte reports whether c is an ASCII letter or digit.
func isWordByte(c byte) bool { return wordBytes[c] }

// wordBytes marks the ASCII letters and digits.
var wordBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

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
