package advisor

import (
	"sort"
	"strings"
)

// Redact returns s with personal and payment identifiers masked, keeping the
// words around them so the text still means the same thing (a question stays a
// question). It is what logs, the LLM prompt and "share in channel" summaries
// see. It masks:
//
//   - e-mail addresses: the local part becomes its first character and "***",
//     the domain stays ("c***@163.com"), because free-mail and look-alike
//     domains are part of the advice;
//   - IBANs (mod-97 valid): "[IBAN DE…3000]", the country and last four kept;
//   - account numbers: a run of 6+ digits (spaces and dashes allowed, already
//     masked "7890xxxxxx" too) after an account label (account, acct, acc, a/c,
//     iban, card, routing, 账号, 帐号, 账户, 卡号, cuenta, clabe…) becomes
//     "[account …1234]";
//   - phone, WhatsApp and fax numbers: 7+ digits after a phone label (tel,
//     phone, mobile, whatsapp, wa.me, wechat, 电话, 手机, 微信, teléfono…) or
//     8–15 digits written with a leading "+", become "[phone]" (an
//     international "+86 " prefix is kept);
//   - WeChat, Skype, Telegram, QQ and LINE IDs after their label
//     ("wechat: cindy_88", "微信号 cindy88", "telegram @cindy") become
//     "[wechat id]" or "[id]";
//   - any other run of 9+ digits (contiguous, or phone-like groups averaging
//     3+ digits) becomes "[number]", unless an order, invoice, PI, tracking,
//     B/L, container, HS, model, SKU or reference label precedes it on the
//     same line, or it is written like an amount ("1.200.000") or a date.
//
// SWIFT/BIC codes, bank names, amounts, dates, names and URLs stay: they are
// needed to understand the case and identify no private person by themselves.
// Redact runs in linear time.
func Redact(s string) string {
	r := redactor{s: s}
	r.emails()
	r.scan()
	if len(r.edits) == 0 {
		return s
	}
	sort.Slice(r.edits, func(i, j int) bool { return r.edits[i].start < r.edits[j].start })
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, e := range r.edits {
		if e.start < at {
			continue
		}
		b.WriteString(s[at:e.start])
		b.WriteString(e.repl)
		at = e.end
	}
	b.WriteString(s[at:])
	return b.String()
}

type edit struct {
	start, end int
	repl       string
	kind       byte // 'e'-mail, 'i'ban, 'a'ccount, 'p'hone, 'w'echat id, other 'd', 'n'umber
}

type redactor struct {
	s      string
	edits  []edit
	emailN int // edits[:emailN] are e-mails, sorted by start
}

// emails masks every local@domain.tld.
func (r *redactor) emails() {
	s := r.s
	from := 0
	for {
		k := strings.IndexByte(s[from:], '@')
		if k < 0 {
			break
		}
		at := from + k
		from = at + 1
		start, end, ok := emailAround(s, at)
		if !ok {
			continue
		}
		if n := len(r.edits); n > 0 && r.edits[n-1].end > start {
			continue
		}
		r.edits = append(r.edits, edit{start, end, s[start:start+1] + "***" + s[at:end], 'e'})
		from = end
	}
	r.emailN = len(r.edits)
}

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// emailAround finds the address whose '@' is at s[at]: local part bytes to the
// left, a dotted domain with a 2+ letter top-level label to the right.
func emailAround(s string, at int) (start, end int, ok bool) {
	start = at
	for start > 0 && at-start < 64 && isEmailLocal(s[start-1]) {
		start--
	}
	for start < at && s[start] == '.' {
		start++
	}
	if start == at {
		return 0, 0, false
	}
	end = at + 1
	for end < len(s) && end-at < 255 && isDomainChar(s[end]) {
		end++
	}
	for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	dom := s[at+1 : end]
	dot := strings.LastIndexByte(dom, '.')
	if dot <= 0 || len(dom)-dot-1 < 2 {
		return 0, 0, false
	}
	for i := dot + 1; i < len(dom); i++ {
		if !isLetter(dom[i]) {
			return 0, 0, false
		}
	}
	return start, end, true
}

// labelKind says what a label announces.
type labelKind int

const (
	labelNone    labelKind = iota
	labelKeep              // order, invoice, tracking…: not personal
	labelAccount           // bank account
	labelPhone             // phone / WhatsApp / WeChat number
	labelID                // QQ, Skype, Telegram, LINE
)

type label struct {
	word string // lower case
	kind labelKind
}

