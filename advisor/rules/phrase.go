package rules

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// phrase is a text pattern, matched only where one of its anchors occurs:
// each alternative of the pattern is compiled on its own, anchored at the
// start of the anchor word, and run on the rest of that sentence (at most
// maxReach bytes) — never on the whole input. The anchors are derived from
// the pattern itself (the literal words every match starts with, see
// startLiterals), so they cannot drift apart.
//
// This shape is what keeps thirty rules within a few tens of microseconds on
// a 4 KiB paste: an unanchored search with a large alternation costs Go's
// regexp package tens of microseconds per window, and even an anchored one
// pays for clearing a visited-state bitmap proportional to the program
// size; small anchored programs cost well under a microsecond per attempt.
type phrase struct {
	// id indexes allPhrases (and a scan's candidate lists).
	id   int32
	alts []alt
	// need, when set, must also occur in the sentence (see needs).
	need *anchorSet
	// not, when set, cancels a match if it matches in the sentence around
	// it (negations, near-miss contexts); it is itself a phrase, matched at
	// its anchors. question cancels a match inside a question sentence
	// (questionNot).
	not      *phrase
	question bool
	// back, when set, lets a match start up to back bytes before the
	// anchor: the regexp is then unanchored and runs from there (see
	// newBackPhrase).
	back int
	// then, when set, must match within gap bytes after p's own match in
	// the same sentence (see newPairPhrase); ev says which part is the
	// evidence.
	then *phrase
	gap  int
	ev   evPart
}

// evPart selects the evidence of a pair phrase.
type evPart int

const (
	evBoth   evPart = iota // from the start of the first part to the end of the second
	evFirst                // the first part (or its "ev" group)
	evSecond               // the second part (or its "ev" group)
)

// alt is one alternative of a phrase.
type alt struct {
	anchors *anchorSet
	// full are the alternative's whole start literals by anchor: a cheap
	// prefix test before the regexp runs (anchors are cut to six
	// characters).
	full map[int32][]string
	// re matches at the anchor; its first group named "ev…" that matched
	// is the evidence, else the whole match is.
	re *regexp.Regexp
	ev []int
	// req are sets of literals such that every match of re contains one
	// literal of each (see requiredLiterals and mayMatch).
	req [][]string
}

// maxReach bounds a sentence window on either side of an anchor, and
// maxMatch the text an anchored attempt may read, in bytes (a shorter input
// is a smaller backtracking state to clear).
const (
	maxReach = 160
	maxMatch = 110
)

// newPhrase registers a phrase of the main lexicon. pattern and not are
// written in lower case; every alternative of pattern must start with a
// literal of two bytes or more (TestPhrasesAnchorable checks it).
func newPhrase(pattern, not string) *phrase { return lexPhrase(&mainLex, pattern, not) }

// lexPhrase is newPhrase on lexicon lx.
func lexPhrase(lx *lexicon, pattern, not string) *phrase {
	p := &phrase{}
	for _, sub := range distribute(splitAlternatives(pattern)) {
		lits, err := literalsOf(sub)
		if err != nil {
			// TestPhrasesAnchorable reports it; such an alternative never matches.
			phraseErrors = append(phraseErrors, err.Error()+": "+sub)
			continue
		}
		var specs []string
		full := map[int32][]string{}
		for _, l := range lits {
			id := lx.add(l.anchor)
			if len(full[id]) == 0 {
				specs = append(specs, l.anchor)
			}
			full[id] = append(full[id], l.full)
		}
		a := newAlt(lx.set(specs...), `^(?:`+sub+`)`)
		a.full = full
		p.alts = append(p.alts, a)
	}
	return register(p, not)
}

// newPairPhrase registers a phrase "first, then second within gap bytes in
// the same sentence": the shape of a regexp first[^.!?\n]{0,gap}?second,
// matched as two anchored parts at their own anchors, so the gap is never
// scanned by a regexp.
func newPairPhrase(first string, gap int, second string, ev evPart, not string) *phrase {
	p := lexPhrase(&mainLex, first, not)
	p.then = lexPhrase(&mainLex, second, "")
	p.gap, p.ev = gap, ev
	return p
}

