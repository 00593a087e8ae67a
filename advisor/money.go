package advisor

import (
	"math"
	"strings"
	"unicode/utf8"
)

// exchangeRates is US dollars per unit of each currency: a fixed reference
// table (rounded mid-market rates of early 2026), so that the same paste
// always gives the same USD value. It is for comparing amounts with Trade
// Assurance limits and thresholds, not for pricing.
var exchangeRates = map[string]float64{
	"USD": 1, "EUR": 1.08, "GBP": 1.27, "CNY": 0.14, "HKD": 0.128, "JPY": 0.0067, "AUD": 0.66,
	"CAD": 0.73, "SGD": 0.74, "TWD": 0.031, "KRW": 0.00073, "INR": 0.012, "NGN": 0.00065,
	"MXN": 0.055, "BRL": 0.18, "AED": 0.272, "SAR": 0.267, "CHF": 1.12, "THB": 0.028,
	"VND": 0.000039, "MYR": 0.22, "PHP": 0.017, "IDR": 0.000062, "PKR": 0.0036, "BDT": 0.0083,
	"ZAR": 0.054, "PLN": 0.25, "SEK": 0.095, "NOK": 0.093, "DKK": 0.145, "NZD": 0.60,
	"RUB": 0.011, "TRY": 0.029, "USDT": 1,
}

// ExchangeRatesAsOf says which reference the fixed rates are.
const ExchangeRatesAsOf = "fixed reference rates, early 2026 (rounded)"

// ExchangeRates returns a copy of the fixed reference table used for
// Money.USD: US dollars per unit of each ISO 4217 code. The table is
// deliberately not live, so advice is reproducible.
func ExchangeRates() map[string]float64 {
	m := make(map[string]float64, len(exchangeRates))
	for k, v := range exchangeRates {
		m[k] = v
	}
	return m
}

// ToUSD converts amount in currency to US dollars with the fixed table,
// rounded to cents. ok is false for an unknown currency.
func ToUSD(amount float64, currency string) (usd float64, ok bool) {
	r, ok := exchangeRates[currency]
	if !ok {
		return 0, false
	}
	return math.Round(amount*r*100) / 100, true
}

// Currency words. "¥" and "￥" are read as Chinese yuan (the marketplace's
// home currency); write JPY or 円 for yen. "$" alone is US dollars.
var (
	// letterPrefixes are codes written before the amount ("USD 12,000", "RMB5000").
	letterPrefixes = map[string]string{
		"usd": "USD", "us": "USD", "eur": "EUR", "euro": "EUR", "gbp": "GBP", "rmb": "CNY", "cny": "CNY",
		"hkd": "HKD", "aud": "AUD", "cad": "CAD", "sgd": "SGD", "twd": "TWD", "brl": "BRL", "mxn": "MXN",
		"ngn": "NGN", "inr": "INR", "jpy": "JPY", "aed": "AED", "chf": "CHF", "krw": "KRW", "rub": "RUB",
		"zar": "ZAR", "pln": "PLN", "thb": "THB", "myr": "MYR", "vnd": "VND", "pkr": "PKR", "sar": "SAR",
		"usdt": "USDT",
	}
	// dollarPrefixes are the letters before "$" ("US$", "HK$", "A$").
	dollarPrefixes = map[string]string{
		"": "USD", "us": "USD", "usd": "USD", "hk": "HKD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD",
		"s": "SGD", "nt": "TWD", "r": "BRL", "mx": "MXN",
	}
	// symbolPrefixes are currency signs before the amount.
	symbolPrefixes = map[rune]string{
		'€': "EUR", '£': "GBP", '¥': "CNY", '￥': "CNY", '₦': "NGN", '₹': "INR", '₩': "KRW", '₺': "TRY", '₽': "RUB",
	}
	// letterSuffixes are words after the amount ("12.000,00 EUR", "5000 yuan").
	letterSuffixes = map[string]string{
		"usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD", "eur": "EUR", "euros": "EUR",
		"euro": "EUR", "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "gbp": "GBP", "pounds": "GBP", "hkd": "HKD",
		"jpy": "JPY", "yen": "JPY", "aud": "AUD", "cad": "CAD", "sgd": "SGD", "ngn": "NGN", "naira": "NGN",
		"inr": "INR", "rupees": "INR", "mxn": "MXN", "pesos": "MXN", "aed": "AED", "dirhams": "AED",
		"usdt": "USDT", "brl": "BRL", "reais": "BRL", "chf": "CHF", "twd": "TWD", "krw": "KRW", "won": "KRW",
		"thb": "THB", "baht": "THB", "myr": "MYR", "ringgit": "MYR", "vnd": "VND", "zar": "ZAR", "rand": "ZAR",
		"pln": "PLN", "dolares": "USD",
	}
	// otherSuffixes start with a non-letter.
	otherSuffixes = []struct{ text, code string }{
		{"美元", "USD"}, {"美金", "USD"}, {"欧元", "EUR"}, {"人民币", "CNY"}, {"元", "CNY"}, {"块", "CNY"},
		{"港币", "HKD"}, {"円", "JPY"}, {"€", "EUR"}, {"£", "GBP"}, {"$", "USD"}, {"dólares", "USD"},
	}
)

