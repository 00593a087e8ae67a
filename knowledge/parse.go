package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// Errors a parser reports for a file it cannot use.
var (
	// ErrNotText means the file is binary or not UTF-8/UTF-16 text.
	ErrNotText = errors.New("not a text file (binary, or not UTF-8/UTF-16)")
	// ErrNoSections means the file has no text to search.
	ErrNoSections = errors.New("no sections with text found")
	// ErrUnsupported means the file's extension is not one the parsers read.
	ErrUnsupported = errors.New("unsupported file type (want .md, .txt or .html)")
)

// maxInlineBytes bounds the lines whose Markdown inline markup is removed.
const maxInlineBytes = 16 << 10

// MaxFileBytes is the largest guide file the loaders read.
const MaxFileBytes = 8 << 20

// Parse splits an operator's guide file into sections, choosing the parser
// by the extension of name: .md/.markdown (headings), .txt/.text (heading-like
// lines), .html/.htm (heading elements). Sections name the file's base name
// as their Source and take Updated from Markdown front matter.
func Parse(name string, data []byte) ([]Section, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return ParseMarkdown(name, data)
	case ".txt", ".text":
		return ParseText(name, data)
	case ".html", ".htm":
		return ParseHTML(name, data)
	}
	return nil, ErrUnsupported
}

// meta is a file's front matter.
type meta struct {
	source, updated, title string
}

// rawSection is a parsed section before the file's metadata is applied.
type rawSection struct {
	title string
	body  bodyWriter
}

// finish turns parsed sections into Sections, dropping those without text.
// A file whose only text comes before any heading gets one section titled
// from the front matter or the file name.
func finish(name string, m meta, raws []rawSection, source string) ([]Section, error) {
	var out []Section
	for _, r := range raws {
		body := r.body.String()
		if body == "" {
			continue
		}
		title := r.title
		if title == "" {
			title = m.title
		}
		if title == "" {
			title = titleFromName(name)
		}
		out = append(out, Section{Title: title, Source: source, Updated: m.updated, Body: body, File: name})
	}
	if len(out) == 0 {
		return nil, ErrNoSections
	}
	return out, nil
}

// titleFromName makes "03-paying-safely.md" read "Paying safely".
func titleFromName(name string) string {
	base := strings.TrimSuffix(path.Base(filepath.ToSlash(name)), filepath.Ext(name))
	base = strings.TrimLeft(base, "0123456789")
	base = strings.Trim(strings.NewReplacer("-", " ", "_", " ").Replace(base), " ")
	if base == "" {
		return "Untitled"
	}
	r, size := utf8.DecodeRuneInString(base)
	return string(unicode.ToUpper(r)) + base[size:]
}

// decodeText returns data as valid UTF-8 text with "\n" line ends: a UTF-8
// byte-order mark is dropped, UTF-16 and UTF-32 with a byte-order mark are
// decoded, and binary data (NUL bytes or more than 1% invalid UTF-8) is
// rejected.
func decodeText(data []byte) (string, error) {
	if len(data) > MaxFileBytes {
		return "", fmt.Errorf("larger than %d MiB", MaxFileBytes>>20)
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		dec := utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", ErrNotText
		}
		data = out
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", ErrNotText
		}
		data = out
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(data, 0) >= 0 {
		return "", ErrNotText
	}
	s := string(data)
	if !utf8.ValidString(s) {
		bad := 0
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				bad++
			}
			i += size
		}
		if bad*100 > len(s) {
			return "", ErrNotText
		}
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, nil
}

// bodyWriter accumulates a section body in the Body format: paragraphs
// separated by blank lines, list items as "- " lines.
type bodyWriter struct {
	b          []byte
	open       bool // a paragraph or list item is being written
	item       bool // the open block is a list item
	hasText    bool // the open block has text
	blockStart int  // len(b) before the open block
	lastItem   bool // the last finished block was a list item
}

// start opens a new paragraph or list item, closing the open one.
func (w *bodyWriter) start(item bool) {
	w.end()
	w.blockStart = len(w.b)
	if len(w.b) > 0 {
		if item && w.lastItem {
			w.b = append(w.b, '\n')
		} else {
			w.b = append(w.b, "\n\n"...)
		}
	}
	if item {
		w.b = append(w.b, "- "...)
	}
	w.open, w.item, w.hasText = true, item, false
}

// text appends words to the open block, opening a paragraph if none is.
func (w *bodyWriter) text(s string) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return
	}
	if !w.open {
		w.start(false)
	}
	if w.hasText {
		w.b = append(w.b, ' ')
	}
	w.b = append(w.b, s...)
	w.hasText = true
}