// newBackPhrase registers a phrase whose matches may start up to back bytes
// before one of the given anchors ("half of them are broken" is anchored at
// "broken"). Use it only where no start literal exists: the search is
// unanchored over that short stretch.
func newBackPhrase(anchorSpecs []string, back int, pattern, not string) *phrase {
	return lexBackPhrase(&mainLex, anchorSpecs, back, pattern, not)
}

// lexBackPhrase is newBackPhrase on lexicon lx.
func lexBackPhrase(lx *lexicon, anchorSpecs []string, back int, pattern, not string) *phrase {
	p := &phrase{alts: []alt{newAlt(lx.set(anchorSpecs...), pattern)}, back: back}
	return register(p, not)
}

// newAlt compiles one alternative of a phrase, anchored at the start of its window, with the anchors that may start it.
func newAlt(anchors *anchorSet, pattern string) alt {
	a := alt{anchors: anchors, re: regexp.MustCompile(pattern), req: requiredLiterals(pattern)}
	for i, name := range a.re.SubexpNames() {
		if strings.HasPrefix(name, "ev") {
			a.ev = append(a.ev, i)
		}
	}
	return a
}

// mayMatch reports whether window can hold a match of a: it contains a
// literal of each of a's required sets. A cheap test that spares most
// regexp runs on windows that cannot match.
func (a *alt) mayMatch(window string) bool {
	for _, set := range a.req {
		if !containsOneOf(window, set) {
			return false
		}
	}
	return true
}

// containsOneOf reports whether s contains one of lits.
func containsOneOf(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// register records p so indexAnchors can hand it its candidates, and compiles its not pattern.
func register(p *phrase, not string) *phrase {
	if strings.Contains(not, questionNot) {
		p.question = true
		not = strings.Trim(strings.ReplaceAll(not, questionNot, ""), "|")
		not = strings.ReplaceAll(not, "||", "|")
	}
	if not != "" {
		p.not = lexPhrase(&mainLex, not, "")
	}
	p.id = int32(len(allPhrases))
	allPhrases = append(allPhrases, p)
	return p
}

// cancelled reports whether the match m is cancelled by p's near-miss
// contexts in its sentence.
func (p *phrase) cancelled(sc *scan, m span) bool {
	if p.not == nil && !p.question {
		return false
	}
	end := m.end
	if end > m.start {
		end--
	}
	s, e := sc.sentenceStart(m.start), max(sc.sentenceEnd(end), m.end)
	if p.question && isQuestion(sc.low[s:e]) {
		return true
	}
	return p.not != nil && p.not.matchesIn(sc, s, e)
}

// matchesIn reports whether p matches at an anchor inside low[start:end].
func (p *phrase) matchesIn(sc *scan, start, end int) bool {
	for _, c := range sc.candidatesFrom(p, start) {
		pos := int(c.pos)
		if pos >= end {
			break
		}
		if c.full >= 0 && !fullLits[c.full].startOf(sc.low[pos:]) {
			continue
		}
		if a := &p.alts[c.alt]; a.mayMatch(sc.low[pos:end]) && a.re.MatchString(sc.low[pos:end]) {
			return true
		}
	}
	return false
}

// candidatesFrom returns p's candidates at pos or later (see candidates:
// by hit, then by alternative, the order of a walk over the hits that
// tries each alternative whose anchors hold the hit's).
func (sc *scan) candidatesFrom(p *phrase, pos int) []candidate {
	cs := sc.candidates(p)
	i := sort.Search(len(cs), func(i int) bool { return int(cs[i].pos) >= pos })
	return cs[i:]
}

// anyIn reports whether one of the anchors occurs in low[start:end].
func (sc *scan) anyIn(a *anchorSet, start, end int) bool {
	i := sort.Search(len(sc.hits), func(i int) bool { return int(sc.hits[i].pos) >= start })
	for ; i < len(sc.hits) && int(sc.hits[i].pos) < end; i++ {
		if a.contains(sc.hits[i].word) {
			return true
		}
	}
	return false
}

// questionWords start a question ("can I pay outside Alibaba?").
var questionWords = []string{"can", "could", "should", "shall", "is", "are", "do", "does", "would", "will", "what", "how", "why", "when", "which", "may"}

// isQuestion reports whether a sentence is a question: it ends with '?'
// and starts with a question word.
func isQuestion(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "?") {
		return false
	}
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range questionWords {
		if strings.HasPrefix(s, w) && (len(s) == len(w) || !isWordByte(s[len(w)])) {
			return true
		}
	}
	return false
}

