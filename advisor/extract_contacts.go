package advisor

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// contacts reads e-mail addresses and WeChat IDs with the same code Redact
// uses, so what Redact masks is what Extract reads. Phone numbers are read
// by the main scan (see phone).
func (e *extractor) contacts() {
	if strings.IndexByte(e.text, '@') >= 0 {
		r := redactor{s: e.text}
		r.emails()
		for _, ed := range r.edits {
			v := e.text[ed.start:ed.end]
			e.linkSpans = append(e.linkSpans, span{ed.start, ed.end})
			e.f.Emails = appendUnique(e.f.Emails, v)
			e.set("emails", ed.start, ed.end)
			if at := strings.IndexByte(v, '@'); at >= 0 {
				e.addDomain(ed.start+at+1, ed.end)
			}
		}
	}
	for _, h := range firstN(e.byKind[akHandle]) {
		start, end, kind := scanHandle(e.text, h.start)
		if end > 0 && kind == labelPhone {
			v := e.text[start:end]
			e.f.WeChatIDs = appendUnique(e.f.WeChatIDs, v)
			e.set("wechat_ids", start, end)
		}
	}
}

// phone reads a phone, WhatsApp or WeChat number starting at or just before
// text[i] (a "+" or "(" may lead), with Redact's rules: 7+ digits after a
// phone label, or 8–15 digits after "+". It returns the end of the number,
// or -1 when it is not one.
func (e *extractor) phone(i int) int {
	if i < e.notPhoneEnd {
		return -1 // inside a digit run already found not to be a phone
	}
	ps := i
	if ps > 0 && e.text[ps-1] == '+' {
		ps--
	}
	if ps > 0 && e.text[ps-1] == '(' {
		ps--
	}
	n := scanNumber(e.text, ps)
	if n.digits < 7 {
		e.notPhoneEnd = n.end
		return -1
	}
	ed, ok := classifyNumber(e.text, n)
	if !ok || ed.kind != 'p' {
		e.notPhoneEnd = n.end
		return -1
	}
	v := e.text[n.start:n.end]
	e.f.Phones = appendUnique(e.f.Phones, v)
	e.set("phones", n.start, n.end)
	return n.end
}

// maxItems bounds each list fact (e-mails, phones, URLs…): the first ones
// are the evidence, and the bound keeps adversarial input linear.
const maxItems = 32

func appendUnique(list []string, v string) []string {
	if len(list) >= maxItems {
		return list
	}
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return list
		}
	}
	return append(list, v)
}

// iban records a mod-97-valid IBAN found by the scanner at text[start:end].
func (e *extractor) iban(start, end int) {
	if e.f.IBAN != "" {
		return
	}
	compact := strings.ToUpper(strings.ReplaceAll(e.text[start:end], " ", ""))
	e.f.IBAN = compact
	e.set("iban", start, end)
	e.bankCountry(CountryFromISO(compact[:2]), 4, start, start+2)
}

// topLevel lists the top-level domains a bare domain ("alibaba-secure-pay.com")
// may end with. URLs with a scheme or "www." may have any.
var topLevel = map[string]bool{
	"com": true, "net": true, "org": true, "cn": true, "hk": true, "io": true, "co": true, "info": true,
	"biz": true, "shop": true, "top": true, "xyz": true, "online": true, "site": true, "store": true,
	"vip": true, "cc": true, "me": true, "app": true, "pay": true, "tech": true, "group": true,
	"trade": true, "asia": true, "us": true, "uk": true, "de": true, "in": true, "ng": true, "ru": true,
	"tk": true, "ml": true, "ga": true, "cf": true, "gq": true, "icu": true, "club": true, "live": true,
	"link": true, "work": true, "company": true, "services": true, "support": true, "email": true,
	"page": true, "website": true, "space": true, "fun": true, "world": true, "today": true,
	"cloud": true, "digital": true, "global": true, "market": true, "business": true, "center": true,
	"tw": true, "sg": true, "my": true, "vn": true, "ae": true, "tr": true, "mx": true, "es": true,
	"fr": true, "it": true, "nl": true, "eu": true, "ca": true, "au": true, "jp": true, "kr": true,
	"pk": true, "bd": true, "ph": true, "id": true, "th": true, "za": true, "ke": true, "gh": true,
	"br": true, "ar": true, "cl": true, "pe": true, "pl": true, "se": true, "ch": true, "at": true,
	"be": true, "pt": true, "ie": true, "ua": true, "kz": true, "ws": true, "to": true, "su": true,
	"buzz": true, "bond": true, "cyou": true, "sbs": true, "cfd": true, "click": true, "help": true,
}

