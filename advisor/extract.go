package advisor

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Extract reads the facts of text at time now (now resolves relative and
// year-less dates). It never fails: what it cannot read stays unknown.
//
// It works in one pass over an ASCII-lower-cased copy of the text (same byte
// offsets), looking up each word in a table of anchor words and phrases
// (labels such as "Beneficiary:", payment-method words, places, months, in
// English, Chinese and Spanish) and reading every number once (money,
// percentages, ratings, years, dates). Small readers then look only at short
// windows around those hits, so the cost is linear in the input. Every fact
// it fills has its evidence in Facts.Spans: an exact substring of text.
func Extract(text string, now time.Time) Facts {
	e := extractors.Get().(*extractor)
	defer extractors.Put(e)
	e.reset(text, now)
	e.sentences()
	e.scan()
	e.contacts()
	e.links()
	e.profile()
	e.payment()
	e.names()
	e.countries()
	e.amounts()
	e.datesFacts()
	e.status()
	e.supplierContent()
	e.question()
	f := *e.f
	e.text, e.low = "", "" // do not keep the input alive in the pool
	return f
}

// extractors recycles extractors (their buffers are most of the garbage a
// call would make). Facts never share memory with a pooled extractor.
var extractors = sync.Pool{New: func() any { return new(extractor) }}

type extractor struct {
	text, low string
	now       time.Time
	f         *Facts

	byKind   [akCount][]hit
	money    []moneyHit
	percents []numHit
	qty      []numHit
	years    []numHit
	reviews  []numHit
	counts   []numHit // "120 transactions"
	dates    []dateHit
	ratings  []numHit
	isoCodes []numHit // "CN" before "7 yrs": v unused, span is the code

	companies []company
	// Ranges of text that are already a fact value (labelled beneficiary,
	// bank name…), so the company reader does not read them again.
	used []span
	// Spans of place names already attributed (to the bank, the supplier).
	sentEnd, sentNext []int // sentence boundaries (see sentences)

	bankCountryRank, supplierCountryRank int
	benefAddrCountry                     string
	benefAddrSpan                        span
	bankPlaceSeen                        []span
	pos                                  []fieldSpan // offsets of Spans

	facts       Facts
	hitBuf      [256]hit
	moneyBuf    [32]moneyHit
	dateBuf     [32]dateHit
	numBuf      [64]numHit
	sentBuf     [256]int
	posBuf      [24]fieldSpan
	usedBuf     [8]span
	linkSpans   []span // e-mails, URLs, domains
	notPhoneEnd int    // see phone
}

type span struct{ start, end int }

type numHit struct {
	v          float64
	start, end int
}

// moneyRole says what an amount of money was read as.
type moneyRole uint8

const (
	roleNone moneyRole = iota
	roleTALimit
	roleVolume
	roleUnit
)

type moneyHit struct {
	m          Money
	start, end int
	role       moneyRole
}

func newExtractor(text string, now time.Time) *extractor {
	e := new(extractor)
	e.reset(text, now)
	return e
}

// reset prepares e to read text: every field is zeroed, and the lists start
// in arrays inside the extractor (no allocation for a typical paste; long
// pastes grow them as usual).
func (e *extractor) reset(text string, now time.Time) {
	*e = extractor{text: text, low: asciiLower(text), now: now}
	e.f = &e.facts
	e.f.Spans = make(map[string]string, 32)
	at := 0
	for k := range e.byKind {
		n := hitRoom[k]
		if n == 0 {
			n = 4
		}
		if at+n > len(e.hitBuf) {
			n = 0
		}
		e.byKind[k] = e.hitBuf[at : at : at+n]
		at += n
	}
	e.money = e.moneyBuf[:0]
	e.dates = e.dateBuf[:0]
	e.percents, e.qty, e.years = e.numBuf[0:0:16], e.numBuf[16:16:32], e.numBuf[32:32:40]
	e.reviews, e.counts, e.ratings = e.numBuf[40:40:48], e.numBuf[48:48:56], e.numBuf[56:56:64]
	e.sentEnd, e.sentNext = e.sentBuf[0:0:128], e.sentBuf[128:128:256]
	e.pos = e.posBuf[:0]
	e.used = e.usedBuf[:0]
}

// hitRoom is the starting room per anchor kind (others get 4).
var hitRoom = [akCount]int{akPlace: 32, akActor: 24, akPay: 16, akMonth: 16, akAccount: 8, akBank: 8,
	akCompany: 8, akPending: 8, akPaid: 8, akDocument: 8, akBizWord: 8}

// asciiLower lower-cases ASCII letters only, so byte offsets into the result
// are offsets into s.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !(s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s)
	// Eight bytes at a time: set bit 0x20 of each byte in 'A'..'Z'.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	j := i &^ 7
	for ; j+8 <= len(b); j += 8 {
		v := binary.LittleEndian.Uint64(b[j:])
		h := v &^ highs
		upper := (h + ones*(0x80-'A')) &^ (h + ones*(0x80-'Z'-1)) &^ v & highs
		binary.LittleEndian.PutUint64(b[j:], v|upper>>2)
	}
	for ; j < len(b); j++ {
		if c := b[j]; c >= 'A' && c <= 'Z' {
			b[j] = c + 'a' - 'A'
		}
	}
	// b is never written again, so it can back the string without a copy.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// set records a scalar fact's evidence (first writer wins).
func (e *extractor) set(field string, start, end int) {
	if _, ok := e.f.Spans[field]; ok || start >= end {
		return
	}
	e.force(field, start, end)
}

// force records a fact's evidence, replacing any earlier one.
func (e *extractor) force(field string, start, end int) {
	if start < 0 || start >= end || end > len(e.text) {
		return
	}
	e.f.Spans[field] = e.text[start:end]
	for i := range e.pos {
		if e.pos[i].field == field {
			e.pos[i].span = span{start, end}
			return
		}
	}
	e.pos = append(e.pos, fieldSpan{field, span{start, end}})
}

// fieldSpan is where a fact's span lies in the text.
type fieldSpan struct {
	field string
	span
}

// spanAt returns the offsets of a fact's span.
func (e *extractor) spanAt(field string) (span, bool) {
	for _, p := range e.pos {
		if p.field == field {
			return p.span, true
		}
	}
	return span{}, false
}

// setItem records the evidence of one value of a list field, under
// "field/value" (see Facts.ItemSpan), and under "field" for the first one.
func (e *extractor) setItem(field, value string, start, end int) {
	if start >= end {
		return
	}
	k := field + "/" + value
	if _, ok := e.f.Spans[k]; !ok {
		e.f.Spans[k] = e.text[start:end]
	}
	e.set(field, start, end)
}

// scan is the single pass over the input.
func (e *extractor) scan() {
	low := e.low
	n := len(low)
	for i := 0; i < n; {
		c := low[i]
		switch {
		case isLetter(c):
			if i > 0 && isAlnum(low[i-1]) {
				i++
				continue
			}
			j := i
			for j < n && isLetter(low[j]) {
				j++
			}
			if j-i == 2 && j < n && isDigit(low[j]) {
				if end := scanIBAN(e.text, i); end > 0 {
					e.iban(i, end)
					i = end
					continue
				}
			}
			if list, ok := anchorsByWord.get(low[i:j]); ok {
				e.match(list, i)
			}
			i = j
		case isDigit(c):
			if i > 0 && (isDigit(low[i-1]) || ((low[i-1] == '.' || low[i-1] == ',') && i > 1 && isDigit(low[i-2]))) {
				i++
				continue
			}
			i = e.number(i)
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(low[i:])
			if r >= 1<<16 || anchorRunes[r>>6]&(1<<(r&63)) != 0 {
				if list, ok := anchorsByRune[r]; ok {
					e.match(list, i)
				}
			}
			i += size
		default:
			i++
		}
	}
}

// match records, for each kind, the longest anchor of list that matches at
// low[i:] ("paypal friends & family" and not also "paypal"; but "they want"
// is both a supplier's action and money about to move).
func (e *extractor) match(list []anchor, i int) {
	low := e.low
	var seen uint64
	for k := range list {
		a := &list[k]
		if seen&(1<<a.kind) != 0 {
			continue
		}
		if !strings.HasPrefix(low[i:], a.text) {
			continue
		}
		end := i + len(a.text)
		last := a.text[len(a.text)-1]
		if end < len(low) && (isLetter(last) || isDigit(last)) && isAlnum(low[end]) {
			continue
		}
		if end < len(low) && isLetter(last) && low[end] >= 0xC3 && low[end] <= 0xC5 {
			continue // an accented Latin letter continues the word
		}
		if end+1 < len(low) && isLetter(last) && low[end] == '-' && isAlnum(low[end+1]) {
			continue // "alibaba-secure-pay.com" is not "alibaba"
		}
		if a.upper && !allUpper(e.text[i:end]) {
			continue
		}
		if a.colon && !colonAfter(low, end) {
			continue
		}
		h := hit{a: a, start: i, end: end}
		e.byKind[a.kind] = append(e.byKind[a.kind], h)
		seen |= 1 << a.kind
	}
}

func allUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return false
		}
	}
	return true
}

