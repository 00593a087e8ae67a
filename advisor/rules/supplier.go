package rules

import (
	"fmt"
	"strconv"
	"strings"

	"tradeguard/advisor"
)

// Supplier rules: who the supplier is and what the platform says about them.

// --- unverified_supplier ----------------------------------------------------

// unverified recognises a supplier described as not verified or without badges.
var unverified = phrases{
	newPhrase(`(?:not|isn'?t|is not|wasn'?t|aren'?t|never been)\s+(?:a\s+)?verified(?:\s+supplier)?|unverified(?:\s+supplier)?|no verified\s+(?:supplier\s+)?(?:badge|tick|mark|icon|status)|without (?:the |a )?verified (?:badge|tick|mark|status)|(?:未认证|未验证)(?:供应商)?|no verificad[oa]|sin verificar`,
		`\b(?:i|we) (?:have |had )?(?:not|n't)\s+(?:yet\s+)?verified|\b(?:i|we) (?:haven'?t|hadn'?t|didn'?t)\s+(?:yet\s+)?verif|not verified (?:it|this|that|them|yet) (?:myself|ourselves)|(?:email|e-mail|phone|payment|account|address|number)\s+(?:is\s+)?not verified|`+questionNot),
}

// unverifiedSupplier returns the unverified_supplier rule.
func unverifiedSupplier() advisor.Rule {
	return advisor.Rule{
		ID:       "unverified_supplier",
		Severity: advisor.SeverityMedium,
		Title:    "Supplier is not verified",
		Source:   "Supplier Badges: Verified, Gold Supplier and Years on Platform",
		Advice: "Prefer a Verified Supplier (checked on site by SGS, TÜV Rheinland or Intertek). With an unverified one, check the business " +
			"licence on the national registry, ask for a live video walk-through of the factory, and start with a small Trade Assurance order.",
		Trigger: "The profile shows no Verified badge (\"not verified\", \"unverified\", 未认证, \"no verificado\"); a Gold Supplier badge alone is a paid membership, not a check.",
		Why: "Anyone can open a store; only verification means a third party visited the company. Unverified stores are where most " +
			"identity-theft and disappearing-supplier cases start.",
		Match: matchUnverified,
		Examples: []advisor.Example{
			{Text: "Store rating 2.9/5 (31 reviews)\nYears on Alibaba: 2 yrs | Gold Supplier, not verified", Evidence: "not verified"},
			{Text: "its an unverified supplier but the price is good and they reply fast", Evidence: "unverified supplier"},
			{Text: "Shenzhen Topwin Tech — Gold Supplier 1 YRS, no verified badge, 'Trading Company'", Evidence: "no verified badge"},
			{Text: "该供应商未认证，但是有信保", Evidence: "未认证"},
			{Text: "Verified Supplier | 8 yrs | Trade Assurance US $320,000 | Response rate 96%", Miss: true},
			{Text: "I have not verified the factory address yet, will do a video call tomorrow", Miss: true},
			{Text: "is a gold supplier the same as verified?", Miss: true},
		},
	}
}

// matchUnverified is the Match function of the rule built next to it.
func matchUnverified(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := unverified.find(sc); ok {
		return sc.evidence(sp), true
	}
	if v := in.Facts.Verified; v != nil && !*v {
		// The same near-miss contexts apply to the fact ("I have not
		// verified the address yet" is the buyer, not the badge).
		if sp, ok := factSpan(in, sc, "verified"); ok && !unverified[0].cancelled(sc, sp) {
			return sc.evidence(sp), true
		}
	}
	return advisor.Finding{}, false
}

// --- short_history ----------------------------------------------------------

