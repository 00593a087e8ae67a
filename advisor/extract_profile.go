package advisor

import (
	"strings"
)

// profile reads the supplier's marketplace profile: years on the platform,
// badges, Trade Assurance limit, rating, reviews, response and on-time
// rates, transactions and business type.
func (e *extractor) profile() {
	e.yearsOnPlatform()
	e.verified()
	e.gold()
	e.taLimit()
	e.ratings_()
	e.rates()
	e.transactions()
	e.businessType()
}

func intp(v int) *int           { return &v }
func floatp(v float64) *float64 { return &v }
func boolp(v bool) *bool        { return &v }

var (
	phYearsOnPlatform1 = newPhrases("for", "since", "over", "than", "warranty", "experience", "ago", "old", "age", "been", "past", "last", "next", "within", "in", "about", "almost", "nearly", "after")
	phYearsOnPlatform2 = newPhrases("experience", "warranty", "old", "ago", "guarantee", "in business", "of production", "in this", "in the", "history", "lifespan", "life")
	phYearsOnPlatform3 = newPhrases("gold supplier", "gold", "verified", "supplier", "years on", "member", "alibaba", "profile", "store", "audited", "manufacturer", "trading company")
	phYearsOnPlatform4 = newPhrases("on alibaba", "on the platform", "gold", "verified", "supplier")
)

// yearsOnPlatform accepts "7 yrs" only in a profile-like context ("Gold
// Supplier 2 YRS", "CN 7 yrs", "Verified | 3 yrs", "Years on Alibaba: 2 yrs",
// a short badge line), never "made in china for 3 yrs" or "15 years
// experience".
func (e *extractor) yearsOnPlatform() {
	for i, y := range e.years {
		if i >= 2*maxLabels {
			break
		}
		if y.v < 0 || y.v > 40 || y.v != float64(int(y.v)) {
			continue
		}
		before := e.before(y.start, 48)
		near := before
		if len(near) > 22 {
			near = near[len(near)-22:]
		}
		after := e.after(y.end, 30)
		if phYearsOnPlatform1.in(near) ||
			phYearsOnPlatform2.in(after) {
			continue
		}
		iso, isoAt := e.isoBefore(y.start)
		ls, le := e.lineStart(y.start), e.lineEnd(y.start)
		short := len(strings.TrimSpace(e.low[ls:le])) <= 24
		if iso == "" && !short &&
			!phYearsOnPlatform3.in(before) &&
			!strings.ContainsAny(before, "|·•") &&
			!phYearsOnPlatform4.in(after) &&
			!strings.ContainsAny(after, "|·•") {
			continue
		}
		e.f.YearsOnPlatform = intp(int(y.v))
		e.set("years_on_platform", y.start, y.end)
		if iso != "" {
			e.supplierCountry(CountryFromISO(iso), "", 3, isoAt, isoAt+2)
		}
		return
	}
	for _, h := range firstN(e.byKind[akYearsLbl]) {
		if vs, _, ok := e.valueAfter(h.end); ok {
			if v, end := readInt(e.low, vs, 2); end > vs {
				e.f.YearsOnPlatform = intp(v)
				e.set("years_on_platform", h.start, end)
				return
			}
		}
	}
	for _, h := range firstN(e.byKind[akMemberSince]) {
		vs, _, ok := e.valueAfter(h.end)
		if !ok {
			continue
		}
		if y, end := readInt(e.low, vs, 4); end-vs == 4 && !e.now.IsZero() {
			if d := e.now.Year() - y; d >= 0 && d <= 30 {
				e.f.YearsOnPlatform = intp(d)
				e.set("years_on_platform", h.start, end)
				return
			}
		}
	}
}