// links reads URLs (with a scheme or "www.") and bare domain names.
func (e *extractor) links() {
	low := e.low
	var urls []span
	// add reads the URL at start and returns where the search goes on
	// (after the URL, so a long run is read once).
	add := func(start, minEnd int) int {
		if start > 0 && isAlnum(low[start-1]) {
			return minEnd
		}
		end := urlEnd(e.text, start)
		if end <= minEnd+2 {
			return max(end, minEnd)
		}
		urls = append(urls, span{start, end})
		return end
	}
	// "http://", "https://" (and the defanged "hxxp://") …
	for from := 0; ; {
		k := strings.Index(low[from:], "://")
		if k < 0 {
			break
		}
		at := from + k
		from = at + 3
		s := at
		for s > 0 && at-s < 5 && isLetter(low[s-1]) {
			s--
		}
		switch low[s:at] {
		case "http", "https", "hxxp", "hxxps":
			from = add(s, at+3)
		}
	}
	// … and "www." without a scheme.
	schemed := urls[:len(urls):len(urls)]
	for from := 0; ; {
		k := strings.Index(low[from:], "www.")
		if k < 0 {
			break
		}
		at := from + k
		from = at + 4
		if inSpans(schemed, at) {
			continue // "https://www.…" is one URL
		}
		from = add(at, at+4)
	}
	sortSpans(urls)
	e.linkSpans = append(e.linkSpans, urls...)
	for _, u := range urls {
		v := e.text[u.start:u.end]
		e.f.URLs = appendUnique(e.f.URLs, v)
		e.set("urls", u.start, u.end)
		hs := u.start
		if k := strings.Index(low[u.start:u.end], "://"); k >= 0 {
			hs = u.start + k + 3
		}
		he := hs
		for he < u.end && !strings.ContainsRune("/?#:", rune(e.text[he])) {
			he++
		}
		e.addDomain(hs, he)
	}
	// Bare domains: a dot followed by a known top-level domain. The walk to
	// the left stops at the previous such dot and reuses its run ("a.b.c.d"
	// is walked once, not once per dot).
	from := 0
	prevDot, prevRun := -1, 0
	for {
		k := strings.IndexByte(low[from:], '.')
		if k < 0 {
			break
		}
		dot := from + k
		from = dot + 1
		tl := dot + 1
		te := tl
		for te < len(low) && isLetter(low[te]) {
			te++
		}
		if te == tl || !topLevel[low[tl:te]] || (te < len(low) && (isDigit(low[te]) || low[te] == '-' || low[te] == '@')) {
			continue
		}
		if dot > 0 && isUpper(e.text[tl]) && !isUpper(e.text[dot-1]) {
			continue // "done.It was": a missing space, not a domain
		}
		// A second level (".com.cn").
		if te+1 < len(low) && low[te] == '.' {
			t2 := te + 1
			t2e := t2
			for t2e < len(low) && isLetter(low[t2e]) {
				t2e++
			}
			if t2e > t2 && topLevel[low[t2:t2e]] && (t2e == len(low) || !isAlnum(low[t2e])) {
				te = t2e
			}
		}
		stop := dot - 253
		if prevDot >= 0 && prevDot >= stop {
			stop = prevDot
		}
		if stop < 0 {
			stop = 0
		}
		run := domainRun(e.text, dot, stop)
		if run == stop && stop == prevDot {
			run = max(prevRun, dot-253, 0)
		}
		prevDot, prevRun = dot, run
		start := run
		for start < dot && (e.text[start] == '.' || e.text[start] == '-') {
			start++
		}
		if start == dot || inSpans(urls, start) || (start > 0 && (low[start-1] == '@' || low[start-1] == '/')) {
			from = te
			continue
		}
		e.addDomain(start, te)
		if n := len(e.linkSpans); n > 0 && e.linkSpans[n-1].end > start && e.linkSpans[n-1].start <= start {
			e.linkSpans[n-1].end = te // "a.b.c.d": one run of labels
		} else {
			e.linkSpans = append(e.linkSpans, span{start, te})
		}
		from = te
	}
	e.dropLinkHits()
}

