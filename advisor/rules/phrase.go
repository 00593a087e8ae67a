package rules

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// phrase is a text pattern: a regular expression that is only run on short
// windows (the line around an anchor occurrence, at most maxReach bytes on
// either side), never on the whole input.
type phrase struct {
	anchors []int32
	// re runs on the lower-case window; its first group named "ev…" that
	// matched is the evidence, else the whole match is.
	re *regexp.Regexp
	ev []int
	// not, when set, cancels a match if it matches the sentence around it
	// (negations, questions, near-miss contexts).
	not *regexp.Regexp
}

// maxReach bounds a window on either side of an anchor.
const maxReach = 240

// newPhrase registers a phrase. anchorSpecs is a "·"-free list of anchors;
// pattern and not are written in lower case.
func newPhrase(anchorSpecs []string, pattern, not string) *phrase {
	p := &phrase{anchors: anchors(anchorSpecs...), re: regexp.MustCompile(pattern)}
	for i, name := range p.re.SubexpNames() {
		if strings.HasPrefix(name, "ev") {
			p.ev = append(p.ev, i)
		}
	}
	if not != "" {
		p.not = regexp.MustCompile(not)
	}
	return p
}

// span is a byte range of the input.
type span struct{ start, end int }

func (s span) ok() bool { return s.end > s.start }

// find returns the first match of p in text order.
func (p *phrase) find(sc *scan) (span, bool) {
	if !sc.has(p.anchors) {
		return span{}, false
	}
	scanned := -1
	for _, h := range sc.hits {
		if !p.isAnchor(h.word) || int(h.pos) < scanned {
			continue
		}
		ws, we := window(sc.low, int(h.pos))
		scanned = we
		if sp, ok := p.matchIn(sc, ws, we); ok {
			return sp, true
		}
	}
	return span{}, false
}

func (p *phrase) isAnchor(id int32) bool {
	for _, a := range p.anchors {
		if a == id {
			return true
		}
	}
	return false
}

// matchIn runs p on low[ws:we], trying later starts when a match is
// cancelled by p.not.
func (p *phrase) matchIn(sc *scan, ws, we int) (span, bool) {
	for ws < we {
		loc := p.re.FindStringSubmatchIndex(sc.low[ws:we])
		if loc == nil {
			return span{}, false
		}
		m := span{ws + loc[0], ws + loc[1]}
		ev := m
		for _, g := range p.ev {
			if loc[2*g] >= 0 {
				ev = span{ws + loc[2*g], ws + loc[2*g+1]}
				break
			}
		}
		if p.not == nil || !p.not.MatchString(sentenceText(sc.low, m)) {
			ev = trimSpan(sc.text, ev)
			if ev.ok() {
				return ev, true
			}
		}
		// Retry after the start of the cancelled match.
		_, n := utf8.DecodeRuneInString(sc.low[m.start:])
		if n == 0 {
			n = 1
		}
		ws = m.start + n
	}
	return span{}, false
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
	for n := 0; start > 0 && n < maxReach; n++ {
		r, size := utf8.DecodeLastRuneInString(low[:start])
		if isTerminator(r) && (r != '.' || start < len(low) && (low[start] == ' ' || low[start] == '\n')) {
			break
		}
		start -= size
	}
	end := sp.end
	for n := 0; end < len(low) && n < maxReach; n++ {
		r, size := utf8.DecodeRuneInString(low[end:])
		end += size
		if isTerminator(r) && (r != '.' || end == len(low) || low[end] == ' ' || low[end] == '\n') {
			break
		}
	}
	return span{start, end}
}

func sentenceText(low string, sp span) string {
	s := sentenceBounds(low, sp)
	return low[s.start:s.end]
}

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

func (ps phrases) find(sc *scan) (span, bool) {
	for _, p := range ps {
		if sp, ok := p.find(sc); ok {
			return sp, true
		}
	}
	return span{}, false
}

// anchorsOf returns the union of the anchors of ps.
func (ps phrases) anyPresent(sc *scan) bool {
	for _, p := range ps {
		if sc.has(p.anchors) {
			return true
		}
	}
	return false
}