// walkSyntax calls fn for each byte of pattern that is regexp syntax at
// the outside (not escaped, not inside a character class), with the group
// depth after that byte; fn returns false to stop.
func walkSyntax(pattern string, fn func(i, depth int, c byte) bool) {
	depth, inClass := 0, false
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
		default:
			if c == '(' {
				depth++
			} else if c == ')' {
				depth--
			}
			if !fn(i, depth, c) {
				return
			}
		}
	}
}

// splitAlternatives splits a pattern at its top-level '|' (outside groups
// and classes).
func splitAlternatives(pattern string) []string {
	var out []string
	start := 0
	walkSyntax(pattern, func(i, depth int, c byte) bool {
		if c == '|' && depth == 0 {
			out = append(out, pattern[start:i])
			start = i + 1
		}
		return true
	})
	return append(out, pattern[start:])
}

// distribute spreads a leading group over the rest of each alternative:
// `(?:pay|wire)\s+now` becomes `pay\s+now` and `wire\s+now`, so each
// anchor runs a small program of its own (a regexp's cost per attempt grows
// with its size). Alternatives whose leading group has no top-level '|' stay.
func distribute(alts []string) []string {
	var out []string
	for _, a := range alts {
		pre := ""
		rest := a
		if strings.HasPrefix(rest, `\b`) {
			pre, rest = `\b`, rest[2:]
		}
		if !strings.HasPrefix(rest, "(?:") {
			out = append(out, a)
			continue
		}
		end := groupEnd(rest)
		inner := splitAlternatives(rest[3:end])
		if end < 0 || len(inner) < 2 || len(inner) > 64 {
			out = append(out, a)
			continue
		}
		for _, in := range inner {
			out = append(out, pre+`(?:`+in+`)`+rest[end+1:])
		}
	}
	return out
}

// groupEnd returns the index of the ')' closing the group that opens s,
// or -1.
func groupEnd(s string) int {
	end := -1
	walkSyntax(s, func(i, depth int, c byte) bool {
		if c == ')' && depth == 0 {
			end = i
			return false
		}
		return true
	})
	return end
}

// allPhrases lists every phrase (for tests).
var allPhrases []*phrase

// phraseErrors lists patterns whose anchors could not be derived.
var phraseErrors []string

// span is a byte range of the input.
type span struct{ start, end int }

// ok reports whether s is a non-empty span.
func (s span) ok() bool { return s.end > s.start }

// candidate is an anchor occurrence to try: alternative alt of a phrase at
// hit (at pos), whose full start literals are fullLits[full] (-1: the
// anchor itself is one, so there is nothing to test).
type candidate struct {
	pos  int32
	alt  int32
	hit  int32
	full int32
}

// find returns the first match of p in text order.
func (p *phrase) find(sc *scan) (span, bool) {
	var found span
	ok := p.each(sc, func(sp span) bool { found = sp; return true })
	return found, ok
}

