package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

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
const explainedPattern = `because|since|reason|due to|explain\w*|they said (?:it'?s|its|theirs|it is|the)|theirs is|(?:different|cheaper|lower|thinner|inferior|recycled) (?:material|grade|spec\w*|quality|thickness|model|steel|plastic|fabric)|lower[- ]grade|thinner|lighter|smaller size|b-?grade|refurbished|\bused\b|second-?hand|clearance|old stock|discontinued|promotion|without (?:logo|packaging|box)|\b201\b|not 304|不一样的材料|材料不同|更薄|porque|material diferente`

var explained = regexp.MustCompile(explainedPattern)

var priceStatements = phrases{
	newPhrase([]string{"half", "third", "1/3", "1/2", "quarter", "fifth", "fraction"},
		`(?:half|a third|one third|1/3|1/2|a quarter|a fifth|a fraction)\s+(?:of\s+)?(?:the\s+)?(?:price|cost|what)\s+(?:of\s+|that\s+|than\s+)?(?:\w+\s+){0,2}?(?:others?|other (?:suppliers?|factories|sellers|quotes?|stores)|everyone(?: else)?|market|competitors?|amazon|retail|they charge|others charge|the rest)`,
		explainedPattern+`|`+questionNot),
	newPhrase([]string{"0%", "1%", "2%", "3%", "4%", "5%", "6%", "7%", "8%", "9%", "0 %", "5 %", "percent"},
		`\b[4-9]\d\s*(?:%|percent)\s*(?:below|under|less than|cheaper than|lower than|cheaper|lower|less)\b(?:\s+(?:than\s+)?(?:the\s+)?(?:market|others|other (?:suppliers|quotes|factories)|average|usual|retail|everyone|competitors?))?`,
		explainedPattern+`|`+questionNot),
	newPhrase([]string{"cheaper", "lower", "less th", "too good", "below", "under", "cheapest", "lowest"},
		`(?:much|way|far|significantly|suspiciously|ridiculously|crazy|super|insanely|too|really|very|a lot)\s+(?:cheaper|lower|less)\s+(?:than|then)\s+(?:\w+\s+){0,2}?(?:others?|other (?:suppliers?|factories|sellers|quotes?|offers?|stores)|everyone(?: else)?|market(?: price)?|all the others|the rest|competitors?|amazon|retail|usual|anyone)`+
			`|too good to be true|(?:below|under|less than)\s+(?:the\s+)?(?:market|factory|production|raw material|material|manufacturing)\s+(?:price|cost|value)|below cost|(?:cheapest|lowest)\s+(?:price|quote|offer)\s+by (?:far|a mile|miles)`,
		explainedPattern+`|`+questionNot),
	newPhrase([]string{"低于", "便宜一半", "便宜很多", "低得离谱", "mitad", "por debajo", "más barato", "mas barato"},
		`(?:远低于|低于)(?:市场价|成本|别家|其他(?:供应商|工厂)?)|便宜(?:一半|很多)|价格低得离谱|(?:la )?mitad (?:del|de) precio|muy por debajo del precio|[4-9]\d\s*% m[aá]s barato`,
		explainedPattern),
}

// comparisonAnchors say the paste compares prices.
var comparisonAnchors = anchors("quote", "other supplier", "others", "market", "retail", "|vs", "versus", "compared", "cheaper", "average", "everyone else", "one at", "the rest", "suppliers at", "factories at", "报价", "市场价", "cotiza", "precio de mercado")

var (
	moneyRe     = regexp.MustCompile(`(?:us\s*\$|usd\s*|\$|€|eur\s*)\s*(\d{1,5}(?:[.,]\d{1,3})?)(?:\s*[-–~]\s*(?:us\s*\$|\$|€)?\s*(\d{1,5}(?:[.,]\d{1,3})?))?|(\d{1,5}(?:[.,]\d{1,3})?)\s*(?:usd|us\$|dollars?|eur|euros?|元|美元)`)
	referenceRe = regexp.MustCompile(`(?:market|retail|others?|other (?:suppliers?|factories|sellers|quotes?)|everyone|average|usual(?:ly)?|normally|amazon|the rest|\d+ (?:suppliers?|factories|quotes?)|suppliers|factories|competitors?|市场价|其他|mercado|otros)[^$\d]{0,50}$`)
	notUnitRe   = regexp.MustCompile(`(?:fee|shipping|freight|dhl|fedex|ups|express|deposit|total|balance|sample|order (?:of|is|was)|paid|pay|moq|invoice|k\b)[^$\d]{0,15}$`)
)

type quotedPrice struct {
	v   float64
	sp  span
	ref bool
}

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

func matchPriceTooLow(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := priceStatements.find(sc); ok {
		return sc.evidence(sp), true
	}
	if !sc.has(comparisonAnchors) || explained.MatchString(sc.low) {
		return advisor.Finding{}, false
	}
	prices := quotedPrices(sc)
	if len(prices) < 2 {
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

func priceAdvice(low, ref float64) string {
	return fmt.Sprintf("This price is about %.0f%% of the others quoted in your message. Ask the supplier in writing why, put the exact "+
		"material, grade, thickness and weight in the Trade Assurance order, and order a paid sample and an inspection before the balance.", 100*low/ref)
}

// quotedPrices reads the prices in the comparison sentences of the paste.
func quotedPrices(sc *scan) []quotedPrice {
	var out []quotedPrice
	seen := map[int]bool{}
	for _, h := range sc.hits {
		if !isIn(h.word, comparisonAnchors) {
			continue
		}
		sent := sentenceBounds(sc.low, span{int(h.pos), int(h.pos) + 1})
		if seen[sent.start] {
			continue
		}
		seen[sent.start] = true
		seg := sc.low[sent.start:sent.end]
		for _, m := range moneyRe.FindAllStringSubmatchIndex(seg, -1) {
			before := seg[:m[0]]
			if notUnitRe.MatchString(before) {
				continue
			}
			ref := referenceRe.MatchString(before)
			for _, g := range []int{2, 4, 6} {
				if m[g] < 0 {
					continue
				}
				v, err := strconv.ParseFloat(strings.Replace(seg[m[g]:m[g+1]], ",", ".", 1), 64)
				if err != nil || v <= 0 {
					continue
				}
				sp := span{sent.start + m[0], sent.start + m[g+1]}
				if g == 4 { // the upper end of a range "$2.55-2.70"
					sp = span{sent.start + m[g], sent.start + m[g+1]}
				}
				out = append(out, quotedPrice{v: v, sp: trimSpan(sc.text, sp), ref: ref})
			}
		}
	}
	return out
}

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

func lowest(ps []quotedPrice) quotedPrice {
	low := ps[0]
	for _, p := range ps[1:] {
		if p.v < low.v {
			low = p
		}
	}
	return low
}
