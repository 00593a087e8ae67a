package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is one sentence of a section body: byte offsets into Body, the
// paragraph it belongs to, and whether it is a list item or ends with a
// colon (a lead-in to a list).
type span struct {
	start, end int32
	para       int32
	bullet     bool
	leadIn     bool
}

// noSplitBefore lists words whose trailing period does not end a sentence.
var noSplitBefore = map[string]bool{
	"e.g": true, "i.e": true, "eg": true, "ie": true, "vs": true, "no": true, "nos": true,
	"co": true, "ltd": true, "inc": true, "corp": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "st": true, "approx": true, "art": true, "para": true, "fig": true,
	"dept": true, "ref": true, "cf": true, "al": true, "u.s": true, "u.k": true, "p.r.c": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// splitSentences calls fn for each sentence of body, a section body as the
// parsers write it: paragraphs separated by blank lines, list items on lines
// of their own starting with "- ". List markers are left out of the spans.
func splitSentences(body string, fn func(s span)) {
	para := int32(0)
	blank := false
	for off := 0; off < len(body); {
		nl := strings.IndexByte(body[off:], '\n')
		end := len(body)
		if nl >= 0 {
			end = off + nl
		}
		line := body[off:end]
		lineStart := off
		off = end + 1
		trimmed := strings.TrimLeft(line, " \t")
		if strings.TrimSpace(trimmed) == "" {
			blank = true
			continue
		}
		if blank {
			para++
			blank = false
		}
		lineStart += len(line) - len(trimmed)
		bullet := false
		for _, m := range []string{"- ", "* ", "• "} {
			if strings.HasPrefix(trimmed, m) {
				bullet = true
				lineStart += len(m)
				trimmed = trimmed[len(m):]
				break
			}
		}
		splitLine(trimmed, lineStart, para, bullet, fn)
	}
}

// splitLine splits one line (starting at byte base of the body) into
// sentences: a sentence ends at '.', '!' or '?' (and closing quotes or
// brackets) followed by a space and an upper-case letter, digit, quote or
// bracket — unless the word before the period is an abbreviation or a
// single letter ("U.S.", "e.g.").
func splitLine(line string, base int, para int32, bullet bool, fn func(span)) {
	emit := func(s, e int) {
		for s < e && line[s] == ' ' {
			s++
		}
		for e > s && (line[e-1] == ' ' || line[e-1] == '\t' || line[e-1] == '\r') {
			e--
		}
		if s < e {
			fn(span{start: int32(base + s), end: int32(base + e), para: para, bullet: bullet, leadIn: line[e-1] == ':'})
		}
	}
	start := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(line) && strings.IndexByte(`.!?"')]`, line[j]) >= 0 {
			j++
		}
		if j < len(line) && line[j] == 0xE2 { // ” or ’ closing a quotation
			if strings.HasPrefix(line[j:], "”") || strings.HasPrefix(line[j:], "’") {
				j += 3
			}
		}
		if j >= len(line) || line[j] != ' ' {
			continue
		}
		k := j
		for k < len(line) && line[k] == ' ' {
			k++
		}
		if k >= len(line) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(line[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'(“‘[`, r)) {
			continue
		}
		if c == '.' && abbreviationBefore(line[start:i]) {
			continue
		}
		if insideQuote(line[start:j], line[j:]) {
			continue // a full stop inside a quotation that goes on
		}
		emit(start, j)
		start = k
		i = k - 1
	}
	emit(start, len(line))
}

// abbreviationBefore reports whether text ends with a word whose period is
// not a full stop.
func abbreviationBefore(text string) bool {
	w := text
	if sp := strings.LastIndexAny(text, " (\t"); sp >= 0 {
		w = text[sp+1:]
	}
	if w == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsLetter(r) {
		return true // an initial
	}
	return noSplitBefore[strings.ToLower(w)]
}

// insideQuote reports whether before leaves a quotation open (an odd number
// of straight double quotes, or more “ than ”) that after closes.
func insideQuote(before, after string) bool {
	if strings.Count(before, `"`)%2 == 1 && strings.Contains(after, `"`) {
		return true
	}
	return strings.Count(before, "“") > strings.Count(before, "”") && strings.Contains(after, "”")
}
