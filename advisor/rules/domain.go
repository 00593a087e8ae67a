package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/unicode/norm"
)

// Host names in the paste: web addresses, bare domains and e-mail domains.
// The scanner walks every '.' once and widens it to a host, so a 256 KiB
// paste costs one linear pass.

// hostMention is one host name found in the input.
type hostMention struct {
	sp span // where the host is written in the input
	// host is the host in lower case with internationalised labels
	// decoded (xn--… → Unicode) and NFKC-normalised.
	host string
	// ascii is the host in its ASCII (punycode) form, "" if it has none.
	ascii string
	// email is set when the host is the domain of an e-mail address.
	email bool
	// url is set when the host follows "http://", "https://" or "www.".
	url bool
}

// commonTLDs are the top-level domains a bare word.word is accepted with
// ("alibaba-pay.com"), so "Mr.Li" or "e.g" are not taken for hosts.
var commonTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true, "top": true, "xyz": true, "cn": true,
	"co": true, "io": true, "shop": true, "site": true, "online": true, "cc": true, "us": true, "uk": true,
	"hk": true, "tk": true, "ml": true, "ga": true, "cf": true, "gq": true, "vip": true, "club": true,
	"store": true, "live": true, "app": true, "me": true, "ru": true, "de": true, "in": true, "sg": true,
	"my": true, "ws": true, "pw": true, "link": true, "work": true, "support": true, "services": true,
	"express": true, "delivery": true, "global": true, "tech": true, "pro": true, "asia": true, "tw": true,
	"au": true, "ca": true, "nl": true, "fr": true, "es": true, "it": true, "jp": true, "kr": true, "ae": true,
	"ng": true, "tr": true, "br": true, "mx": true, "eu": true, "icu": true, "buzz": true, "cyou": true,
	"email": true, "page": true, "web": true, "one": true, "mobi": true, "name": true, "net.cn": true,
}

// hosts returns the host names in the paste, in text order.
func (sc *scan) hosts() []hostMention {
	return sc.memoize("hosts", func() any {
		var out []hostMention
		low := sc.low
		last := -1
		for i := 0; i < len(low); {
			j := strings.IndexByte(low[i:], '.')
			if j < 0 {
				break
			}
			dot := i + j
			i = dot + 1
			if dot <= last {
				continue
			}
			start := dot
			for start > 0 {
				r, n := utf8.DecodeLastRuneInString(low[:start])
				if !hostRune(r) && r != '.' {
					break
				}
				start -= n
			}
			end := dot + 1
			for end < len(low) {
				r, n := utf8.DecodeRuneInString(low[end:])
				if !hostRune(r) && r != '.' {
					break
				}
				end += n
			}
			last = end
			for end > start && (low[end-1] == '.' || low[end-1] == '-') {
				end--
			}
			for start < end && (low[start] == '.' || low[start] == '-') {
				start++
			}
			if m, ok := newHostMention(low, start, end); ok {
				out = append(out, m)
			}
		}
		return out
	}).([]hostMention)
}

// hostRune reports whether r can be part of a host label as people write
// them (including look-alike letters from other scripts).
func hostRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-'
	}
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		return true
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || isInvisible(r)
}

// newHostMention turns the host name at low[start:end] into a hostMention, rejecting things that are not host names (file names, version numbers).
func newHostMention(low string, start, end int) (hostMention, bool) {
	raw := low[start:end]
	if !strings.Contains(raw, ".") {
		return hostMention{}, false
	}
	m := hostMention{sp: span{start, end}}
	if start > 0 && low[start-1] == '@' {
		m.email = true
	}
	if strings.HasSuffix(low[:start], "://") || strings.HasPrefix(raw, "www.") {
		m.url = true
	}
	// Normalise: drop invisible characters, NFKC (full-width letters), lower case.
	clean := strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, raw)
	clean = strings.ToLower(norm.NFKC.String(clean))
	labels := strings.Split(clean, ".")
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return hostMention{}, false
		}
	}
	tld := labels[len(labels)-1]
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return hostMention{}, false
		}
	}
	if len(tld) < 2 {
		return hostMention{}, false
	}
	if !m.email && !m.url && !commonTLDs[tld] && !strings.HasPrefix(tld, "xn--") && isASCII(clean) {
		return hostMention{}, false
	}
	// Decode punycode labels to Unicode for comparison; keep an ASCII form.
	if uni, err := idna.Punycode.ToUnicode(clean); err == nil {
		m.host = strings.ToLower(norm.NFKC.String(uni))
	} else {
		m.host = clean
	}
	if a, err := idna.Punycode.ToASCII(m.host); err == nil {
		m.ascii = a
	}
	return m, true
}

// registrable returns the registrable domain of a host (eTLD+1), or the
// host itself when it has none.
func registrable(host string) string {
	ascii, err := idna.Punycode.ToASCII(host)
	if err != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(ascii)
	if err != nil {
		return host
	}
	if uni, err := idna.Punycode.ToUnicode(d); err == nil {
		return uni
	}
	return d
}

// underAny reports whether host is one of domains or a subdomain of one.
func underAny(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// isInvisible reports zero-width, joiner, bidi-control and soft-hyphen
// characters that hide inside words.
func isInvisible(r rune) bool {
	switch r {
	case '\u00AD', '\u034F', '\u061C', '\u115F', '\u1160', '\u17B4', '\u17B5', '\u180E',
		'\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064',
		'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
		'\u3164', '\uFEFF', '\uFFA0':
		return true
	}
	return r >= 0xE0000 && r <= 0xE007F // tag characters
}

// confusable maps look-alike characters to the Latin letter they imitate;
// digits and 'i' map to what they look like in a domain ("a1ibaba",
// "aIibaba" → "allbaba"), so brands are compared in the same skeleton.
var confusable = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't',
	'у': 'y', 'х': 'x', 'і': 'l', 'ї': 'l', 'ј': 'j', 'ӏ': 'l', 'ԁ': 'd', 'ь': 'b', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w',
	'ѕ': 's', 'ɡ': 'g',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'ι': 'l', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
	'ω': 'w', 'η': 'n',
	// Latin variants
	'ı': 'l', 'ł': 'l', 'ɩ': 'l', 'ǀ': 'l', 'ɑ': 'a', 'ɒ': 'a', 'ß': 'b', 'ð': 'd', 'ø': 'o', 'đ': 'd', 'ħ': 'h',
	// Digits and look-alikes of l
	'0': 'o', '1': 'l', 'i': 'l', '|': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
}

// skeleton reduces s to the letters it looks like: accents dropped,
// confusables mapped, "rn" read as "m" and "vv" as "w"; other characters
// ('-', '.') are dropped.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if c, ok := confusable[r]; ok {
			r = c
		}
		if r >= 'a' && r <= 'z' || r > utf8.RuneSelf && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	out := b.String()
	out = strings.ReplaceAll(out, "rn", "m")
	out = strings.ReplaceAll(out, "vv", "w")
	return out
}

// scripts reports whether s mixes Latin letters with Cyrillic or Greek ones,
// the mark of a homoglyph domain.
func mixedScript(s string) bool {
	var latin, other bool
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			latin = true
		case unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r):
			other = true
		}
	}
	return latin && other
}

// editDistance is the Levenshtein distance, bounded: it returns max+1 as
// soon as the distance must exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