// end closes the open block; an empty one is taken back.
func (w *bodyWriter) end() {
	if !w.open {
		return
	}
	if w.hasText {
		w.lastItem = w.item
	} else {
		w.b = w.b[:w.blockStart]
	}
	w.open = false
}

// String returns the body written so far.
func (w *bodyWriter) String() string {
	b := w.b
	if w.open && !w.hasText {
		b = b[:w.blockStart]
	}
	return strings.TrimSpace(string(b))
}

// ---- Markdown ----

var (
	atxHeading   = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	listItem     = regexp.MustCompile(`^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+`)
	numberedItem = regexp.MustCompile(`^[ \t]*(\d{1,3})[.)][ \t]+`)
	fence        = regexp.MustCompile("^ {0,3}(```|~~~)")
	tableRule    = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$`)
	mdImage      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink       = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdAutolink   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	htmlTag      = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)
	mdCode       = regexp.MustCompile("`+([^`]*)`+")
	mdEmphasis   = regexp.MustCompile(`(^|[^\p{L}\p{N}])(\*{1,3}|_{1,3})([^*_\s](?:[^*_]*[^*_\s])?)(\*{1,3}|_{1,3})`)
)

// ParseMarkdown splits Markdown into sections at its headings (ATX "#" to
// "######" and setext underlines), whatever their level. Optional front
// matter between "---" lines may give updated: and title: (used for text
// before the first heading). Inline markup is reduced to its text; code
// blocks are kept as text.
func ParseMarkdown(name string, data []byte) ([]Section, error) {
	m, raws, err := parseMarkdown(data)
	if err != nil {
		return nil, err
	}
	return finish(name, m, raws, path.Base(filepath.ToSlash(name)))
}

func parseMarkdown(data []byte) (meta, []rawSection, error) {
	text, err := decodeText(data)
	if err != nil {
		return meta{}, nil, err
	}
	m, text := frontMatter(text)
	lines := strings.Split(text, "\n")
	raws := []rawSection{{}}
	cur := &raws[0]
	inFence := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if f := maybeFence(line); f != nil {
			if inFence == "" {
				inFence = f[1]
				cur.body.end()
			} else if f[1] == inFence {
				inFence = ""
				cur.body.end()
			}
			continue
		}
		if inFence != "" {
			cur.body.text(line)
			continue
		}
		if h := maybeATX(line); h != nil {
			if t := inlineText(h[2]); t != "" {
				raws = append(raws, rawSection{title: t})
				cur = &raws[len(raws)-1]
			} else {
				cur.body.end()
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			cur.body.end()
			continue
		}
		// Setext heading: a paragraph line underlined with === or ---.
		if i+1 < len(lines) && isSetext(lines[i+1]) && !cur.body.open && !isListItem(line) {
			raws = append(raws, rawSection{title: inlineText(trimmed)})
			cur = &raws[len(raws)-1]
			i++
			continue
		}
		if isSetext(line) || strings.Contains(line, "--") && tableRule.MatchString(line) {
			cur.body.end() // thematic break or table rule
			continue
		}
		if loc := listItemIndex(line); loc != nil {
			cur.body.end()
			cur.body.start(true)
			if n := numberedItem.FindStringSubmatch(line); n != nil {
				cur.body.text(n[1] + ".")
			}
			cur.body.text(inlineText(line[loc[1]:]))
			continue
		}
		if strings.HasPrefix(trimmed, ">") {
			trimmed = strings.TrimSpace(strings.TrimLeft(trimmed, "> "))
		}
		if strings.HasPrefix(trimmed, "|") {
			cells := strings.Split(strings.Trim(trimmed, "|"), "|")
			for k := range cells {
				cells[k] = inlineText(cells[k])
			}
			cur.body.end()
			cur.body.text(strings.Join(cells, "; "))
			cur.body.end()
			continue
		}
		cur.body.text(inlineText(trimmed))
	}
	return m, raws, nil
}

// The line tests below run a cheap check before their regular expression,
// so long files of ordinary lines cost little.

// maybeFence matches a code fence line ("```" or "~~~").
func maybeFence(line string) []string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !(strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
		return nil
	}
	return fence.FindStringSubmatch(line)
}

// maybeATX matches an ATX heading ("## Title").
func maybeATX(line string) []string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || !strings.HasPrefix(t, "#") {
		return nil
	}
	return atxHeading.FindStringSubmatch(line)
}

// isSetext reports whether line underlines a heading ("===" or "---").
func isSetext(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	t = strings.TrimRight(t, " \t")
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// listItemIndex returns the span of a list marker ("- ", "1. ") or nil.
func listItemIndex(line string) []int {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(line, " \t"))
	if !strings.ContainsRune("-*+•0123456789", r) {
		return nil
	}
	return listItem.FindStringIndex(line)
}