// shortHistory recognises a supplier that is new on the platform.
var shortHistory = phrases{
	newPhrase(`\b(?:store|shop|company|supplier|account|profile|he|she|they|seller|listing)\s+`+words3+`(?:opened|joined|registered|created|started|set up|founded|listed)\s+(?:on (?:alibaba|the platform)\s+)?(?:only\s+|just\s+)?(?:\d+|a|one|two|three|four|five|six|few|couple of)\s+(?:\w+\s+)?(?:days?|weeks?|months?)\s+ago`+
		`|(?:tienda|empresa|cuenta)\s+(?:\w+\s+){0,2}?(?:creada|abierta|registrada)\s+hace\s+(?:\d+|unos?|pocos?)\s+(?:d[ií]as|semanas|meses)`+
		`|(?:成立|注册|入驻|开店)[^。！？\n]{0,6}?(?:才|只有)?(?:\d+|几|两|三|一)(?:个月|天|周)`,
		questionNot).needs("ago", "hace", "个月", "天", "周"),
	newPhrase(`(?:brand[- ]new|very new|totally new|completely new)\s+(?:supplier|store|shop|seller|account)|(?:new|1st|first)\s+(?:year|yr)\s+(?:on alibaba|on the platform|supplier|member|gold supplier|store)|(?:less than|under)\s+(?:a|one|1)\s+(?:year|yr)\s+(?:on|old|in business|on the platform)`,
		questionNot),
}

// shortHistoryRule returns the short_history rule.
func shortHistoryRule() advisor.Rule {
	return advisor.Rule{
		ID:       "short_history",
		Severity: advisor.SeverityMedium,
		Title:    "Short time on the platform",
		Source:   "Supplier Badges: Verified, Gold Supplier and Years on Platform",
		Advice: "A store under two years old has little track record. Check the company's registration date on the national registry " +
			"(a new store of an old factory is fine, a company founded last month is not), keep the first order small and inside Trade Assurance, " +
			"and inspect before paying the balance.",
		Trigger: "The supplier has been on the platform less than two years (\"1 yr\", \"first year\"), or the paste says the store or company was opened a few months ago.",
		Why: "Fraudulent stores are usually new: they collect deposits for a few months and disappear. Years on the platform cost money and " +
			"are hard to fake.",
		Match: matchShortHistory,
		Examples: []advisor.Example{
			{Text: "store opened 3 months ago but they say they have 20 years experience lol", Evidence: "store opened 3 months ago"},
			{Text: "brand new supplier, no reviews yet, but very cheap", Evidence: "brand new supplier"},
			{Text: "这家店入驻才两个月，报价特别低", Evidence: "入驻才两个月"},
			{Text: "la tienda fue creada hace 2 meses y no tiene reseñas", Evidence: "tienda fue creada hace 2 meses"},
			{Text: "Foshan Lide Lighting Co., Ltd · Gold Supplier · 1 YRS · Guangdong, China", Evidence: "1 YRS"},
			{Text: "Verified Supplier · 11 yrs · Manufacturer · Zhejiang, China", Miss: true},
			{Text: "we started working with them 3 months ago, two orders went fine via TA", Miss: true},
			{Text: "how many years on alibaba is enough?", Miss: true},
		},
	}
}

// matchShortHistory is the Match function of the rule built next to it.
func matchShortHistory(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := shortHistory.find(sc); ok {
		return sc.evidence(sp), true
	}
	if y := in.Facts.YearsOnPlatform; y != nil && *y < 2 {
		if sp, ok := factSpan(in, sc, "years_on_platform"); ok {
			return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: fmt.Sprintf(
				"The store has been on the platform for %s. Check the company's registration date on the national registry, keep the first "+
					"order small and inside Trade Assurance, and inspect before paying the balance.", yearsText(*y))}, true
		}
	}
	return advisor.Finding{}, false
}

// yearsText renders a number of years for the advice ("1 year", "2 years").
func yearsText(y int) string {
	switch y {
	case 0:
		return "less than a year"
	case 1:
		return "about one year"
	}
	return fmt.Sprintf("%d years", y)
}

// --- low_ratings ------------------------------------------------------------

const (
	reviewWord = `(?:reviews?|feedback|comments?|ratings?|buyers? (?:say|said|wrote)|差评|reseñas?)`
	reviewBad  = `(?:never (?:received|got|arrived|shipped|delivered)|stopped (?:replying|responding|answering)|(?:is |was |a )?scam(?:mer)?s?\b|fraud\w*|fake (?:goods|products?|company)|no refund|didn'?t (?:receive|get|ship)|not as described|poor quality|bad quality|terrible quality|wrong (?:goods|items?|products?)|never again|收不到货|骗子|nunca lleg\w+|estafa)`
)

// badReviews recognises bad reviews and complaints described in words.
var badReviews = phrases{
	newPairPhrase(reviewWord, 80, reviewBad, evSecond,
		`(?:no|zero|without any|not a single)\s+(?:\w+\s+)?(?:bad|negative)\s+(?:reviews?|feedback)|`+questionNot),
}

