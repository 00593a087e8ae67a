package advisor

import (
	"math"
	"strings"
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

type currencyWord struct {
	text string // lower case, as it appears in the lowered input
	code string
}

// currencyPrefixes come before the amount ("US$12,000", "RMB 5000", "€1.200").
// Longest first. "¥" and "￥" are read as Chinese yuan (the marketplace's
// home currency); write JPY or 円 for yen.
var currencyPrefixes = sortedWords([]currencyWord{
	{"us$", "USD"}, {"us $", "USD"}, {"u$s", "USD"}, {"usd", "USD"}, {"usd$", "USD"}, {"$", "USD"},
	{"€", "EUR"}, {"eur", "EUR"}, {"euro", "EUR"}, {"£", "GBP"}, {"gbp", "GBP"},
	{"¥", "CNY"}, {"￥", "CNY"}, {"rmb", "CNY"}, {"cny", "CNY"}, {"rmb¥", "CNY"},
	{"hk$", "HKD"}, {"hkd", "HKD"}, {"a$", "AUD"}, {"au$", "AUD"}, {"aud", "AUD"},
	{"c$", "CAD"}, {"ca$", "CAD"}, {"cad", "CAD"}, {"s$", "SGD"}, {"sgd", "SGD"},
	{"nt$", "TWD"}, {"twd", "TWD"}, {"r$", "BRL"}, {"brl", "BRL"}, {"mx$", "MXN"}, {"mxn", "MXN"},
	{"₦", "NGN"}, {"ngn", "NGN"}, {"₹", "INR"}, {"inr", "INR"}, {"jpy", "JPY"}, {"aed", "AED"},
	{"chf", "CHF"}, {"₩", "KRW"}, {"krw", "KRW"}, {"₺", "TRY"}, {"rub", "RUB"}, {"₽", "RUB"},
	{"zar", "ZAR"}, {"pln", "PLN"}, {"thb", "THB"}, {"myr", "MYR"}, {"vnd", "VND"}, {"pkr", "PKR"},
	{"sar", "SAR"}, {"usdt", "USDT"},
})

// currencySuffixes come after the amount ("12.000,00 EUR", "5000 yuan", "3000元").
var currencySuffixes = sortedWords([]currencyWord{
	{"usd", "USD"}, {"us dollars", "USD"}, {"us dollar", "USD"}, {"dollars", "USD"}, {"dollar", "USD"},
	{"bucks", "USD"}, {"$", "USD"}, {"美元", "USD"}, {"美金", "USD"}, {"dólares", "USD"}, {"dolares", "USD"},
	{"eur", "EUR"}, {"euros", "EUR"}, {"euro", "EUR"}, {"€", "EUR"}, {"欧元", "EUR"},
	{"rmb", "CNY"}, {"cny", "CNY"}, {"yuan", "CNY"}, {"元", "CNY"}, {"块", "CNY"}, {"人民币", "CNY"},
	{"gbp", "GBP"}, {"pounds", "GBP"}, {"£", "GBP"}, {"hkd", "HKD"}, {"港币", "HKD"}, {"jpy", "JPY"},
	{"yen", "JPY"}, {"円", "JPY"}, {"aud", "AUD"}, {"cad", "CAD"}, {"sgd", "SGD"}, {"ngn", "NGN"},
	{"naira", "NGN"}, {"inr", "INR"}, {"rupees", "INR"}, {"mxn", "MXN"}, {"pesos", "MXN"},
	{"aed", "AED"}, {"dirhams", "AED"}, {"usdt", "USDT"}, {"brl", "BRL"}, {"reais", "BRL"},
	{"chf", "CHF"}, {"twd", "TWD"}, {"krw", "KRW"}, {"won", "KRW"}, {"thb", "THB"}, {"baht", "THB"},
	{"myr", "MYR"}, {"ringgit", "MYR"}, {"vnd", "VND"}, {"zar", "ZAR"}, {"rand", "ZAR"}, {"pln", "PLN"},
})

func sortedWords(w []currencyWord) []currencyWord {
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && len(w[j].text) > len(w[j-1].text); j-- {
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
	return w
}

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

// value interprets the number. euro says the amount is written in a
// comma-decimal locale (a euro amount), where a single "." before three
// digits groups thousands ("€1.200" is 1200). Otherwise: with both separators
// the last one is the decimal mark ("12.000,00", "1,200.50"); a separator that
// repeats groups thousands; a single "," before three digits groups thousands
// ("12,000"); anything else is a decimal mark ("1.85", "12,50").
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
	case n.lastGroup == 3 && (n.lastSep == ',' || euro):
	default:
		dec = n.lastSep
	}
	decAt := -1
	if dec != 0 {
		decAt = lastIndexByte(s[:n.end], dec, n.start)
	}
	var ip, fp float64
	scale := 1.0
	for j := n.start; j < n.end; j++ {
		c := s[j]
		switch {
		case !isDigit(c):
		case decAt < 0 || j < decAt:
			ip = ip*10 + float64(c-'0')
		default:
			scale /= 10
			fp += float64(c-'0') * scale
		}
	}
	return ip + fp
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

// currencyBefore finds a currency word ending at most one space before pos.
func currencyBefore(low string, pos int) (code string, start int) {
	end := pos
	if end > 0 && low[end-1] == ' ' {
		end--
	}
	for _, c := range currencyPrefixes {
		k := end - len(c.text)
		if k < 0 || low[k:end] != c.text {
			continue
		}
		// Letter codes must start a word ("usd", not "xusd").
		if isLetter(c.text[0]) && k > 0 && isLetter(low[k-1]) {
			continue
		}
		// "$" after letters that are not a currency prefix ("A$" is) is still
		// dollars; a digit before "$" is not a prefix.
		if k > 0 && isDigit(low[k-1]) {
			continue
		}
		return c.code, k
	}
	return "", 0
}

// currencyAfter finds a currency word starting at most one space after pos.
func currencyAfter(low string, pos int) (code string, end int) {
	k := pos
	if k < len(low) && low[k] == ' ' {
		k++
	}
	for _, c := range currencySuffixes {
		if !strings.HasPrefix(low[k:], c.text) {
			continue
		}
		e := k + len(c.text)
		if isLetter(c.text[len(c.text)-1]) && e < len(low) && isLetter(low[e]) {
			continue
		}
		return c.code, e
	}
	return "", 0
}
