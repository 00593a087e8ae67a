package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"tradeguard/advisor"
)

// price_too_low fires only on a reference given in the paste: a stated
// comparison ("half the price of others", "50% below market"), or a price far
// under the other prices quoted in the same paste. It never guesses what a
// product should cost, and it stays quiet when the paste itself explains the
// difference (a cheaper material, a thinner wall, B-grade stock).

// farBelow is the ratio under which a price is "far under" the others:
// Alibaba.com warns about quotes more than 50% below the market; 0.6 leaves
// room for rounding in how buyers report quotes.
const farBelow = 0.6

// explained matches the paste's own explanation of a lower price.
const explainedPattern = `explain\w*|they said (?:it'?s|its|theirs|it is|the)|theirs is|(?:different|cheaper|lower|thinner|inferior|recycled) (?:material|grade|spec\w*|quality|thickness|model|steel|plastic|fabric)|lower[- ]grade|thinner|lighter|smaller size|b-?grade|refurbished|\bused\b|second-?hand|clearance|old stock|discontinued|promotion|without (?:logo|packaging|box)|\b201\b|not 304|不一样的材料|材料不同|更薄|porque|material diferente`

// explanation finds the paste's own explanation of a lower price.
var explanation = phrases{newPhrase(explainedPattern, ``)}

// priceStatements recognises a stated price reference ("half the price of others", "50% below market").
var priceStatements = phrases{
	newPhrase(`(?:half|a third|one third|1/3|1/2|a quarter|a fifth|a fraction)\s+(?:of\s+)?(?:the\s+)?(?:price|cost|what)\s+(?:of\s+|that\s+|than\s+)?(?:\w+\s+){0,2}?(?:others?|other (?:suppliers?|factories|sellers|quotes?|stores)|everyone(?: else)?|market|competitors?|amazon|retail|they charge|others charge|the rest)`,
		explainedPattern+`|`+questionNot),
	newPhrase(`\b[4-9]\d ?(?:%|percent)\s*(?:below|under|less than|cheaper than|lower than|cheaper|lower|less)\b(?:\s+(?:than\s+)?(?:the\s+)?(?:market|others|other (?:suppliers|quotes|factories)|average|usual|retail|everyone|competitors?))?`,
		explainedPattern+`|`+questionNot),
	newPhrase(`(?:much|way|far|significantly|suspiciously|ridiculously|crazy|super|insanely|too|really|very|a lot)\s+(?:cheaper|lower|less)\s+(?:than|then)\s+(?:\w+\s+){0,2}?(?:others?|other (?:suppliers?|factories|sellers|quotes?|offers?|stores)|everyone(?: else)?|market(?: price)?|all the others|the rest|competitors?|amazon|retail|usual|anyone)`,
		explainedPattern+`|`+questionNot).needs("cheaper", "lower", "less th"),
	newPhrase(`too good to be true|(?:below|under|less than)\s+(?:the\s+)?(?:market|factory|production|raw material|material|manufacturing)\s+(?:price|cost|value)|below cost|(?:cheapest|lowest)\s+(?:price|quote|offer)\s+by (?:far|a mile|miles)`,
		explainedPattern+`|`+questionNot),
	newPhrase(`(?:远低于|低于)(?:市场价|成本|别家|其他(?:供应商|工厂)?)|便宜(?:一半|很多)|价格低得离谱|(?:la )?mitad (?:del|de) precio|muy por debajo del precio|[4-9]\d ?% m[aá]s barato`,
		explainedPattern),
}

// comparisonAnchors say the paste compares prices.
var comparisonAnchors = anchors("quote", "other supplier", "others", "market", "retail", "|vs", "versus", "compared", "cheaper", "average", "everyone else", "one at", "the rest", "suppliers at", "factories at", "报价", "市场价", "cotiza", "precio de mercado")