// isoBefore returns the capitalised ISO country code written just before pos
// ("CN 7 yrs", "CN | 7 YRS") and where it starts, or "".
func (e *extractor) isoBefore(pos int) (string, int) {
	k := pos
	for k > 0 && (e.text[k-1] == ' ' || e.text[k-1] == '|' || e.text[k-1] == '\t') {
		k--
	}
	if k < 2 || !isUpper(e.text[k-1]) || !isUpper(e.text[k-2]) || (k > 2 && isAlnum(e.text[k-3])) {
		return "", 0
	}
	code := e.text[k-2 : k]
	if CountryFromISO(code) == "" {
		return "", 0
	}
	return code, k - 2
}

var (
	phVerified1 = newPhrases("be", "been", "get", "getting", "if", "whether", "unless", "it", "they", "not", "never", "was", "were", "can", "could", "should", "how", "once", "has", "have", "had", "is it", "are", "being")
)

// verified reads the Verified badge. "not verified", "unverified" win over a
// bare "Verified"; a "verified" that is about checking something ("must be
// verified", "verified by phone") is not a badge.
func (e *extractor) verified() {
	for _, h := range firstN(e.byKind[akUnverified]) {
		e.f.Verified = boolp(false)
		e.set("verified", h.start, h.end)
		return
	}
	for _, h := range firstN(e.byKind[akVerified]) {
		near := e.before(h.start, 16)
		if phVerified1.in(near) {
			continue
		}
		next, _, _ := nextWord(e.low, h.end)
		switch next {
		case "that", "the", "it", "with", "whether", "their", "this", "his", "her", "my", "our", "before", "if":
			continue
		case "by":
			w, _, _ := nextWord(e.low, h.end+len(" by"))
			switch w {
			case "phone", "call", "calling", "video", "email", "e", "me", "us", "our", "my", "the", "bank", "wechat", "whatsapp":
				continue
			}
		}
		e.f.Verified = boolp(true)
		e.set("verified", h.start, h.end)
		return
	}
}

var (
	phGold1 = newPhrases("not", "no", "isn't", "never")
)

func (e *extractor) gold() {
	for _, h := range firstN(e.byKind[akNotGold]) {
		e.f.GoldSupplier = boolp(false)
		e.set("gold_supplier", h.start, h.end)
		return
	}
	for _, h := range firstN(e.byKind[akGold]) {
		if phGold1.in(e.before(h.start, 10)) {
			continue
		}
		e.f.GoldSupplier = boolp(true)
		e.set("gold_supplier", h.start, h.end)
		return
	}
}

// taFiller are the words allowed between "Trade Assurance" and its limit.
var taFiller = []string{"limit", "limits", "amount", "up to", "upto", "of", "is", "coverage", "covered", "max",
	"maximum", "cap", "额度", "限额", "(", ")", ":", "：", "-", "–", "=", "us", "usd"}

// taLimit reads "Trade Assurance: US $5,000", "TA limit $0", "Trade
// Assurance limit of US$ 20,000", "$50,000 Trade Assurance limit".
func (e *extractor) taLimit() {
	for _, h := range firstN(e.byKind[akTA]) {
		next, _, _ := nextWord(e.low, h.end)
		if next == "order" || next == "orders" || next == "says" || next == "refunds" {
			continue
		}
		for i := e.moneyFrom(h.end); i < len(e.money) && e.money[i].start <= h.end+30; i++ {
			m := &e.money[i]
			if !onlyFiller(e.low[h.end:m.start], taFiller) {
				break
			}
			m.role = roleTALimit
			e.f.TradeAssuranceLimitUSD = floatp(m.m.USD)
			e.set("trade_assurance_limit_usd", h.start, m.end)
			return
		}
		// Money just before: "$50,000 Trade Assurance limit".
		if strings.HasPrefix(e.low[h.end:], " limit") {
			for i := e.moneyFrom(h.start - 64); i < len(e.money) && e.money[i].start < h.start; i++ {
				m := &e.money[i]
				if m.end <= h.start && h.start-m.end <= 3 {
					m.role = roleTALimit
					e.f.TradeAssuranceLimitUSD = floatp(m.m.USD)
					e.set("trade_assurance_limit_usd", m.start, h.end+len(" limit"))
					return
				}
			}
		}
	}
}