// rawNumber is a digit run with "," and "." separators as written.
type rawNumber struct {
	start, end int
	commas     int
	dots       int
	lastSep    byte // the last separator, 0 if none
	lastGroup  int  // digits after the last separator
	groupsOK   bool // every group after the first has 3 digits (grouping-shaped)
	firstGroup int
}

// scanRawNumber reads digits and single "," or "." separators that are
// followed by a digit, starting at s[i] (a digit).
func scanRawNumber(s string, i int) rawNumber {
	n := rawNumber{start: i, groupsOK: true}
	j := i
	g := 0
	for j < len(s) && isDigit(s[j]) {
		j++
		g++
	}
	n.firstGroup = g
	for j+1 < len(s) && (s[j] == ',' || s[j] == '.') && isDigit(s[j+1]) {
		sep := s[j]
		j++
		g = 0
		for j < len(s) && isDigit(s[j]) {
			j++
			g++
		}
		if sep == ',' {
			n.commas++
		} else {
			n.dots++
		}
		n.lastSep, n.lastGroup = sep, g
		if g != 3 {
			n.groupsOK = false
		}
		if n.commas+n.dots > 8 {
			break
		}
	}
	n.end = j
	return n
}

// value interprets the number. With both separators the last one is the
// decimal mark ("12.000,00", "1,200.50"); a separator that repeats groups
// thousands ("1.200.000"); a single separator before exactly three digits
// groups thousands ("12,000", "€1.200", "USD 4.500") unless the number
// starts "0." ("$0.125"); anything else is a decimal mark ("1.85", "12,50").
// euro says the amount is in euros, where "." always groups thousands.
func (n rawNumber) value(s string, euro bool) float64 {
	var dec byte
	switch {
	case n.commas > 0 && n.dots > 0:
		dec = n.lastSep
	case n.commas+n.dots == 0:
	case n.commas > 1 || n.dots > 1:
		if !n.groupsOK {
			dec = n.lastSep // "1.2.3": read the last as a decimal mark
		}
	case n.lastGroup == 3 && (n.lastSep == ',' || euro || !(n.firstGroup == 1 && s[n.start] == '0')):
	default:
		dec = n.lastSep
	}
	decAt := -1
	if dec != 0 {
		decAt = lastIndexByte(s[:n.end], dec, n.start)
	}
	// Accumulate the digits as an integer and divide once, so "0.62" is the
	// float64 nearest to 0.62 (no 0.6200000000000001).
	var mant float64
	frac := 0
	for j := n.start; j < n.end; j++ {
		c := s[j]
		if !isDigit(c) {
			continue
		}
		mant = mant*10 + float64(c-'0')
		if decAt >= 0 && j > decAt {
			frac++
		}
	}
	return mant / math.Pow10(frac)
}

func lastIndexByte(s string, c byte, from int) int {
	k := strings.LastIndexByte(s[from:], c)
	if k < 0 {
		return -1
	}
	return from + k
}