func isListItem(line string) bool { return listItemIndex(line) != nil }

// frontMatter reads "key: value" lines between a leading "---" line and the
// next "---" line, and returns the text after it.
func frontMatter(text string) (meta, string) {
	var m meta
	if !strings.HasPrefix(text, "---\n") {
		return m, text
	}
	lines := strings.Split(text, "\n")
	end := -1
	for k := 1; k < len(lines); k++ {
		if strings.TrimSpace(lines[k]) == "---" {
			end = k
			break
		}
	}
	if end < 0 {
		return m, text
	}
	for _, line := range lines[1:end] {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "source":
			m.source = v
		case "updated", "date", "last_updated":
			m.updated = v
		case "title":
			m.title = v
		}
	}
	return m, strings.Join(lines[end+1:], "\n")
}

// inlineText reduces Markdown inline markup to its text. Lines over
// maxInlineBytes (generated or pasted blobs) are kept as they are.
func inlineText(s string) string {
	if len(s) <= maxInlineBytes && strings.ContainsAny(s, "![<`*_&") {
		s = mdImage.ReplaceAllString(s, "$1")
		s = mdLink.ReplaceAllString(s, "$1")
		s = mdAutolink.ReplaceAllString(s, "$1")
		s = htmlTag.ReplaceAllString(s, "")
		s = mdCode.ReplaceAllString(s, "$1")
		for range 2 { // nested emphasis
			s = mdEmphasis.ReplaceAllString(s, "$1$3")
		}
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
	}
	return strings.Join(strings.Fields(s), " ")
}

// ---- Plain text ----

// ParseText splits plain text into sections at heading-like lines. A line is
// a heading when it is short (at most 12 words and 100 characters), starts
// with a capital letter or digit, does not end like a sentence (".", ",",
// ";", ":" or "!"; a question is allowed), holds no sentence break, does not
// end with a function word unless it is in Title Case ("…within 30 days of"
// is a wrapped line, "Warning Signs to Watch For" a heading), comes at the
// start, after a blank line or after a line that ends a sentence, is not
// continued by a lower-case line, and is followed by a paragraph (or by
// another heading that is). Underlined lines (=== or ---) and Markdown "#"
// lines are headings too. A line that ends a sentence ends its paragraph; a
// line that does not is joined to the next (hard-wrapped text).
func ParseText(name string, data []byte) ([]Section, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimRightFunc(lines[i], unicode.IsSpace)
	}
	headings := textHeadings(lines)
	raws := []rawSection{{}}
	cur := &raws[0]
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if headings[i] {
			title := strings.TrimSpace(strings.TrimLeft(line, "#"))
			raws = append(raws, rawSection{title: title})
			cur = &raws[len(raws)-1]
			if i+1 < len(lines) && isSetext(lines[i+1]) {
				i++
			}
			continue
		}
		if line == "" || isSetext(line) {
			cur.body.end()
			continue
		}
		if loc := listItemIndex(line); loc != nil {
			cur.body.end()
			cur.body.start(true)
			if n := numberedItem.FindStringSubmatch(line); n != nil {
				cur.body.text(n[1] + ".")
			}
			cur.body.text(line[loc[1]:])
		} else {
			cur.body.text(line)
		}
		if endsSentence(line) {
			cur.body.end()
		}
	}
	return finish(name, meta{}, raws, path.Base(filepath.ToSlash(name)))
}

// textHeadings marks the heading lines of plain text.
func textHeadings(lines []string) []bool {
	heads := make([]bool, len(lines))
	shape := make([]bool, len(lines))
	for i, l := range lines {
		shape[i] = headingShape(l)
	}
	// nextText returns the index of the next non-blank line after i.
	nextText := func(i int) int {
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) != "" {
				return j
			}
		}
		return -1
	}
	isParagraph := func(j int) bool {
		l := strings.TrimSpace(lines[j])
		return !shape[j] && (len(strings.Fields(l)) >= 5 || endsSentence(l)) ||
			isListItem(l)
	}
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "#") && maybeATX(l) != nil {
			heads[i] = strings.TrimSpace(strings.Trim(l, "#")) != ""
			continue
		}
		if i+1 < len(lines) && isSetext(lines[i+1]) && strings.Trim(l, "=-") != "" {
			heads[i] = true
			continue
		}
		if !shape[i] {
			continue
		}
		// What comes before: start of file, a blank line, or a finished sentence.
		if i > 0 {
			prev := strings.TrimSpace(lines[i-1])
			if prev != "" && !endsSentence(prev) && !heads[i-1] && !shape[i-1] {
				continue
			}
		}
		j := nextText(i)
		if j < 0 {
			continue
		}
		if j == i+1 {
			// A line that continues in lower case is a wrapped sentence.
			if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(lines[j])); unicode.IsLower(r) {
				continue
			}
		}
		heads[i] = isParagraph(j) || heads[j]
	}
	return heads
}