// numberLabels announce what the digits after them are. ASCII labels must
// stand as whole words.
var numberLabels = []label{
	{"order", labelKeep}, {"po", labelKeep}, {"p/o", labelKeep}, {"invoice", labelKeep}, {"inv", labelKeep},
	{"pi", labelKeep}, {"tracking", labelKeep}, {"track", labelKeep}, {"awb", labelKeep}, {"waybill", labelKeep},
	{"b/l", labelKeep}, {"bl", labelKeep}, {"container", labelKeep}, {"hs", labelKeep}, {"model", labelKeep},
	{"item", labelKeep}, {"sku", labelKeep}, {"ref", labelKeep}, {"reference", labelKeep}, {"lot", labelKeep},
	{"batch", labelKeep}, {"certificate", labelKeep}, {"cert", labelKeep}, {"report", labelKeep},
	{"license", labelKeep}, {"licence", labelKeep}, {"registration", labelKeep}, {"uscc", labelKeep},
	{"订单", labelKeep}, {"单号", labelKeep}, {"pedido", labelKeep}, {"factura", labelKeep},
	{"account", labelAccount}, {"acct", labelAccount}, {"acc", labelAccount}, {"a/c", labelAccount},
	{"ac", labelAccount}, {"iban", labelAccount}, {"card", labelAccount}, {"routing", labelAccount},
	{"aba", labelAccount}, {"bsb", labelAccount}, {"clabe", labelAccount}, {"cuenta", labelAccount},
	{"konto", labelAccount}, {"conta", labelAccount}, {"账号", labelAccount}, {"帐号", labelAccount},
	{"账户", labelAccount}, {"帐户", labelAccount}, {"卡号", labelAccount},
	{"tel", labelPhone}, {"phone", labelPhone}, {"mobile", labelPhone}, {"mob", labelPhone},
	{"cell", labelPhone}, {"whatsapp", labelPhone}, {"whats app", labelPhone}, {"whatsap", labelPhone},
	{"wa", labelPhone}, {"wa.me", labelPhone}, {"viber", labelPhone}, {"fax", labelPhone},
	{"wechat", labelPhone}, {"we chat", labelPhone}, {"weixin", labelPhone}, {"wx", labelPhone},
	{"vx", labelPhone}, {"call", labelPhone}, {"contact", labelPhone}, {"ph", labelPhone},
	{"teléfono", labelPhone}, {"telefono", labelPhone}, {"móvil", labelPhone}, {"movil", labelPhone},
	{"celular", labelPhone}, {"电话", labelPhone}, {"手机", labelPhone}, {"微信", labelPhone},
	{"qq", labelID}, {"skype", labelID}, {"telegram", labelID}, {"line", labelID},
}

// handleLabels introduce a messenger ID that may be letters ("wechat: cindy_88").
var handleLabels = []label{
	{"wechat", labelPhone}, {"we chat", labelPhone}, {"weixin", labelPhone}, {"微信", labelPhone},
	{"skype", labelID}, {"telegram", labelID}, {"qq", labelID}, {"line", labelID},
}

const labelWindow = 48

// nearestLabel returns the kind of the label that starts closest before
// s[pos], looking back at most labelWindow bytes on the same line. ASCII
// labels must be whole words.
func nearestLabel(s string, pos int) labelKind {
	lo := pos - labelWindow
	if lo < 0 {
		lo = 0
	}
	if nl := strings.LastIndexByte(s[lo:pos], '\n'); nl >= 0 {
		lo += nl + 1
	}
	for k := pos - 1; k >= lo; k-- {
		c := s[k]
		if c < 0x80 {
			if !isLetter(c) || (k > lo && isLetter(s[k-1])) {
				continue
			}
			c |= 0x20
		}
		for _, l := range labelsByFirst[c] {
			end := k + len(l.word)
			if end <= pos && hasFoldPrefix(s[k:], l.word) && (l.word[0] >= 0x80 || end == pos || !isLetter(s[end])) {
				return l.kind
			}
		}
	}
	return labelNone
}

// labelsByFirst indexes numberLabels by their first byte, longest first.
var labelsByFirst = func() (idx [256][]label) {
	for _, l := range numberLabels {
		idx[l.word[0]] = append(idx[l.word[0]], l)
	}
	for i := range idx {
		sort.SliceStable(idx[i], func(a, b int) bool { return len(idx[i][a].word) > len(idx[i][b].word) })
	}
	return idx
}()