// onlyFiller reports whether s consists only of spaces and filler words.
func onlyFiller(s string, filler []string) bool {
	s = strings.TrimSpace(s)
	for s != "" {
		found := false
		for _, f := range filler {
			if strings.HasPrefix(s, f) && (len(s) == len(f) || !isLetter(s[len(f)]) || !isLetter(f[len(f)-1])) {
				s = strings.TrimSpace(s[len(f):])
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// ratings_ reads "2.9/5", "4.8/5.0", "rating: 4.5", "★4.7" and "(31 reviews)".
func (e *extractor) ratings_() {
	for _, r := range e.ratings {
		e.f.Rating = floatp(r.v)
		e.set("rating", r.start, r.end)
		break
	}
	for _, r := range e.reviews {
		if r.v != float64(int(r.v)) {
			continue
		}
		e.f.ReviewCount = intp(int(r.v))
		e.set("review_count", r.start, r.end)
		break
	}
}

// rates reads "Response rate: 95%", "98.5% on-time delivery".
func (e *extractor) rates() {
	pct := func(h hit) (numHit, int, int, bool) {
		le, ls := e.lineEnd(h.end), e.lineStart(h.start)
		if i := numFrom(e.percents, h.end); i < len(e.percents) {
			if p := e.percents[i]; p.start <= h.end+30 && p.start < le {
				return p, h.start, p.end, p.v <= 100
			}
		}
		for i := numFrom(e.percents, h.start-32); i < len(e.percents) && e.percents[i].start < h.start; i++ {
			if p := e.percents[i]; p.end <= h.start && h.start-p.end <= 3 && p.start >= ls {
				return p, p.start, h.end, p.v <= 100
			}
		}
		return numHit{}, 0, 0, false
	}
	for _, h := range firstN(e.byKind[akResponse]) {
		if p, s, t, ok := pct(h); ok {
			e.f.ResponseRate = floatp(p.v)
			e.set("response_rate_pct", s, t)
			break
		}
	}
	for _, h := range firstN(e.byKind[akOnTime]) {
		if p, s, t, ok := pct(h); ok {
			e.f.OnTimeDeliveryRate = floatp(p.v)
			e.set("on_time_delivery_pct", s, t)
			break
		}
	}
}

// transactions reads "Transactions: 120", "120 transactions", "Online
// revenue: US$ 1,000,000+", "Transactions (6 months) 35 / US$120,000+".
func (e *extractor) transactions() {
	for _, c := range e.counts {
		if c.v != float64(int(c.v)) || c.v > 1e7 {
			continue
		}
		e.f.Transactions = intp(int(c.v))
		e.set("transactions", c.start, c.end)
		break
	}
	for _, h := range firstN(e.byKind[akTransactions]) {
		le := e.lineEnd(h.end)
		if e.f.TransactionVolUSD == nil {
			for i := e.moneyFrom(h.start - 64); i < len(e.money) && e.money[i].start <= h.end+40; i++ {
				m := &e.money[i]
				if (m.start >= h.end && m.start < le) || (m.end <= h.start && h.start-m.end <= 3) {
					if m.role != roleNone {
						continue
					}
					m.role = roleVolume
					e.f.TransactionVolUSD = floatp(m.m.USD)
					s, t := h.start, m.end
					if m.end <= h.start {
						s, t = m.start, h.end
					}
					e.set("transaction_volume_usd", s, t)
					break
				}
			}
		}
		if e.f.Transactions == nil && e.low[h.start:h.end] != "online revenue" {
			j := h.end
			lim := h.end + 30
			if lim > le {
				lim = le
			}
			for j < lim {
				for j < lim && !isDigit(e.low[j]) {
					j++
				}
				if j >= lim || e.inMoney(j) {
					break
				}
				n := scanRawNumber(e.low, j)
				rest := e.low[n.end:]
				if strings.HasPrefix(rest, " month") || strings.HasPrefix(rest, "month") || strings.HasPrefix(rest, " day") {
					j = n.end // "(6 months)"
					continue
				}
				if (n.commas+n.dots == 0 || n.lastGroup == 3) && !strings.HasPrefix(rest, "%") {
					v := n.value(e.low, false)
					e.f.Transactions = intp(int(v))
					e.set("transactions", h.start, n.end)
				}
				break
			}
		}
	}
}

// inMoney reports whether pos lies inside an amount of money.
func (e *extractor) inMoney(pos int) bool {
	i := e.moneyFrom(pos+1) - 1
	return i >= 0 && pos < e.money[i].end
}

var (
	phBusinessType1 = newPhrases("manufacturer", "factory", "manufacturing", "生产厂家", "工厂", "fabricante")
	phBusinessType2 = newPhrases("trading company", "trading", "trader", "贸易", "comercializadora")
)

// businessType reads "Business type: Manufacturer, Trading Company" or a
// profile badge line ("Custom manufacturer", "Trading Company").
func (e *extractor) businessType() {
	classify := func(s string) string {
		m := phBusinessType1.in(s)
		t := phBusinessType2.in(s)
		switch {
		case m && t:
			return "manufacturer, trading company"
		case m:
			return "manufacturer"
		case t:
			return "trading company"
		}
		return ""
	}
	for _, h := range firstN(e.byKind[akBizLbl]) {
		if vs, ve, ok := e.valueAfter(h.end); ok {
			if v := classify(e.low[vs:ve]); v != "" {
				e.f.BusinessType = v
				e.set("business_type", vs, ve)
				return
			}
		}
	}
	for _, h := range firstN(e.byKind[akBizWord]) {
		ls, le := e.lineStart(h.start), e.lineEnd(h.start)
		line := strings.TrimSpace(e.low[ls:le])
		if s, t, ok := e.badgeSegment(h, ls, le); ok {
			// "Gold Supplier · 1 YRS · Trading Company · not verified"
			e.f.BusinessType = classify(e.low[s:t])
			e.set("business_type", s, t)
			return
		}
		if len(line) > 40 || strings.ContainsAny(line, ":$?") {
			continue
		}
		// Only badge words on the line ("custom manufacturer", "manufacturer, trading company").
		rest := line
		for _, w := range []string{"custom manufacturer", "manufacturer", "trading company", "factory", "trader",
			"verified", "multispecialty supplier", "supplier", "audited", ",", "|", "·", "&", "/", "and"} {
			rest = strings.ReplaceAll(rest, w, "")
		}
		if len(strings.TrimSpace(rest)) > 0 {
			continue
		}
		v := classify(line)
		if v == "" {
			continue
		}
		s, t := trimSpan(e.text, ls, le)
		e.f.BusinessType = v
		e.set("business_type", s, t)
		return
	}
}

// badgeSeps separate the badges of a copied profile header line.
var badgeSeps = []string{"·", "|", "•", " - ", "\t"}

// badgeSegment returns the badge segment holding hit h when the line
// [ls, le) is a separated profile header and the segment is only a business
// type ("Trading Company", "Custom Manufacturer").
func (e *extractor) badgeSegment(h hit, ls, le int) (int, int, bool) {
	line := e.low[ls:le]
	if len(line) > 200 {
		return 0, 0, false
	}
	start := ls
	for _, sep := range badgeSeps {
		if i := strings.LastIndex(e.low[ls:h.start], sep); i >= 0 {
			start = max(start, ls+i+len(sep))
		}
	}
	end := le
	for _, sep := range badgeSeps {
		if i := strings.Index(e.low[h.end:le], sep); i >= 0 {
			end = min(end, h.end+i)
		}
	}
	if start == ls && end == le {
		return 0, 0, false // not a separated line
	}
	seg := strings.TrimSpace(e.low[start:end])
	switch seg {
	case "trading company", "manufacturer", "custom manufacturer", "factory", "manufacturer, trading company",
		"manufacturer & trading company", "trading company, manufacturer":
		a, b := trimSpan(e.text, start, end)
		return a, b, b > a
	}
	return 0, 0, false
}