// colonAfter reports whether a label ending at pos is followed by ":" (or a
// full-width colon, or "-" used as one), spaces allowed.
func colonAfter(low string, pos int) bool {
	for pos < len(low) && (low[pos] == ' ' || low[pos] == '\t') {
		pos++
	}
	return pos < len(low) && (low[pos] == ':' || low[pos] == '=' || strings.HasPrefix(low[pos:], "：") ||
		(low[pos] == '-' && pos+1 < len(low) && low[pos+1] == ' '))
}

var (
	phNumber1 = newPhrases("rating", "rated", "score", "评分", "calificación")
)

// number reads the number at low[i] (a digit) and returns where to go on.
func (e *extractor) number(i int) int {
	low := e.low
	// A phone number has a "+" or "(" before it or starts with 3+ digits.
	if (i > 0 && (e.text[i-1] == '+' || e.text[i-1] == '(')) || (i+2 < len(low) && isDigit(low[i+1]) && isDigit(low[i+2])) {
		if end := e.phone(i); end > 0 {
			return end
		}
	}
	if d, ok := numericDateAt(low, i, e.now); ok {
		e.dates = append(e.dates, d)
		return d.end
	}
	n := scanRawNumber(low, i)
	if m, start, end, ok := moneyAt(e.text, low, n); ok {
		e.money = append(e.money, moneyHit{m: m, start: start, end: end})
		return end
	}
	v := n.value(low, false)
	rest := low[n.end:]
	switch {
	case strings.HasPrefix(rest, "%") || strings.HasPrefix(rest, " %"):
		end := n.end + strings.IndexByte(rest, '%') + 1
		e.percents = append(e.percents, numHit{v, n.start, end})
		return end
	case strings.HasPrefix(rest, "/5") || strings.HasPrefix(rest, " / 5") || strings.HasPrefix(rest, " /5"):
		k := strings.IndexByte(rest, '5') + 1
		if strings.HasPrefix(rest[k:], ".0") {
			k += 2
		}
		if k < len(rest) && isDigit(rest[k]) {
			break
		}
		if v <= 5 {
			e.ratings = append(e.ratings, numHit{v, n.start, n.end + k})
		}
		return n.end + k
	}
	if v <= 5 && n.dots == 1 && n.commas == 0 && n.lastGroup <= 2 {
		if b := e.before(n.start, 20); phNumber1.in(b) ||
			strings.HasSuffix(strings.TrimSpace(b), "★") || strings.HasSuffix(strings.TrimSpace(b), "⭐") {
			e.ratings = append(e.ratings, numHit{v, n.start, n.end})
			return n.end
		}
	}
	w, _, we := nextWord(low, n.end)
	if n.end < len(low) && low[n.end] == '-' { // "3-year", "10-pcs"
		w, _, we = nextWord(low, n.end+1)
	}
	switch w {
	case "yrs", "yr", "years", "year", "ys", "anos", "años":
		e.years = append(e.years, numHit{v, n.start, we})
	case "reviews", "review", "ratings", "评价", "reseñas", "opiniones":
		e.reviews = append(e.reviews, numHit{v, n.start, we})
	case "transactions", "transaction", "交易":
		e.counts = append(e.counts, numHit{v, n.start, we})
	case "pcs", "pc", "pieces", "piece", "units", "unit", "sets", "set", "pairs", "pair", "ctns", "cartons",
		"boxes", "dozen", "meters", "kg", "tons", "mt", "件", "个", "piezas", "unidades":
		e.qty = append(e.qty, numHit{v, n.start, we})
	}
	return n.end
}