// dropLinkHits forgets places, companies and banks read inside e-mail
// addresses, URLs and domains ("sales@yongkang-outdoor.com" names no city).
func (e *extractor) dropLinkHits() {
	if len(e.linkSpans) == 0 {
		return
	}
	sortSpans(e.linkSpans)
	for _, k := range []akind{akPlace, akCompany, akBankName, akBank, akActor} {
		kept := e.byKind[k][:0]
		for _, h := range e.byKind[k] {
			if !inSpans(e.linkSpans, h.start) {
				kept = append(kept, h)
			}
		}
		e.byKind[k] = kept
	}
}

func sortSpans(s []span) {
	slices.SortFunc(s, func(a, b span) int { return a.start - b.start })
}

// inSpans reports whether pos lies in one of the sorted, disjoint spans s.
func inSpans(s []span, pos int) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].start > pos }) - 1
	return i >= 0 && pos < s[i].end
}

// maxURL bounds how long a URL is read.
const maxURL = 2048

// urlEnd finds the end of a URL starting at start.
func urlEnd(text string, start int) int {
	end := start
	for end < len(text) && end-start < maxURL {
		c := text[end]
		if c <= ' ' || strings.IndexByte("\"'<>()[]{}`", c) >= 0 {
			break
		}
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) || unicode.Is(unicode.Han, r) {
				break
			}
			end += size
			continue
		}
		end++
	}
	for end > start && strings.IndexByte(".,;:!?", text[end-1]) >= 0 {
		end--
	}
	return end
}

// domainRun walks left from the dot before a top-level domain over domain
// labels (letters, digits, "-", ".", and non-Han letters such as a Cyrillic
// "а" in a homograph), no further than stop, and returns where the run
// starts.
func domainRun(text string, dot, stop int) int {
	start := dot
	for start > stop {
		c := text[start-1]
		if isAlnum(c) || c == '-' || c == '.' {
			start--
			continue
		}
		if c >= 0x80 {
			r, size := utf8.DecodeLastRuneInString(text[:start])
			if start-size >= stop && unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) &&
				!unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				start -= size
				continue
			}
		}
		break
	}
	return start
}

// addDomain records the host text[start:end] in Domains, lower-cased and
// without a leading "www.".
func (e *extractor) addDomain(start, end int) {
	if end-start > 253 {
		return
	}
	host := e.low[start:end] // ASCII-lowered; a non-ASCII homograph stays as written
	host = strings.TrimSuffix(host, ".")
	if strings.HasPrefix(host, "www.") {
		host = host[4:]
	}
	if !strings.Contains(host, ".") || len(host) > 253 {
		return
	}
	if len(e.f.Domains) >= maxItems {
		return
	}
	for _, d := range e.f.Domains {
		if d == host {
			return
		}
	}
	e.f.Domains = append(e.f.Domains, host)
	e.setItem("domains", host, start, end)
}