// each calls f with the evidence of each match of p in text order until f
// returns true, and reports whether it did.
func (p *phrase) each(sc *scan, f func(span) bool) bool {
	if p.need != nil && !p.need.meets(sc.present) {
		return false
	}
	cands := sc.candidates(p)
	if len(cands) == 0 {
		return false
	}
	last := candidate{pos: -1}
	for _, c := range cands {
		// Several anchors of one alternative can start at one place ("in
		// 48h" and "in 48h|"): the regexp runs once there, for the first
		// whose full literal matches.
		if c.pos == last.pos && c.alt == last.alt {
			continue
		}
		if c.full >= 0 && !fullLits[c.full].startOf(sc.low[c.pos:]) {
			continue
		}
		last = c
		pos := int(c.pos)
		end := sc.hitEnd(c.hit)
		if end > pos+maxMatch && p.then == nil {
			end = pos + maxMatch
			for end > pos && !utf8.RuneStart(sc.low[end]) {
				end--
			}
		}
		if p.need != nil && !hitsIn(sc.hits, int(c.hit), sc.sentenceStart(pos), end, p.need) {
			continue
		}
		a := &p.alts[c.alt]
		from := pos
		if p.back > 0 {
			from = max(sc.sentenceStart(pos), pos-p.back)
			for from < pos && !utf8.RuneStart(sc.low[from]) {
				from++
			}
		}
		if !a.mayMatch(sc.low[from:end]) {
			continue
		}
		var loc []int
		if len(a.ev) == 0 {
			loc = a.re.FindStringIndex(sc.low[from:end])
		} else {
			loc = a.re.FindStringSubmatchIndex(sc.low[from:end])
		}
		if loc == nil {
			continue
		}
		m := span{from + loc[0], from + loc[1]}
		ev := m
		for _, g := range a.ev {
			if loc[2*g] >= 0 {
				ev = span{from + loc[2*g], from + loc[2*g+1]}
				break
			}
		}
		if p.then != nil {
			m2, ev2, ok := p.then.matchAfter(sc, m.end, min(m.end+p.gap, end))
			if !ok {
				continue
			}
			switch p.ev {
			case evBoth:
				ev = span{m.start, m2.end}
			case evSecond:
				ev = ev2
			}
			m.end = m2.end
		}
		if p.cancelled(sc, m) {
			continue
		}
		if ev = trimSpan(sc.text, ev); ev.ok() && f(ev) {
			return true
		}
	}
	return false
}