// Windows and lines.

// lineStart returns the index of the first byte of the line holding pos.
// Lines are looked at no further than maxLine bytes from pos, so that one
// endless line cannot make each look-up walk the whole input.
func (e *extractor) lineStart(pos int) int {
	lo := pos - maxLine
	if lo < 0 {
		lo = 0
	}
	return lo + strings.LastIndexByte(e.low[lo:pos], '\n') + 1
}

const maxLine = 512

// lineEnd returns the index of the newline ending the line holding pos.
func (e *extractor) lineEnd(pos int) int {
	hi := pos + maxLine
	if hi > len(e.low) {
		hi = len(e.low)
	}
	k := strings.IndexByte(e.low[pos:hi], '\n')
	if k < 0 {
		return hi
	}
	return pos + k
}

// maxLabels bounds how many hits of one label kind the readers look at: the
// first ones carry the facts, and the bound keeps adversarial input linear.
const maxLabels = 32

// firstN returns at most maxLabels hits.
func firstN(h []hit) []hit {
	if len(h) > maxLabels {
		return h[:maxLabels]
	}
	return h
}

// hitFrom returns the index of the first hit starting at or after pos
// (hits of one kind are in input order).
func hitFrom(h []hit, pos int) int {
	return sort.Search(len(h), func(i int) bool { return h[i].start >= pos })
}