// moneyAt reads an amount of money around the number n in text (low is its
// ASCII-lower-cased copy): a currency word before or after it, and a
// multiplier (k, m, million, 万). ok is false when no currency is attached.
func moneyAt(text, low string, n rawNumber) (m Money, start, end int, ok bool) {
	code, pstart := currencyBefore(low, n.start)
	start = n.start
	if code != "" {
		start = pstart
	}
	end = n.end
	mult := 1.0
	// Multipliers directly after the digits.
	rest := low[end:]
	switch {
	case hasWord(rest, "k"):
		mult, end = 1e3, end+1
	case hasWord(rest, "mn"):
		mult, end = 1e6, end+2
	case hasWord(rest, "m") && code != "":
		mult, end = 1e6, end+1
	case hasWord(rest, " million"):
		mult, end = 1e6, end+len(" million")
	case hasWord(rest, " millones"):
		mult, end = 1e6, end+len(" millones")
	case strings.HasPrefix(rest, "万"):
		mult, end = 1e4, end+len("万")
	case hasWord(rest, " thousand"):
		mult, end = 1e3, end+len(" thousand")
	}
	if code == "" {
		var send int
		code, send = currencyAfter(low, end)
		if code == "" {
			return Money{}, 0, 0, false
		}
		end = send
	}
	amount := n.value(text, code == "EUR") * mult
	usd, _ := ToUSD(amount, code)
	return Money{Amount: amount, Currency: code, USD: usd, Text: text[start:end]}, start, end, true
}

// hasWord reports whether s starts with w not followed by an ASCII letter.
func hasWord(s, w string) bool {
	return strings.HasPrefix(s, w) && (len(s) == len(w) || !isLetter(s[len(w)]))
}

// currencyBefore finds a currency word or sign ending at most one space
// before pos and returns its code and where it starts.
func currencyBefore(low string, pos int) (code string, start int) {
	end := pos
	if end > 0 && low[end-1] == ' ' {
		end--
	}
	if end == 0 {
		return "", 0
	}
	c := low[end-1]
	switch {
	case c == '$':
		k := end - 1
		if k > 0 && isDigit(low[k-1]) {
			return "", 0
		}
		w := k
		for w > 0 && isLetter(low[w-1]) {
			w--
		}
		if code, ok := dollarPrefixes[low[w:k]]; ok {
			if w == k && k >= 3 && low[k-3:k] == "us " && (k == 3 || !isLetter(low[k-4])) {
				return "USD", k - 3 // "US $5,000"
			}
			return code, w
		}
		return "USD", k
	case isLetter(c):
		w := end
		for w > 0 && isLetter(low[w-1]) {
			w--
		}
		if code, ok := letterPrefixes[low[w:end]]; ok && low[w:end] != "us" {
			return code, w
		}
	case c >= 0x80:
		r, size := utf8.DecodeLastRuneInString(low[:end])
		if code, ok := symbolPrefixes[r]; ok {
			start := end - size
			if r == '¥' && start >= 3 && low[start-3:start] == "rmb" {
				start -= 3
			}
			return code, start
		}
	}
	return "", 0
}

// currencyAfter finds a currency word or sign starting at most one space
// after pos and returns its code and where it ends.
func currencyAfter(low string, pos int) (code string, end int) {
	k := pos
	if k < len(low) && low[k] == ' ' {
		k++
	}
	if k >= len(low) {
		return "", 0
	}
	if isLetter(low[k]) {
		w := k
		for w < len(low) && isLetter(low[w]) {
			w++
		}
		word := low[k:w]
		if word == "us" {
			for _, d := range []string{" dollars", " dollar"} {
				if strings.HasPrefix(low[w:], d) {
					return "USD", w + len(d)
				}
			}
			return "", 0
		}
		if w < len(low) && low[w] >= 0x80 {
			// "dólares": a word that goes on with a non-ASCII letter.
			if strings.HasPrefix(low[k:], "dólares") {
				return "USD", k + len("dólares")
			}
			return "", 0
		}
		if code, ok := letterSuffixes[word]; ok {
			return code, w
		}
		return "", 0
	}
	if c := low[k]; c < 0x80 && c != '$' {
		return "", 0
	}
	for _, o := range otherSuffixes {
		if strings.HasPrefix(low[k:], o.text) {
			return o.code, k + len(o.text)
		}
	}
	return "", 0
}