// referenceWords before a price mark it as the reference ("market price
// is around $18", "3 suppliers at $2.55"); notUnitWords mark an amount that
// is not a unit price ("$100 sample fee", "deposit $2,000").
var (
	referenceWords = []string{"market", "retail", "other", "everyone", "average", "usual", "normally", "amazon", "the rest", "suppliers", "factories", "competitor", "市场价", "其他", "mercado", "otros"}
	notUnitWords   = []string{"fee", "shipping", "freight", "dhl", "fedex", "ups", "express", "deposit", "total", "balance", "sample", "order of", "order is", "order was", "paid", "pay", "moq", "invoice"}
)

// tailAfterNumber returns the text after the last digit or '$' of before,
// at most n bytes: what describes the price that follows.
func tailAfterNumber(before string, n int) string {
	i := strings.LastIndexAny(before, "0123456789$€")
	t := before[i+1:]
	if len(t) > n {
		t = t[len(t)-n:]
	}
	return t
}

// containsAnyOf reports whether one of words occurs in s.
func containsAnyOf(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// moneyMention is an amount written in a sentence.
type moneyMention struct {
	sp span // the amount as written, with its currency sign
	v  float64
	// unit is what the amount is per ("unit", "pc", "set", "w"), "" if
	// the text does not say.
	unit string
}

// unitAfter reads the unit written after an amount at i: "/pc", "/ unit",
// "per set", "/W". Plurals are folded ("pcs" → "pc").
func unitAfter(seg string, i int) string {
	for i < len(seg) && (seg[i] == ' ' || isLetterByte(seg[i]) && strings.HasPrefix(seg[i:], "usd")) {
		if seg[i] == ' ' {
			i++
		} else {
			i += 3
		}
	}
	switch {
	case strings.HasPrefix(seg[i:], "/"):
		i++
	case strings.HasPrefix(seg[i:], "per "):
		i += 4
	default:
		return ""
	}
	for i < len(seg) && seg[i] == ' ' {
		i++
	}
	j := i
	for j < len(seg) && isLetterByte(seg[j]) {
		j++
	}
	u := seg[i:j]
	switch u {
	case "pcs", "piece", "pieces":
		return "pc"
	case "units", "sets", "pairs", "boxes", "cartons", "meters":
		return strings.TrimSuffix(u, "s")
	}
	return u
}

// amountsIn finds amounts with a currency ("$2.55", "US$ 18", "USD 5.80",
// "2.55 usd", "€3", "8元") in seg, a short lower-case sentence; ranges
// ("$2.55-2.70") give both ends. Offsets are relative to seg.
func amountsIn(seg string) []moneyMention {
	var out []moneyMention
	number := func(i int) (float64, int) {
		j := i
		for j < len(seg) && j-i < 5 && isDigitByte(seg[j]) {
			j++
		}
		if j == i {
			return 0, i
		}
		if j+1 < len(seg) && (seg[j] == '.' || seg[j] == ',') && isDigitByte(seg[j+1]) {
			k := j + 1
			for k < len(seg) && k-j <= 3 && isDigitByte(seg[k]) {
				k++
			}
			j = k
		}
		v, err := strconv.ParseFloat(strings.Replace(seg[i:j], ",", ".", 1), 64)
		if err != nil {
			return 0, i
		}
		return v, j
	}
	skip := func(i int) int {
		for i < len(seg) && seg[i] == ' ' {
			i++
		}
		return i
	}
	for i := 0; i < len(seg); i++ {
		start := i
		after := -1
		switch {
		case strings.HasPrefix(seg[i:], "us$"):
			after = i + 3
		case seg[i] == '$':
			after = i + 1
		case strings.HasPrefix(seg[i:], "usd") || strings.HasPrefix(seg[i:], "eur"):
			if i == 0 || !isLetterByte(seg[i-1]) {
				after = i + 3
			}
		case strings.HasPrefix(seg[i:], "€"):
			after = i + len("€")
		case isDigitByte(seg[i]) && (i == 0 || !isDigitByte(seg[i-1]) && seg[i-1] != '.' && seg[i-1] != ',' && seg[i-1] != '$'):
			v, j := number(i)
			k := skip(j)
			if j > i && (strings.HasPrefix(seg[k:], "usd") || strings.HasPrefix(seg[k:], "dollar") || strings.HasPrefix(seg[k:], "eur") || strings.HasPrefix(seg[k:], "元") || strings.HasPrefix(seg[k:], "美元")) {
				out = append(out, moneyMention{span{i, j}, v, unitAfter(seg, k)})
				i = j
			}
			continue
		default:
			continue
		}
		if after < 0 {
			continue
		}
		v, j := number(skip(after))
		if j == skip(after) {
			continue
		}
		out = append(out, moneyMention{span{start, j}, v, unitAfter(seg, j)})
		// A range: "$2.55-2.70", "$2.55 – $2.70".
		k := skip(j)
		if k < len(seg) && (seg[k] == '-' || seg[k] == '~' || strings.HasPrefix(seg[k:], "–")) {
			_, size := utf8.DecodeRuneInString(seg[k:])
			k = skip(k + size)
			if k < len(seg) && seg[k] == '$' {
				k++
			}
			if v2, j2 := number(k); j2 > k {
				u := unitAfter(seg, j2)
				if out[len(out)-1].unit == "" {
					out[len(out)-1].unit = u
				}
				out = append(out, moneyMention{span{k, j2}, v2, u})
				j = j2
			}
		}
		i = j - 1
	}
	return out
}

// quotedPrice is a unit price read from the paste, with where it was found.
type quotedPrice struct {
	v    float64
	sp   span
	ref  bool
	unit string
}

// priceTooLow returns the price_too_low rule.
func priceTooLow() advisor.Rule {
	return advisor.Rule{
		ID:       "price_too_low",
		Severity: advisor.SeverityMedium,
		Title:    "Price far below the others",
		Source:   "Prices That Are Too Good to Be True",
		Advice: "Ask the supplier in writing why the price is so much lower, and put the exact material, grade, thickness and weight in the Trade " +
			"Assurance order; then order a paid sample and inspect before the balance. A price far under everyone else's usually means a different " +
			"product, short quantity, or no intention to ship.",
		Trigger: "The paste itself gives the reference: \"half the price of others\", \"50% below market\", \"way cheaper than the other quotes\", or a " +
			"unit price at most 60% of the other prices quoted in the same paste — and the paste does not explain the difference (a cheaper material, " +
			"a thinner wall, B-grade stock).",
		Why:   "Alibaba.com warns about quotes far below the market price: they are the bait of deposit scams and of bait-and-switch quality.",
		Match: matchPriceTooLow,
		Examples: []advisor.Example{
			{Text: "this one is half the price of others on alibaba, same specs, MOQ 500. too good?", Evidence: "half the price of others"},
			{Text: "quotes for the same 20oz tumbler: $2.60, $2.75, $2.55 and this new store $0.95/pc", Evidence: "$0.95"},
			{Text: "market price for these LED panels is around $18, he offers $6.50 with free shipping", Evidence: "$6.50"},
			{Text: "their iphone screens are 70% cheaper than other suppliers", Evidence: "70% cheaper than other suppliers"},
			{Text: "quotes for 304 stainless tumblers: 3 suppliers at $2.55-2.70, one at $2.10. asked why, they said theirs is 201 steel not 304 and a thinner 0.5mm wall.", Miss: true},
			{Text: "makeup brush factory charged $100 sample fee + $40 DHL. they quoted MOQ 1000/style", Miss: true},
			{Text: "PI: item A $0.35/pc x 2000, item B $2.10/pc x 500, item C $4.80/pc x 100", Miss: true},
			{Text: "is a price 30% lower than others a red flag?", Miss: true},
		},
	}
}

// matchPriceTooLow is the Match function of the rule built next to it.
func matchPriceTooLow(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := priceStatements.find(sc); ok {
		return sc.evidence(sp), true
	}
	if !sc.has(comparisonAnchors) {
		return advisor.Finding{}, false
	}
	if _, ok := explanation.find(sc); ok {
		return advisor.Finding{}, false
	}
	prices := quotedPrices(sc)
	if len(prices) == 0 {
		return advisor.Finding{}, false
	}
	var refs, others []quotedPrice
	for _, p := range prices {
		if p.ref {
			refs = append(refs, p)
		} else {
			others = append(others, p)
		}
	}
	// A reference with a unit ("$135-150/unit") also compares with the
	// prices per the same unit anywhere in the paste ("USD 68/unit").
	if units := refUnits(refs); len(units) > 0 {
		for _, m := range amountsIn(sc.low) {
			if !units[m.unit] || m.v <= 0 || containsAnyOf(tailAfterNumber(sc.low[:m.sp.start], 20), notUnitWords) || hasPrice(prices, m.sp) {
				continue
			}
			others = append(others, quotedPrice{v: m.v, sp: trimSpan(sc.text, m.sp)})
		}
	}
	if len(refs) > 0 && len(others) > 0 {
		ref := median(refs)
		low := lowest(others)
		if low.v <= farBelow*ref {
			return advisor.Finding{Evidence: sc.text[low.sp.start:low.sp.end], Advice: priceAdvice(low.v, ref)}, true
		}
		return advisor.Finding{}, false
	}
	if len(prices) >= 3 {
		low := lowest(prices)
		var rest []quotedPrice
		for _, p := range prices {
			if p.sp != low.sp {
				rest = append(rest, p)
			}
		}
		if ref := median(rest); low.v <= farBelow*ref {
			return advisor.Finding{Evidence: sc.text[low.sp.start:low.sp.end], Advice: priceAdvice(low.v, ref)}, true
		}
	}
	return advisor.Finding{}, false
}

// refUnits returns the units the reference prices are given in.
func refUnits(refs []quotedPrice) map[string]bool {
	units := map[string]bool{}
	for _, r := range refs {
		if r.unit != "" {
			units[r.unit] = true
		}
	}
	return units
}

// hasPrice reports whether ps already holds the price at sp.
func hasPrice(ps []quotedPrice, sp span) bool {
	for _, p := range ps {
		if p.sp.start <= sp.start && sp.start < p.sp.end {
			return true
		}
	}
	return false
}

// priceAdvice tells the buyer how far under the reference the low price is and what to check.
func priceAdvice(low, ref float64) string {
	return fmt.Sprintf("This price is about %.0f%% of the others quoted in your message. Ask the supplier in writing why, put the exact "+
		"material, grade, thickness and weight in the Trade Assurance order, and order a paid sample and an inspection before the balance.", 100*low/ref)
}

// quotedPrices reads the prices in the comparison sentences of the paste.
func quotedPrices(sc *scan) []quotedPrice {
	var out []quotedPrice
	seen := map[int]bool{}
	for _, h := range sc.hits {
		if !comparisonAnchors.contains(h.word) {
			continue
		}
		sent := span{sc.sentenceStart(int(h.pos)), sc.sentenceEnd(int(h.pos))}
		if seen[sent.start] {
			continue
		}
		seen[sent.start] = true
		seg := sc.low[sent.start:sent.end]
		prevEnd, prevRef := -10, false
		for _, m := range amountsIn(seg) {
			if containsAnyOf(tailAfterNumber(seg[:m.sp.start], 20), notUnitWords) || m.v <= 0 {
				continue
			}
			ref := containsAnyOf(tailAfterNumber(seg[:m.sp.start], 50), referenceWords)
			// The upper end of a range ("$2.55-2.70") is what its lower end is.
			if m.sp.start-prevEnd <= 4 && strings.ContainsAny(seg[prevEnd:m.sp.start], "-–~") {
				ref = prevRef
			}
			prevEnd, prevRef = m.sp.end, ref
			sp := span{sent.start + m.sp.start, sent.start + m.sp.end}
			out = append(out, quotedPrice{v: m.v, sp: trimSpan(sc.text, sp), ref: ref, unit: m.unit})
		}
	}
	return out
}

// median returns the median unit price of ps in USD.
func median(ps []quotedPrice) float64 {
	vs := make([]float64, len(ps))
	for i, p := range ps {
		vs[i] = p.v
	}
	sort.Float64s(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// lowest returns the cheapest quote of ps.
func lowest(ps []quotedPrice) quotedPrice {
	low := ps[0]
	for _, p := range ps[1:] {
		if p.v < low.v {
			low = p
		}
	}
	return low
}