// moneyFrom returns the index of the first amount starting at or after pos.
func (e *extractor) moneyFrom(pos int) int {
	return sort.Search(len(e.money), func(i int) bool { return e.money[i].start >= pos })
}

// numFrom returns the index of the first number starting at or after pos.
func numFrom(n []numHit, pos int) int {
	return sort.Search(len(n), func(i int) bool { return n[i].start >= pos })
}

// before returns up to n bytes of low before pos, not crossing a line.
func (e *extractor) before(pos, n int) string {
	lo := pos - n
	if lo < 0 {
		lo = 0
	}
	w := e.low[lo:pos]
	if k := strings.LastIndexByte(w, '\n'); k >= 0 {
		w = w[k+1:]
	}
	return w
}

// after returns up to n bytes of low from pos, not crossing a line.
func (e *extractor) after(pos, n int) string {
	hi := pos + n
	if hi > len(e.low) {
		hi = len(e.low)
	}
	w := e.low[pos:hi]
	if k := strings.IndexByte(w, '\n'); k >= 0 {
		w = w[:k]
	}
	return w
}

// sentenceTerm marks the bytes that may end a sentence.
var sentenceTerm = func() (t [256]bool) {
	for _, c := range []byte{'\n', '!', '?', '.', 0xEF, 0xE3} {
		t[c] = true
	}
	return t
}()

// sentences finds where each sentence ends, once: after "?", "!", "？", a
// newline, "。" or a "." followed by a space (not after "Co." or "No.").
// ends[i] is the end of sentence i (exclusive of the terminator for "." and
// newlines, inclusive of "?"); next[i] is where sentence i+1 starts.
func (e *extractor) sentences() {
	text := e.text
	n := len(text)
	for i := 0; i < n; i++ {
		for i < n && !sentenceTerm[text[i]] {
			i++
		}
		if i >= n {
			break
		}
		var stop, next int
		switch c := text[i]; {
		case c == '\n' || c == '!':
			stop, next = i, i+1
		case c == '?':
			if i+1 < n && isAlnum(text[i+1]) {
				continue // "track?id=": inside a URL
			}
			stop = i + 1
			for stop < n && (text[stop] == '?' || text[stop] == '!') {
				stop++
			}
			next = stop
		case c == '.':
			if i+1 >= n || (text[i+1] != ' ' && text[i+1] != '\n') || abbrevBefore(e.low, i) {
				continue
			}
			stop, next = i, i+1
		case c == 0xEF && strings.HasPrefix(text[i:], "？"):
			stop = i + len("？")
			next = stop
		case c == 0xE3 && strings.HasPrefix(text[i:], "。"):
			stop, next = i, i+len("。")
		default:
			continue
		}
		e.sentEnd = append(e.sentEnd, stop)
		e.sentNext = append(e.sentNext, next)
		i = next - 1
	}
}

// maxSentence caps how far a sentence window reaches, so text without
// punctuation cannot make windows (and the work) grow with the input.
const maxSentence = 240

// sentenceStart returns where the sentence holding pos starts.
func (e *extractor) sentenceStart(pos int) int {
	// The last sentence that ends at or before pos.
	k := sort.SearchInts(e.sentNext, pos+1) - 1
	start := 0
	if k >= 0 {
		start = e.sentNext[k]
	}
	if pos-start > maxSentence {
		start = pos - maxSentence
	}
	return start
}