// storeRating finds "2.9/5", "3.6 out of 5", "3.2 stars" in a sentence
// about ratings.
var storeRating = newBackPhrase([]string{"/5", "/ 5", "out of 5", "star"}, 8,
	`(?P<ev>\d(?:[.,]\d{1,2})?\s*(?:/\s*5(?:\.0)?|out of 5|stars?))`, ``).
	needs("rating", "rated", "score", "star", "review", "store", "supplier", "评分", "calificaci")

// lowRatings returns the low_ratings rule.
func lowRatings() advisor.Rule {
	return advisor.Rule{
		ID:       "low_ratings",
		Severity: advisor.SeverityMedium,
		Title:    "Poor ratings or complaints",
		Source:   "Reading Ratings and Reviews",
		Advice: "Read the recent reviews one by one: \"never received\", \"stopped replying after payment\" or a rating under 4/5 means other buyers " +
			"lost money. Unless the supplier can show recent, verifiable good orders, choose another one.",
		Trigger: "A store rating under 4.0 out of 5, an on-time delivery rate under 80%, a response rate under 50%, or reviews quoted in the paste " +
			"that report non-delivery, scams or no refund.",
		Why: "Ratings are the only record of how the supplier treated earlier buyers; a low score or recent non-delivery complaints " +
			"predict the same outcome.",
		Match: matchLowRatings,
		Examples: []advisor.Example{
			{Text: "Store rating 2.9/5 (31 reviews) - recent ones: 'never received goods', 'stopped replying after payment'", Evidence: "2.9/5"},
			{Text: "reviews: several buyers say it's a scam, goods never arrived", Evidence: "a scam"},
			{Text: "Supplier rating 3.6 out of 5, on-time delivery 71%", Evidence: "3.6 out of 5"},
			{Text: "4.8/5 (126 reviews) · On-time delivery 98.2% · Response time ≤3h", Miss: true},
			{Text: "Store rating 4.5/5, no negative reviews in the last year", Miss: true},
			{Text: "what rating is considered good on alibaba?", Miss: true},
		},
	}
}

// matchLowRatings is the Match function of the rule built next to it.
func matchLowRatings(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	var low span
	if storeRating.each(sc, func(sp span) bool {
		ev := sc.low[sp.start:sp.end]
		n := strings.IndexFunc(ev, func(r rune) bool { return r != '.' && r != ',' && (r < '0' || r > '9') })
		v, err := strconv.ParseFloat(strings.Replace(ev[:n], ",", ".", 1), 64)
		if err == nil && v > 0 && v < 4 {
			low = sp
			return true
		}
		return false
	}) {
		return sc.evidence(low), true
	}
	if sp, ok := badReviews.find(sc); ok {
		return sc.evidence(sp), true
	}
	f := in.Facts
	for _, c := range []struct {
		v     *float64
		limit float64
		field string
	}{{f.Rating, 4, "rating"}, {f.OnTimeDeliveryRate, 80, "on_time_delivery_pct"}, {f.ResponseRate, 50, "response_rate_pct"}} {
		if c.v != nil && *c.v > 0 && *c.v < c.limit {
			if sp, ok := factSpan(in, sc, c.field); ok {
				return sc.evidence(sp), true
			}
		}
	}
	return advisor.Finding{}, false
}

// --- trading_company_posing_as_factory --------------------------------------