// scan walks s once for IBANs, messenger IDs and digit runs.
func (r *redactor) scan() {
	s := r.s
	ei := 0 // next e-mail edit
	for i := 0; i < len(s); {
		for ei < r.emailN && r.edits[ei].end <= i {
			ei++
		}
		if ei < r.emailN && r.edits[ei].start <= i {
			i = r.edits[ei].end
			continue
		}
		c := s[i]
		switch {
		case isLetter(c) || c >= 0x80:
			if end := scanIBAN(s, i); end > 0 {
				r.edits = append(r.edits, edit{i, end, ibanMask(s[i:end]), 'i'})
				i = end
				continue
			}
			if start, end, kind := scanHandle(s, i); end > 0 {
				repl, k := "[id]", byte('d')
				if kind == labelPhone {
					repl, k = "[wechat id]", 'w'
				}
				r.edits = append(r.edits, edit{start, end, repl, k})
				i = end
				continue
			}
			if c >= 0x80 {
				i++
				continue
			}
			for i < len(s) && isLetter(s[i]) {
				i++
			}
		case isDigit(c) || ((c == '+' || c == '(') && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '+')):
			n := scanNumber(s, i)
			if e, ok := classifyNumber(s, n); ok {
				r.edits = append(r.edits, e)
			}
			i = n.end
		default:
			i++
		}
	}
}

func ibanMask(iban string) string {
	tail := make([]byte, 0, 4)
	for j := len(iban) - 1; j >= 0 && len(tail) < 4; j-- {
		if isAlnum(iban[j]) {
			tail = append(tail, iban[j])
		}
	}
	for a, b := 0, len(tail)-1; a < b; a, b = a+1, b-1 {
		tail[a], tail[b] = tail[b], tail[a]
	}
	return "[IBAN " + strings.ToUpper(iban[:2]) + "…" + string(tail) + "]"
}

// scanHandle matches a messenger label at s[i] and the ID after it. The ID is
// taken when the label is followed by ":", "id", "号", "is" or "@", or when
// the ID itself has a digit, "_" or "-" ("wechat silent" stays). IDs that
// start with a digit or "+" are left to the number rules.
func scanHandle(s string, i int) (start, end int, kind labelKind) {
	if i > 0 && s[i] < 0x80 && isLetter(s[i-1]) {
		return 0, -1, 0
	}
	// Cheap pre-check on the first two bytes: we(chat/ixin), sk(ype),
	// te(legram), qq, li(ne), 微(信).
	if i+1 >= len(s) {
		return 0, -1, 0
	}
	switch c0, c1 := s[i]|0x20, s[i+1]|0x20; {
	case c0 == 'w' && c1 == 'e', c0 == 's' && c1 == 'k', c0 == 't' && c1 == 'e', c0 == 'q' && c1 == 'q',
		c0 == 'l' && c1 == 'i', s[i] == 0xE5 && s[i+1] == 0xBE:
	default:
		return 0, -1, 0
	}
	var l *label
	for k := range handleLabels {
		w := handleLabels[k].word
		if len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
			if w[0] < 0x80 && i+len(w) < len(s) && isLetter(s[i+len(w)]) {
				continue
			}
			l = &handleLabels[k]
			break
		}
	}
	if l == nil {
		return 0, -1, 0
	}
	j := i + len(l.word)
	explicit := false
	for steps := 0; j < len(s) && steps < 6; steps++ {
		switch {
		case s[j] == ' ' || s[j] == '\t':
			j++
		case s[j] == ':' || s[j] == '=' || s[j] == '-':
			explicit = true
			j++
		case strings.HasPrefix(s[j:], "："):
			explicit = true
			j += len("：")
		case strings.HasPrefix(s[j:], "号"):
			explicit = true
			j += len("号")
		case hasFoldPrefix(s[j:], "id") && (j+2 == len(s) || !isAlnum(s[j+2])):
			explicit = true
			j += 2
		case hasFoldPrefix(s[j:], "is "):
			explicit = true
			j += 3
		default:
			steps = 6
		}
	}
	if j < len(s) && s[j] == '@' {
		explicit = true
		j++
	}
	start = j
	if start >= len(s) || !isLetter(s[start]) {
		return 0, -1, 0
	}
	marked := false
	for j < len(s) && j-start < 40 && (isAlnum(s[j]) || s[j] == '_' || s[j] == '-' || s[j] == '.') {
		if isDigit(s[j]) || s[j] == '_' || s[j] == '-' {
			marked = true
		}
		j++
	}
	for j > start && (s[j-1] == '.' || s[j-1] == '-') {
		j--
	}
	if j-start < 3 || (!explicit && !marked) {
		return 0, -1, 0
	}
	return start, j, l.kind
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// number is a run of digit groups such as "+86 138-1234-5678" or "7890xxxxxx".
type number struct {
	start, end int
	digits     int  // count of 0-9
	masked     int  // count of x/X/* already masking digits
	groups     int  // digit groups
	plus       bool // starts with "+" (or "(+")
	paren      bool // starts with "("
	firstLen   int  // digits in the first group
	firstSep   byte // separator after the first group (0 if none)
	threes     bool // every group after the first has exactly 3 digits
}