// matchAfter matches p at the first of its anchors that starts in
// [from, to], returning the match and its evidence.
func (p *phrase) matchAfter(sc *scan, from, to int) (span, span, bool) {
	for _, c := range sc.candidatesFrom(p, from) {
		pos := int(c.pos)
		if pos > to {
			break
		}
		if c.full >= 0 && !fullLits[c.full].startOf(sc.low[pos:]) {
			continue
		}
		end := sc.hitEnd(c.hit)
		a := &p.alts[c.alt]
		if !a.mayMatch(sc.low[pos:end]) {
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
	return span{}, span{}, false
}

// phraseAlt names an alternative of a phrase started by an anchor, with
// the index in fullLits of the alternative's full start literals for that
// anchor (-1 when the anchor is itself one of them).
type phraseAlt struct{ phrase, alt, full int32 }

// anchorAlts maps each anchor of the main lexicon to the alternatives it
// starts (built by init), so a scan can hand every phrase its candidates
// in one pass over the hits: anchor id's are
// anchorAlts[anchorAltFrom[id]:anchorAltFrom[id+1]], one flat array.
var (
	anchorAlts    []phraseAlt
	anchorAltFrom []int32
)

// altsOf returns the alternatives anchor id starts.
func altsOf(id int32) []phraseAlt {
	return anchorAlts[anchorAltFrom[id]:anchorAltFrom[id+1]]
}

// fullLits are the full start literals of an alternative for one of its
// anchors (alt.full), flattened by indexAnchors so that a candidate is
// checked without a map lookup.
var fullLits []fullSet

// fullSet is a list of full start literals, with what they share: the
// bytes they all start with (lits[0][:lcp]) and the set of bytes that
// follow those in the literals longer than that (a bitmap), so that a long
// list ("before 00.", "before 00:", … "before 23:") is ruled out by one
// byte ("before i pay").
type fullSet struct {
	lits []string
	lcp  int
	// short: one of the literals is lits[0][:lcp] itself.
	short bool
	next  [4]uint64
}

// minFullFilter is the list length from which startOf looks at the shared
// prefix and the following byte before trying every literal.
const minFullFilter = 4

// newFullSet returns the fullSet of lits.
func newFullSet(lits []string) fullSet {
	fs := fullSet{lits: lits}
	if len(lits) < minFullFilter {
		return fs
	}
	fs.lcp = len(lits[0])
	for _, l := range lits[1:] {
		n := 0
		for n < fs.lcp && n < len(l) && l[n] == lits[0][n] {
			n++
		}
		fs.lcp = n
	}
	for _, l := range lits {
		if len(l) == fs.lcp {
			fs.short = true
			continue
		}
		c := l[fs.lcp]
		fs.next[c>>6] |= 1 << (c & 63)
	}
	return fs
}

// startOf reports whether s starts with one of the literals.
func (fs *fullSet) startOf(s string) bool {
	if len(fs.lits) >= minFullFilter {
		if !strings.HasPrefix(s, fs.lits[0][:fs.lcp]) {
			return false
		}
		if fs.short {
			return true
		}
		if len(s) <= fs.lcp {
			return false
		}
		if c := s[fs.lcp]; fs.next[c>>6]&(1<<(c&63)) == 0 {
			return false
		}
	}
	return hasAnyPrefix(s, fs.lits)
}

// indexAnchors fills anchorAlts and fullLits from every registered phrase.
func indexAnchors() {
	byAnchor := make([][]phraseAlt, len(mainLex.words))
	for _, p := range allPhrases {
		for ai, a := range p.alts {
			if a.anchors.lex != &mainLex {
				continue
			}
			for _, id := range a.anchors.ids {
				full := int32(-1)
				if a.full != nil && !slices.Contains(a.full[id], mainLex.words[id].s) {
					full = int32(len(fullLits))
					fullLits = append(fullLits, newFullSet(a.full[id]))
				}
				byAnchor[id] = append(byAnchor[id], phraseAlt{p.id, int32(ai), full})
			}
		}
	}
	anchorAltFrom = make([]int32, 0, len(byAnchor)+1)
	for _, pas := range byAnchor {
		anchorAltFrom = append(anchorAltFrom, int32(len(anchorAlts)))
		anchorAlts = append(anchorAlts, pas...)
	}
	anchorAltFrom = append(anchorAltFrom, int32(len(anchorAlts)))
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, f := range prefixes {
		if strings.HasPrefix(s, f) {
			return true
		}
	}
	return false
}

// candidates returns the anchor occurrences of p's alternatives in text
// order (then alternative order), from lists every phrase's built in one
// pass over the hits on first use.
func (sc *scan) candidates(p *phrase) []candidate {
	if !sc.haveCands {
		n := len(allPhrases)
		start := resize(sc.candStart, n+1)
		clear(start)
		for _, h := range sc.hits {
			for _, pa := range altsOf(h.word) {
				start[pa.phrase+1]++
			}
		}
		for i := 1; i <= n; i++ {
			start[i] += start[i-1]
		}
		cands := resize(sc.cands, int(start[n]))
		next := resize(sc.candNext, n)
		copy(next, start[:n])
		for hi, h := range sc.hits {
			for _, pa := range altsOf(h.word) {
				cands[next[pa.phrase]] = candidate{pos: h.pos, alt: pa.alt, hit: int32(hi), full: pa.full}
				next[pa.phrase]++
			}
		}
		sc.cands, sc.candStart, sc.candNext, sc.haveCands = cands, start, next, true
	}
	return sc.cands[sc.candStart[p.id]:sc.candStart[p.id+1]]
}

// hitEnd returns sentenceEnd of the position of hit i, computed for every
// hit in one merge of the hits with the terminators on first use.
func (sc *scan) hitEnd(i int32) int {
	if !sc.haveHitEnds {
		terms := sc.terminators()
		ends := resize(sc.hitEnds, len(sc.hits))
		k := 0
		for j, h := range sc.hits {
			for k < len(terms) && terms[k] <= h.pos {
				k++
			}
			ends[j] = int32(sc.endAt(k, int(h.pos)))
		}
		sc.hitEnds, sc.haveHitEnds = ends, true
	}
	return int(sc.hitEnds[i])
}

// hitsIn reports whether one of the anchors ids occurs in [ws, we); i is
// the index of a hit inside that range.
func hitsIn(hits []hit, i, ws, we int, ids *anchorSet) bool {
	for j := i; j >= 0 && int(hits[j].pos) >= ws; j-- {
		if ids.contains(hits[j].word) {
			return true
		}
	}
	for j := i + 1; j < len(hits) && int(hits[j].pos) < we; j++ {
		if ids.contains(hits[j].word) {
			return true
		}
	}
	return false
}

// needs adds co-anchors: a window is only matched when one of them occurs
// in it too (a cheap filter for two-part patterns such as "pay … asap").
func (p *phrase) needs(specs ...string) *phrase {
	p.need = anchors(specs...)
	return p
}

// termBytes marks the bytes terminators looks at: the ASCII terminators
// and the lead bytes of the CJK ones.
var termBytes = func() (t [256]bool) {
	for _, c := range []byte(".!?;\n\xE3\xEF") {
		t[c] = true
	}
	return t
}()

// mayHoldTerminator reports whether one of the eight bytes of v is an ASCII
// terminator byte or a non-ASCII byte (CJK stops start with one).
func mayHoldTerminator(v uint64) bool {
	return v&highBits != 0 || hasZeroByte(v^(lowBits*'.')) || hasZeroByte(v^(lowBits*'\n')) ||
		hasZeroByte(v^(lowBits*'!')) || hasZeroByte(v^(lowBits*'?')) || hasZeroByte(v^(lowBits*';'))
}

// hasZeroByte reports whether one of the bytes of v is zero.
func hasZeroByte(v uint64) bool { return (v-lowBits)&^v&highBits != 0 }

// terminators returns the offsets just after each sentence terminator of
// the input (see isTerminator), computed once per input.
func (sc *scan) terminators() []int32 {
	if sc.haveTerms {
		return sc.terms
	}
	low := sc.low
	terms := sc.terms[:0]
	if terms == nil {
		terms = make([]int32, 0, len(low)/40+1)
	}
	for i := 0; i < len(low); i++ {
		// Skip eight bytes at a time while none may be a terminator.
		for i+8 <= len(low) && !mayHoldTerminator(load64(low, i)) {
			i += 8
		}
		if i >= len(low) {
			break
		}
		if !termBytes[low[i]] {
			continue
		}
		switch c := low[i]; c {
		case '.':
			if i+1 == len(low) || low[i+1] == ' ' || low[i+1] == '\n' {
				terms = append(terms, int32(i+1))
			}
		case '!', '?', ';', '\n':
			terms = append(terms, int32(i+1))
		case 0xE3, 0xEF:
			if i+2 < len(low) {
				if r, _ := utf8.DecodeRuneInString(low[i:]); isTerminator(r) {
					terms = append(terms, int32(i+3))
					i += 2
				}
			}
		}
	}
	sc.terms, sc.haveTerms = terms, true
	return terms
}

// sentenceStart and sentenceEnd bound the sentence around pos: the nearest
// terminators, at most maxReach bytes away, on rune boundaries.
func (sc *scan) sentenceStart(pos int) int {
	terms := sc.terminators()
	i := sort.Search(len(terms), func(i int) bool { return int(terms[i]) > pos })
	start := 0
	if i > 0 {
		start = int(terms[i-1])
	}
	if start < pos-maxReach {
		start = pos - maxReach
		for start < pos && !utf8.RuneStart(sc.low[start]) {
			start++
		}
	}
	return start
}

// sentenceEnd returns the end of the sentence holding pos (the next terminator or the end of the text).
func (sc *scan) sentenceEnd(pos int) int {
	terms := sc.terminators()
	return sc.endAt(sort.Search(len(terms), func(i int) bool { return int(terms[i]) > pos }), pos)
}

// endAt is sentenceEnd of pos, given the index i of the first terminator
// after pos.
func (sc *scan) endAt(i, pos int) int {
	terms := sc.terms
	end := len(sc.low)
	if i < len(terms) {
		end = int(terms[i])
	}
	if end > pos+maxReach {
		end = pos + maxReach
		for end > pos && !utf8.RuneStart(sc.low[end]) {
			end--
		}
	}
	return end
}

// sentenceText returns the sentence(s) around sp.
func (sc *scan) sentenceText(sp span) string {
	end := sp.end
	if end > sp.start {
		end--
	}
	return sc.low[sc.sentenceStart(sp.start):max(sc.sentenceEnd(end), sp.end)]
}

// window returns the line around pos, at most maxReach bytes either side,
// on rune boundaries.
func window(low string, pos int) (int, int) {
	start := pos - maxReach
	if start < 0 {
		start = 0
	}
	if i := strings.LastIndexByte(low[start:pos], '\n'); i >= 0 {
		start += i + 1
	}
	end := pos + maxReach
	if end > len(low) {
		end = len(low)
	}
	if i := strings.IndexByte(low[pos:end], '\n'); i >= 0 {
		end = pos + i
	}
	for start < pos && !utf8.RuneStart(low[start]) {
		start++
	}
	for end < len(low) && end > pos && !utf8.RuneStart(low[end]) {
		end--
	}
	return start, end
}

// sentenceBounds widens sp to the sentence around it: up to the nearest
// terminator (. followed by a space, !, ?, ;, a line break or a CJK stop) on
// either side, at most maxReach bytes away. The end includes the terminator,
// so a question keeps its "?".
func sentenceBounds(low string, sp span) span {
	start := sp.start
	for start > 0 && sp.start-start < maxReach {
		r, size := utf8.DecodeLastRuneInString(low[:start])
		if isTerminator(r) && (r != '.' || start < len(low) && (low[start] == ' ' || low[start] == '\n')) {
			break
		}
		start -= size
	}
	end := sp.end
	for end < len(low) && end-sp.end < maxReach {
		r, size := utf8.DecodeRuneInString(low[end:])
		end += size
		if isTerminator(r) && (r != '.' || end == len(low) || low[end] == ' ' || low[end] == '\n') {
			break
		}
	}
	return span{start, end}
}

// sentenceText returns the lower-cased sentence around sp.
func sentenceText(low string, sp span) string {
	s := sentenceBounds(low, sp)
	return low[s.start:s.end]
}

// isTerminator reports whether r ends a sentence (ASCII and CJK stops, newlines).
func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '\n', '。', '！', '？', '；':
		return true
	}
	return false
}

// trimSpan drops spaces and dangling punctuation at both ends of sp.
func trimSpan(text string, sp span) span {
	for sp.start < sp.end && strings.IndexByte(" \t\r\n,;:-'\"(", text[sp.start]) >= 0 {
		sp.start++
	}
	for sp.end > sp.start && strings.IndexByte(" \t\r\n,;:-'\"(", text[sp.end-1]) >= 0 {
		sp.end--
	}
	return sp
}

// phrases is an ordered list of phrases; the first that matches wins.
type phrases []*phrase

// find returns the span of the first phrase of ps that matches in sc.
func (ps phrases) find(sc *scan) (span, bool) {
	for _, p := range ps {
		if sp, ok := p.find(sc); ok {
			return sp, true
		}
	}
	return span{}, false
}

// anyPresent reports whether an anchor of ps occurs in the input.
func (ps phrases) anyPresent(sc *scan) bool {
	for _, p := range ps {
		for i := range p.alts {
			if sc.has(p.alts[i].anchors) {
				return true
			}
		}
	}
	return false
}