var (
	factoryClaim = phrases{newPhrase(`\b(?:they|he|she)\s+(?:said|says|claim\w*|told (?:me|us))\s+(?:that\s+)?(?:they|he|she|it)\s+(?:are|is|were|was|'re|'s)\s+(?:a\s+|the\s+)?(?:real\s+|direct\s+)?(?:factory|manufacturer)|claims? to be (?:a |the )?(?:real )?(?:factory|manufacturer)|we (?:are|r)\s+(?:a\s+|the\s+|an\s+)?(?:real\s+|direct\s+|source\s+|original\s+|professional\s+|leading\s+)?(?:factory|manufacturer|producer|oem factory)|our (?:own )?factory|(?:direct|source|original) (?:factory|manufacturer)|factory[- ]direct|we (?:manufacture|produce|make)\b|(?:我们是|我们就是)(?:源头)?(?:工厂|厂家)|somos (?:una )?(?:f[aá]brica|fabricantes?)`,
		questionNot).needs("factory", "manufacturer", "manufacture", "produce", "工厂", "厂家", "fábrica", "fabrica", "fabricante")}
	tradingEvidence = phrases{
		newPhrase(`business type\s*[:：]?\s*(?:trading company|trader|agent|distributor)|\btrading company\b|贸易(?:有限)?公司`, `\bwe are (?:a |an )?trading company|not a trading company|(?:is|are) (?:a )?(?:manufacturer|factory),? not a trading`),
		newPairPhrase(`(?:licen[cs]e|registration|registered|gsxt|qichacha|business scope|营业执照|company search)`, 80, `(?:trading|import (?:and |& |&amp; )?export|imp\.? ?& ?exp|commerce|贸易)`, evBoth, ``),
	}
	posingStatement = phrases{newPhrase(`(?:turned out|actually|really|in fact|is just|are just|only)\s+(?:to be\s+)?(?:\w+\s+){0,2}?(?:a\s+)?(?:trading company|trader|middle ?man|reseller|broker)|(?:not|isn'?t|aren'?t|is not|are not)\s+(?:a |the |an )?(?:real\s+)?(?:factory|manufacturer)|(?:no|don'?t have a|do not have a|doesn'?t have a|does not have a) (?:real )?factory|其实是(?:贸易公司|中间商)|es (?:un )?intermediario`,
		questionNot)}
)

// tradingPosingAsFactory returns the trading_company_posing_as_factory rule.
func tradingPosingAsFactory() advisor.Rule {
	return advisor.Rule{
		ID:       "trading_company_posing_as_factory",
		Severity: advisor.SeverityMedium,
		Title:    "Trading company presented as a factory",
		Source:   "Trading Companies Posing as Factories",
		Advice: "Check the business licence on the national registry: a manufacturer's scope includes production, a trader's only sales. " +
			"Ask for a live video of the production line with today's date, or have the factory audited. Dealing with a trader is fine if you know it " +
			"and price, quality control and liability are written down.",
		Trigger: "The supplier claims to be the factory (\"we are factory\", \"our factory\") while the profile or licence says trading company, " +
			"import & export or 贸易; or the buyer says the \"factory\" turned out to be a middleman.",
		Why:   "A trader posing as the maker hides who really produces the goods, adds a hidden margin and cannot control quality or delivery dates.",
		Match: matchTradingPosing,
		Examples: []advisor.Example{
			{Text: "We are factory with 15 years experience, OEM welcome!\nBusiness Type: Trading Company | Zhejiang, China", Evidence: "Business Type: Trading Company"},
			{Text: "they said they are the factory but the license on gsxt says Yiwu Hongfa Import & Export Co., Ltd", Evidence: "license on gsxt says Yiwu Hongfa Import & Export"},
			{Text: "turned out the 'factory' is just a trading company, they sent a video of someone else's workshop", Evidence: "is just a trading company"},
			{Text: "We are a trading company working with 12 partner factories; we do QC before shipment.", Miss: true},
			{Text: "Business Type: Manufacturer | Our factory in Dongguan has 300 workers and 20 injection machines", Miss: true},
			{Text: "how do i know if a supplier is a real factory?", Miss: true},
		},
	}
}

// matchTradingPosing is the Match function of the rule built next to it.
func matchTradingPosing(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if sp, ok := posingStatement.find(sc); ok {
		return sc.evidence(sp), true
	}
	claim := false
	if _, ok := factoryClaim.find(sc); ok {
		claim = true
	}
	if !claim {
		return advisor.Finding{}, false
	}
	if sp, ok := tradingEvidence.find(sc); ok {
		return sc.evidence(sp), true
	}
	if strings.EqualFold(in.Facts.BusinessType, "trading company") {
		if sp, ok := factSpan(in, sc, "business_type"); ok {
			return sc.evidence(sp), true
		}
	}
	if name := strings.ToLower(in.Facts.SupplierName); strings.Contains(name, "trading") || strings.Contains(name, "import") || strings.Contains(name, "贸易") {
		if sp, ok := factSpan(in, sc, "supplier_name"); ok {
			return sc.evidence(sp), true
		}
	}
	return advisor.Finding{}, false
}