func isNumSep(c byte) bool {
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/'
}

// scanNumber reads digit groups joined by at most two separator bytes.
func scanNumber(s string, i int) number {
	n := number{start: i, threes: true}
	j := i
	if s[j] == '(' {
		n.paren = true
		j++
	}
	if j < len(s) && s[j] == '+' {
		n.plus = true
		j++
	}
	for j < len(s) && isDigit(s[j]) {
		g := 0
		for j < len(s) && isDigit(s[j]) {
			g++
			j++
		}
		m := 0
		for j+m < len(s) && (s[j+m] == 'x' || s[j+m] == 'X' || s[j+m] == '*') {
			m++
		}
		if m >= 3 {
			n.masked += m
			j += m
		}
		n.groups++
		n.digits += g
		if n.groups == 1 {
			n.firstLen = g
		} else if g != 3 {
			n.threes = false
		}
		n.end = j
		// Look for a separator (1–2 bytes) followed by another group.
		k := j
		for k < len(s) && k-j < 2 && isNumSep(s[k]) {
			k++
		}
		if k == j || k >= len(s) || !isDigit(s[k]) {
			break
		}
		if n.groups == 1 {
			n.firstSep = s[j]
		}
		j = k
	}
	if n.end <= n.start {
		n.end = j
		if n.end <= n.start {
			n.end = n.start + 1
		}
	}
	return n
}

// classifyNumber decides whether a digit run is personal data.
func classifyNumber(s string, n number) (edit, bool) {
	total := n.digits + n.masked
	if total < 6 {
		return edit{}, false
	}
	switch nearestLabel(s, n.start) {
	case labelKeep:
		return edit{}, false
	case labelAccount:
		return edit{n.start, n.end, accountMask(s[n.start:n.end], n.masked > 0), 'a'}, true
	case labelPhone:
		if n.digits >= 7 {
			return phoneEdit(s, n), true
		}
		return edit{}, false
	case labelID:
		if n.digits >= 5 {
			return edit{n.start, n.end, "[id]", 'd'}, true
		}
		return edit{}, false
	}
	if n.plus && n.digits >= 8 && n.digits <= 15 {
		return phoneEdit(s, n), true
	}
	if n.digits < 9 {
		return edit{}, false
	}
	if n.groups > 1 {
		if n.digits < 3*n.groups {
			return edit{}, false // sizes, prices: "38 39 40 41 42"
		}
		if n.threes && n.firstLen <= 3 && (n.firstSep == '.' || n.firstSep == ' ') {
			return edit{}, false // an amount: "1.200.000"
		}
		if n.firstLen == 4 && (n.firstSep == '-' || n.firstSep == '.' || n.firstSep == '/') &&
			(s[n.start] == '1' || s[n.start] == '2') {
			return edit{}, false // a date: "2026-06-20 14"
		}
	}
	return edit{n.start, n.end, "[number]", 'n'}, true
}

func accountMask(run string, premasked bool) string {
	if premasked {
		return "[account]"
	}
	tail := make([]byte, 0, 4)
	digits := 0
	for j := len(run) - 1; j >= 0; j-- {
		if isDigit(run[j]) {
			digits++
			if len(tail) < 4 {
				tail = append(tail, run[j])
			}
		}
	}
	if digits < 8 {
		return "[account]"
	}
	for a, b := 0, len(tail)-1; a < b; a, b = a+1, b-1 {
		tail[a], tail[b] = tail[b], tail[a]
	}
	return "[account …" + string(tail) + "]"
}

// phoneEdit masks a phone number, keeping a "+CC " international prefix.
func phoneEdit(s string, n number) edit {
	start := n.start
	prefix := ""
	if n.plus && !n.paren && n.firstLen <= 3 && n.firstSep != 0 && n.groups > 1 {
		prefix = s[n.start:n.start+1+n.firstLen] + " "
	}
	return edit{start, n.end, prefix + "[phone]", 'p'}
}