// sentenceEnd returns where the sentence holding pos ends.
func (e *extractor) sentenceEnd(pos int) int {
	k := sort.SearchInts(e.sentEnd, pos)
	end := len(e.text)
	if k < len(e.sentEnd) {
		end = e.sentEnd[k]
	}
	if end-pos > maxSentence {
		end = pos + maxSentence
	}
	return end
}

// abbrevBefore reports whether the "." at k ends an abbreviation that does
// not end a sentence ("Co.", "Ltd.", "No.", "e.g.").
func abbrevBefore(low string, k int) bool {
	w, _ := lastWord(low, k)
	switch w {
	case "co", "ltd", "no", "inc", "corp", "mr", "ms", "mrs", "dr", "st", "g", "e", "i", "vs", "approx", "pte", "pvt", "a", "s", "l", "c", "v", "u":
		return true
	}
	return false
}

// valueAfter returns the value that follows a label ending at pos: after
// spaces and one ":", "：", "-" or "=", up to the end of the line (cut at " | ",
// tabs and ";"). When the label ends its line, the value is the next
// non-empty line.
func (e *extractor) valueAfter(pos int) (start, end int, ok bool) {
	low := e.low
	j := pos
	for j < len(low) && (low[j] == ' ' || low[j] == '\t') {
		j++
	}
	switch {
	case j < len(low) && (low[j] == ':' || low[j] == '=' || low[j] == '-'):
		j++
	case strings.HasPrefix(low[j:], "："):
		j += len("：")
	}
	for j < len(low) && (low[j] == ' ' || low[j] == '\t') {
		j++
	}
	if j < len(low) && low[j] == '\r' {
		j++
	}
	if j < len(low) && low[j] == '\n' {
		// Value on the next non-empty line (copied tables).
		k := j + 1
		for k < len(low) && (low[k] == ' ' || low[k] == '\t' || low[k] == '\n' || low[k] == '\r') && k-j < 8 {
			k++
		}
		j = k
	}
	if j >= len(low) {
		return 0, 0, false
	}
	end = e.lineEnd(j)
	for _, stop := range []string{" | ", "\t", ";", " / ", "  ", "。", "；", "！", "？"} {
		if k := strings.Index(low[j:end], stop); k >= 0 {
			end = j + k
		}
	}
	start, end = trimSpan(e.text, j, end)
	return start, end, end > start
}

// trimSpan trims spaces, quotes and trailing punctuation from text[start:end].
func trimSpan(text string, start, end int) (int, int) {
	for start < end && strings.IndexByte(" \t\r'\"`*“‘>", text[start]) >= 0 {
		start++
	}
	for start < end && strings.HasPrefix(text[start:end], "“") {
		start += len("“")
	}
	for end > start {
		c := text[end-1]
		if strings.IndexByte(" \t\r'\",;:`", c) >= 0 {
			end--
			continue
		}
		if c == '.' && end-start >= 3 && text[end-3] == '.' {
			break // "S.A. de C.V.", "N.A."
		}
		if c == '.' && end-start >= 2 && !hasFoldSuffix(text[start:end], "co.") &&
			!hasFoldSuffix(text[start:end], "ltd.") && !strings.HasSuffix(text[start:end], "Inc.") {
			end--
			continue
		}
		if strings.HasSuffix(text[start:end], "”") || strings.HasSuffix(text[start:end], "’") {
			end -= len("”")
			continue
		}
		if strings.HasSuffix(text[start:end], "，") || strings.HasSuffix(text[start:end], "、") ||
			strings.HasSuffix(text[start:end], "：") {
			end -= len("，")
			continue
		}
		break
	}
	return start, end
}

// use marks text[start:end] as read (bounded, see maxLabels).
func (e *extractor) use(start, end int) {
	if len(e.used) < 2*maxLabels {
		e.used = append(e.used, span{start, end})
	}
}

// overlapsUsed reports whether [start,end) overlaps a range already read.
func (e *extractor) overlapsUsed(start, end int) bool {
	for _, u := range e.used {
		if start < u.end && u.start < end {
			return true
		}
	}
	return false
}

// sortDates puts dates in input order (they are appended by two readers).
func sortDates(d []dateHit) {
	byStart := func(a, b dateHit) int { return a.start - b.start }
	if !slices.IsSortedFunc(d, byStart) {
		slices.SortStableFunc(d, byStart)
	}
}

// hasFoldSuffix is strings.HasSuffix ignoring ASCII case.
func hasFoldSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