// headingShape reports whether a line looks like a heading on its own.
func headingShape(line string) bool {
	l := strings.TrimSpace(line)
	if l == "" || utf8.RuneCountInString(l) > 100 || isListItem(l) {
		return false
	}
	words := strings.Fields(l)
	if len(words) > 12 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !unicode.IsTitle(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	switch last {
	case '.', ',', ';', ':', '!', '…', '-', '–', '—':
		return false
	}
	// A heading does not end with a function word ("…within 30 days of")
	// or hold a sentence break ("Pay here. Wire to…"): those are wrapped
	// lines of a paragraph.
	if danglingWords[strings.ToLower(words[len(words)-1])] && !titleCase(words) {
		return false
	}
	for i := 0; i+1 < len(words); i++ {
		if w := words[i]; endsSentence(w) && !abbreviationBefore(strings.TrimRight(w, ".!?")) {
			if r, _ := utf8.DecodeRuneInString(words[i+1]); unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// titleCase reports whether most words of four letters or more are
// capitalised ("Warning Signs to Watch For").
func titleCase(words []string) bool {
	long, upper := 0, 0
	for _, w := range words {
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			upper++
		}
	}
	return long > 0 && upper*10 >= long*7
}

// danglingWords cannot end a sentence-case heading.
var danglingWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "and": true, "or": true, "in": true,
	"on": true, "for": true, "with": true, "by": true, "from": true, "at": true, "as": true, "that": true,
	"which": true, "is": true, "are": true, "was": true, "were": true, "be": true, "if": true, "but": true,
	"than": true, "into": true, "your": true, "our": true, "their": true, "its": true, "this": true,
}

// endsSentence reports whether a line ends with closing punctuation.
func endsSentence(l string) bool {
	l = strings.TrimRight(l, `"')]”’ `)
	last, _ := utf8.DecodeLastRuneInString(l)
	return last == '.' || last == '!' || last == '?' || last == '…' || last == ':'
}

// ---- HTML ----

// skipped HTML elements: their content is never guide text.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Nav: true,
	atom.Head: true, atom.Button: true, atom.Select: true, atom.Form: true,
}

// blockElements end a paragraph where they start or end.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Dd: true, atom.Dt: true, atom.Blockquote: true, atom.Pre: true, atom.Section: true,
	atom.Article: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Hr: true,
	atom.Main: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Figure: true,
	atom.Figcaption: true, atom.Dl: true, atom.Address: true, atom.Details: true, atom.Summary: true,
}

var headingElements = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// ParseHTML splits HTML into sections at h1–h6 elements, keeping the text
// of paragraphs and list items (as "- " items). Scripts, styles, navigation,
// forms and the head are dropped; the <title> names text before the first
// heading.
func ParseHTML(name string, data []byte) ([]Section, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	z := xhtml.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(MaxFileBytes)
	var m meta
	raws := []rawSection{{}}
	cur := &raws[0]
	skip := 0 // depth inside skipped elements
	var heading *strings.Builder
	var para strings.Builder // text of the open block, inline markup removed
	flush := func() {
		cur.body.text(para.String())
		para.Reset()
	}
	inTitle := false
	var title strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			flush()
			m.title = strings.Join(strings.Fields(title.String()), " ")
			return finish(name, m, raws, path.Base(filepath.ToSlash(name)))
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tn, _ := z.TagName()
			a := atom.Lookup(tn)
			if a == atom.Title {
				inTitle = tt == xhtml.StartTagToken
				continue
			}
			if skippedElements[a] {
				if tt == xhtml.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case headingElements[a]:
				flush()
				cur.body.end()
				heading = &strings.Builder{}
			case a == atom.Li:
				flush()
				cur.body.start(true)
			case blockElements[a]:
				flush()
				cur.body.end()
			}
		case xhtml.EndTagToken:
			tn, _ := z.TagName()
			a := atom.Lookup(tn)
			if a == atom.Title {
				inTitle = false
				continue
			}
			if skippedElements[a] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case headingElements[a] && heading != nil:
				t := strings.Join(strings.Fields(heading.String()), " ")
				heading = nil
				if t != "" {
					raws = append(raws, rawSection{title: t})
					cur = &raws[len(raws)-1]
				}
			case a == atom.Li || blockElements[a]:
				flush()
				cur.body.end()
			}
		case xhtml.TextToken:
			if inTitle {
				title.Write(z.Text())
				continue
			}
			if skip > 0 {
				continue
			}
			if heading != nil {
				heading.Write(z.Text())
				continue
			}
			para.Write(z.Text())
		}
	}
}
