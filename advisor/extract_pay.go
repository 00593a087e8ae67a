package advisor

import (
	"strings"
)

// payment reads payment instructions (beneficiary, bank, SWIFT, account,
// the bank's country) and the payment methods named.
func (e *extractor) payment() {
	e.beneficiary()
	e.bankName()
	e.swift()
	e.account()
	e.bankPlaces()
	e.methods()
}

// labelValue returns the value after a label hit, cut where the next label
// on the same line starts ("Account name: X  Account no: 123").
func (e *extractor) labelValue(h hit) (start, end int, ok bool) {
	start, end, ok = e.valueAfter(h.end)
	if !ok {
		return 0, 0, false
	}
	// Cut at the next label inside the value.
	for _, k := range []akind{akBenef, akBenefAddr, akBankAddr, akSwift, akSupplierLbl, akCountryLbl, akBank, akAccount} {
		hits := e.byKind[k]
		for i := hitFrom(hits, start+1); i < len(hits) && hits[i].start < end; i++ {
			o := hits[i]
			isLabel := colonAfter(e.low, o.end)
			if k == akAccount && !isLabel {
				isLabel = e.digitsFollow(o.end)
			}
			if isLabel {
				end = o.start
				break
			}
		}
	}
	start, end = trimSpan(e.text, start, end)
	return start, end, end > start
}

// digitsFollow reports whether digits follow pos after label filler.
func (e *extractor) digitsFollow(pos int) bool {
	s, _ := e.skipAccountFiller(pos)
	return s < len(e.low) && isDigit(e.low[s])
}

// beneficiary reads "Beneficiary: X", "Account name: X", "收款人：X",
// "Beneficiario: X".
func (e *extractor) beneficiary() {
	for _, h := range firstN(e.byKind[akBenef]) {
		vs, ve, ok := e.labelValue(h)
		if !ok || !hasLetters(e.text[vs:ve]) || ve-vs > 120 {
			continue
		}
		e.use(vs, ve)
		if e.f.BeneficiaryName == "" {
			e.f.BeneficiaryName = e.text[vs:ve]
			e.set("beneficiary_name", vs, ve)
		}
	}
	for _, h := range firstN(e.byKind[akBenefAddr]) {
		vs, ve, ok := e.labelValue(h)
		if !ok {
			continue
		}
		e.use(vs, ve)
		if c, cs, ce := e.placeIn(vs, ve); c != "" {
			e.benefAddrCountry, e.benefAddrSpan = c, span{cs, ce}
		}
	}
}

func hasLetters(s string) bool {
	for _, r := range s {
		if r >= 0x80 || isLetter(byte(r)) {
			return true
		}
	}
	return false
}

// placeIn returns the last place named inside text[start:end].
func (e *extractor) placeIn(start, end int) (country string, cs, ce int) {
	places := e.byKind[akPlace]
	for i := hitFrom(places, start); i < len(places) && places[i].start < end; i++ {
		if p := places[i]; p.end <= end {
			country, cs, ce = p.a.val, p.start, p.end
		}
	}
	return country, cs, ce
}

var (
	phBankName1 = newPhrases("new", "pay", "send", "transfer", "remit", "wire", "beneficiary", "kindly", "please", "now")
	phBankName2 = newPhrases("old", "usual", "used to", "previous", "before", "always", "audit", "former")
)

// bankName reads a labelled bank ("Bank: DBS Bank (Hong Kong) Ltd", "开户行：
// 中国银行") or, failing that, a bank named in the text ("at Bank of China",
// "Zenith Bank", "HSBC"), preferring the one the money is to go to.
func (e *extractor) bankName() {
	for _, h := range firstN(e.byKind[akBank]) {
		w := e.low[h.start:h.end]
		if (w == "bank" || w == "banco") && !colonAfter(e.low, h.end) {
			continue
		}
		vs, ve, ok := e.labelValue(h)
		if !ok || !hasLetters(e.text[vs:ve]) || ve-vs > 100 {
			continue
		}
		e.use(vs, ve)
		if e.f.BankName == "" {
			e.f.BankName = e.text[vs:ve]
			e.set("bank_name", vs, ve)
			if c, cs, ce := e.placeIn(vs, ve); c != "" {
				e.bankCountry(c, 3, cs, ce)
			}
			e.bankHome(vs, ve)
		}
	}
	for _, h := range firstN(e.byKind[akBankAddr]) {
		if vs, ve, ok := e.labelValue(h); ok {
			e.use(vs, ve)
			if c, cs, ce := e.placeIn(vs, ve); c != "" {
				e.bankCountry(c, 3, cs, ce)
			}
		}
	}
	if e.f.BankName != "" {
		return
	}
	type cand struct {
		s, t  int
		score int
	}
	var best *cand
	consider := func(s, t int) {
		if e.overlapsUsed(s, t) {
			return
		}
		ss := e.sentenceStart(s)
		ctx := e.low[ss:e.sentenceEnd(t)]
		score := 0
		if phBankName1.in(ctx) {
			score++
		}
		if phBankName2.in(ctx) {
			score--
		}
		if best == nil || score >= best.score {
			best = &cand{s, t, score}
		}
	}
	for _, h := range firstN(e.byKind[akBankName]) {
		s, t := e.extendBank(h.start, h.end, false)
		consider(s, t)
	}
	for _, h := range firstN(e.byKind[akBank]) {
		if e.low[h.start:h.end] != "bank" || !isUpper(e.text[h.start]) {
			continue
		}
		s, t := e.extendBank(h.start, h.end, true)
		if s == h.start && t == h.end {
			continue // a bare "Bank"
		}
		consider(s, t)
	}
	if best != nil {
		e.f.BankName = e.text[best.s:best.t]
		e.set("bank_name", best.s, best.t)
		if c, cs, ce := e.placeIn(best.s, best.t); c != "" && !e.isBankHomeName(cs, ce) {
			e.bankCountry(c, 3, cs, ce)
		}
		e.bankHome(best.s, best.t)
	}
}

// isBankHomeName reports whether the place at [cs,ce) is part of a bank's
// own name such as "Bank of China" (the home-country rule covers it).
func (e *extractor) isBankHomeName(cs, ce int) bool {
	banks := e.byKind[akBankName]
	for i := hitFrom(banks, cs-64); i < len(banks) && banks[i].start <= cs; i++ {
		if ce <= banks[i].end {
			return true
		}
	}
	return false
}

// bankHome uses a bank's home country (rank 1) when a known bank is named in
// text[s:t]; a place in the name ("Bank of China (Hong Kong)") ranks higher.
func (e *extractor) bankHome(s, t int) {
	banks := e.byKind[akBankName]
	for i := hitFrom(banks, s); i < len(banks) && banks[i].start < t; i++ {
		if h := banks[i]; h.end <= t && h.a.val != "" {
			e.bankCountry(h.a.val, 1, h.start, h.end)
			if e.low[h.start:h.end] == "bank of china" || strings.HasPrefix(e.low[h.start:h.end], "中国") {
				// "Bank of China" names the country too.
				e.bankCountry(h.a.val, 2, h.start, h.end)
			}
			return
		}
	}
}

// extendBank grows a bank name: capitalised words before "Bank" (when
// left), "of <Name>" after, a parenthesised place and a company suffix.
func (e *extractor) extendBank(s, t int, left bool) (int, int) {
	text := e.text
	if left {
		k := s
		for n := 0; n < 4; n++ {
			j := k
			for j > 0 && text[j-1] == ' ' {
				j--
			}
			w := j
			for w > 0 && (isAlnum(text[w-1]) || text[w-1] == '&' || text[w-1] == '-') {
				w--
			}
			if w == j || !isUpper(text[w]) {
				break
			}
			switch strings.ToLower(text[w:j]) {
			case "the", "our", "your", "their", "new", "old", "usual", "at", "pay", "to", "in", "bank", "beneficiary", "a", "i", "we":
				n = 4
				continue
			}
			k = w
		}
		s = k
	}
	// "of China", "of East Asia"
	if strings.HasPrefix(e.low[t:], " of ") {
		j := t + 4
		end := t
		for n := 0; n < 3 && j < len(text) && isUpper(text[j]); n++ {
			w := j
			for w < len(text) && isLetter(text[w]) {
				w++
			}
			end = w
			if w < len(text) && text[w] == ' ' {
				j = w + 1
			} else {
				break
			}
		}
		if end > t {
			t = end
		}
	}
	// " (Hong Kong)"
	if strings.HasPrefix(text[t:], " (") {
		if k := strings.IndexByte(text[t:], ')'); k > 2 && k < 40 && !strings.ContainsAny(text[t:t+k], "\n") {
			t += k + 1
		}
	}
	for _, suf := range []string{" Co., Ltd.", " Co., Ltd", " Co.,Ltd.", " Co.,Ltd", " Ltd.", " Ltd", " Limited",
		" Corporation", " Corp.", " PLC", " plc", " Berhad", " Bhd", " N.A.", " AG", " S.A."} {
		if strings.HasPrefix(text[t:], suf) && (t+len(suf) == len(text) || !isLetter(text[t+len(suf)])) {
			t += len(suf)
			break
		}
	}
	return s, t
}

// swift reads "SWIFT: DHBKHKHH", "SWIFT/BIC code: BKCH CN BJ" (shape-checked:
// 4 letters bank, a known country, 2 location characters, optional 3 more).
func (e *extractor) swift() {
	for _, h := range firstN(e.byKind[akSwift]) {
		j := h.end
		for j < len(e.low) && j-h.end < 16 {
			if onlyFiller(e.low[h.end:j], []string{"code", "/bic", "bic", "/swift", "no", "no.", "#", ":", "：", "-", "(", ")", "=", "is"}) &&
				j < len(e.low) && isLetter(e.low[j]) && !hasWord(e.low[j:], "code") && !hasWord(e.low[j:], "bic") && !hasWord(e.low[j:], "is") {
				break
			}
			j++
		}
		if j >= len(e.low) || !isLetter(e.low[j]) {
			continue
		}
		k := j
		for k < len(e.text) && isAlnum(e.text[k]) {
			k++
		}
		code := strings.ToUpper(e.text[j:k])
		if !validSWIFT(code) {
			continue
		}
		e.f.SWIFT = code
		e.set("swift", j, k)
		e.bankCountry(CountryFromISO(code[4:6]), 5, j, k)
		return
	}
}

// validSWIFT checks the ISO 9362 shape: 4 letters, a known ISO country, 2
// letters or digits, and optionally 3 more.
func validSWIFT(code string) bool {
	if len(code) != 8 && len(code) != 11 {
		return false
	}
	for i := 0; i < 6; i++ {
		if !isUpper(code[i]) {
			return false
		}
	}
	for i := 6; i < len(code); i++ {
		if !isUpper(code[i]) && !isDigit(code[i]) {
			return false
		}
	}
	return CountryFromISO(code[4:6]) != ""
}

// skipAccountFiller skips "no", "number", "#", ":", "(USD)" after an account
// label and returns the position of the value.
func (e *extractor) skipAccountFiller(pos int) (int, bool) {
	low := e.low
	j := pos
	colon := false
	for n := 0; n < 8 && j < len(low); n++ {
		switch {
		case low[j] == ' ' || low[j] == '\t' || low[j] == '#' || low[j] == '.' || low[j] == '=' || low[j] == '-':
			j++
		case low[j] == ':':
			colon = true
			j++
		case strings.HasPrefix(low[j:], "："):
			colon = true
			j += len("：")
		case hasWord(low[j:], "no"), hasWord(low[j:], "nr"):
			j += 2
		case hasWord(low[j:], "number"):
			j += len("number")
		case strings.HasPrefix(low[j:], "(usd)"), strings.HasPrefix(low[j:], "(eur)"):
			j += 5
		case hasWord(low[j:], "usd"):
			j += 3
		case hasWord(low[j:], "is"):
			j += 2
		default:
			return j, colon
		}
	}
	return j, colon
}

// account reads "Acc: 7890xxxxxx", "Account No.: 6217 0000 1234 5678",
// "账号：6222…", "número de cuenta 0049…".
func (e *extractor) account() {
	for _, h := range firstN(e.byKind[akAccount]) {
		j, _ := e.skipAccountFiller(h.end)
		if j >= len(e.low) || !isDigit(e.low[j]) {
			continue
		}
		n := scanNumber(e.text, j)
		if n.digits+n.masked < 5 {
			continue
		}
		end := n.end
		for end > j && (e.text[end-1] == ' ' || e.text[end-1] == '-' || e.text[end-1] == '.') {
			end--
		}
		e.f.AccountNumber = e.text[j:end]
		e.set("account_number", j, end)
		e.use(j, end)
		return
	}
}

// bankPlaces reads the bank's country from free text: "a bank in Lagos,
// Nigeria", "our Hong Kong account", "account in Turkey", "banco en México".
func (e *extractor) bankPlaces() {
	places := e.byKind[akPlace]
	for pi, p := range places {
		if e.isBankHomeName(p.start, p.end) {
			continue
		}
		b := e.before(p.start, 40)
		a := e.after(p.end, 24)
		if !mayBeBankContext(b) && !mayBeBankContext(a) {
			continue
		}
		if ss := e.sentenceStart(p.start); p.start-ss < len(b) {
			b = b[len(b)-(p.start-ss):]
		}
		inBank := false
		for _, w := range []string{"bank in", "bank account in", "account in", "accounts in", "bank located in", "bank is in",
			"account is in", "banco en", "cuenta en", "bank from", "a bank in", "bank based in", "account at a bank in"} {
			if strings.HasSuffix(strings.TrimRight(b, " "), w) {
				inBank = true
			}
		}
		if !inBank {
			for _, w := range []string{"bank", "account", "acct", "a/c", "company account", "bank account", "银行", "账户"} {
				if strings.HasPrefix(strings.TrimLeft(a, " "), w) {
					inBank = true
				}
			}
		}
		if !inBank && (strings.HasSuffix(b, "银行") || strings.HasSuffix(b, "开户行")) {
			inBank = true
		}
		if !inBank {
			continue
		}
		s, t := p.start, p.end
		country := p.a.val
		// "Lagos, Nigeria": take the country named right after the city.
		if pi+1 < len(places) {
			q := places[pi+1]
			if q.start >= t && q.start-t <= 3 && strings.TrimSpace(strings.Trim(e.low[t:q.start], ", ")) == "" {
				if q.a.val == country || p.a.city != "" {
					t, country = q.end, q.a.val
				}
			}
		}
		e.bankCountry(country, 2, s, t)
		e.use(s, t)
		e.bankPlaceSeen = append(e.bankPlaceSeen, span{s, t})
		return
	}
}

// mayBeBankContext is a quick substring test before the phrase test.
func mayBeBankContext(w string) bool {
	return (strings.Contains(w, "ban") || strings.Contains(w, "acc") || strings.Contains(w, "a/c") ||
		strings.Contains(w, "cuenta") || strings.Contains(w, "银行") || strings.Contains(w, "账户") ||
		strings.Contains(w, "开户")) && bankContext.in(w)
}

var bankContext = newPhrases("bank", "account", "accounts", "acct", "a/c", "banco", "cuenta", "银行", "账户", "开户行")

// bankCountry records the bank's country from evidence of the given rank
// (5 SWIFT, 4 IBAN, 3 a place in the bank's name or address, 2 free text,
// 1 the home country of a known bank); higher ranks win.
func (e *extractor) bankCountry(c string, rank, start, end int) {
	if c == "" || rank <= e.bankCountryRank {
		return
	}
	e.bankCountryRank = rank
	e.f.BankCountry = c
	e.force("bank_country", start, end)
}

var (
	phMethods1 = newPhrases("not", "no", "don't", "dont", "instead of", "without", "outside", "never", "avoid", "except", "rather than", "no acepto", "sin")
)

// methodAsk are the words of a sentence that asks for a method; methodCues
// adds the words about money ("pay", "deposit").
var (
	methodAsk  = setOf("want", "wants", "ask", "asks", "asked", "require", "requires", "accept", "accepts", "only", "pay by", "pay via", "pay with", "pay through", "payment by", "payment via", "payment method", "payment terms", "please", "kindly", "send", "transfer to", "insist", "insists", "must", "prefer", "prefers", "pay to", "pay in", "请", "por favor", "pague", "pagar", "terms")
	methodCues = newPhrases(append(keysOf(methodAsk), "pay", "paid", "payment", "wire", "wired", "deposit", "balance")...)
)

// methods reads payment-method words into PaymentMethods (all, in order)
// and PaymentMethod (the one asked for).
func (e *extractor) methods() {
	bestScore, bestIdx := -1, -1
	type m struct {
		val        string
		start, end int
		score      int
	}
	var found []m
	for _, h := range firstN(e.byKind[akPay]) {
		w := e.low[h.start:h.end]
		if !e.payWordCounts(h, w) {
			continue
		}
		if phMethods1.in(e.before(h.start, 16)) {
			continue
		}
		// +2 when asking words come shortly before the method in its sentence
		// ("they want the rest by Western Union"), +1 for money words in it.
		ss, se := e.sentenceStart(h.start), e.sentenceEnd(h.end)
		near := ss
		if h.start-near > 48 {
			near = h.start - 48
		}
		score, asked, money := 0, false, false
		methodCues.each(e.low[ss:se], func(k int, w string) bool {
			if methodAsk[w] {
				if at := ss + k; at >= near && at < h.start || at >= h.end && at-h.end <= 12 {
					asked = true
				}
				money = money || strings.HasPrefix(w, "pay")
			} else {
				money = true
			}
			return true
		})
		if asked {
			score += 2
		}
		if money {
			score++
		}
		// Overlapping words for one method ("through Alibaba.com secure
		// payment"): keep the longer as evidence.
		if n := len(found); n > 0 && found[n-1].val == h.a.val && h.start < found[n-1].end {
			if h.end-h.start > found[n-1].end-found[n-1].start {
				found[n-1] = m{h.a.val, h.start, h.end, max(score, found[n-1].score)}
			}
			continue
		}
		found = append(found, m{h.a.val, h.start, h.end, score})
	}
	for i, x := range found {
		if !containsStr(e.f.PaymentMethods, x.val) {
			e.f.PaymentMethods = append(e.f.PaymentMethods, x.val)
		}
		e.setItem("payment_methods", x.val, x.start, x.end)
		if x.score > bestScore {
			bestScore, bestIdx = x.score, i
		}
	}
	if bestIdx >= 0 {
		x := found[bestIdx]
		e.f.PaymentMethod = x.val
		e.set("payment_method", x.start, x.end)
		return
	}
	// Bank details without a method word mean a bank transfer.
	s, t := -1, -1
	// Quote the bank rather than the account number where possible.
	switch {
	case e.f.BankName != "" && (e.f.BeneficiaryName != "" || e.f.AccountNumber != "" || e.f.IBAN != ""):
		s, t = e.spanOf("bank_name")
	case e.f.SWIFT != "":
		s, t = e.spanOf("swift")
	case e.f.IBAN != "":
		s, t = e.spanOf("iban")
	case e.f.AccountNumber != "":
		s, t = e.spanOf("account_number")
	}
	if s < 0 {
		if k, w := bankTransferCues.first(e.low); k >= 0 {
			s, t = k, k+len(w)
		}
	}
	if s >= 0 {
		e.f.PaymentMethods = append(e.f.PaymentMethods, PayTT)
		e.setItem("payment_methods", PayTT, s, t)
		e.f.PaymentMethod = PayTT
		e.set("payment_method", s, t)
	}
}

var bankTransferCues = newPhrases("bank account", "personal account", "company account", "new account", "accounts for",
	"pay to a bank", "to our account", "our new account", "bank details", "banking details", "个人账户", "对公账户",
	"cuenta bancaria", "cuenta personal")

// spanOf returns the offsets of a fact's span in text.
func (e *extractor) spanOf(field string) (int, int) {
	p, ok := e.spanAt(field)
	if !ok {
		return -1, -1
	}
	return p.start, p.end
}

func containsStr(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

var (
	phPayWordCounts1 = newPhrases("pay", "paid", "payment", "deposit", "in cash", "by cash")
	phPayWordCounts2 = newPhrases("cash flow", "cash on delivery")
	phPayWordCounts3 = newPhrases("pay", "paid", "payment", "order", "checkout")
)

// payWordCounts filters payment words that are often something else:
// "wire" the product, "cash flow", "on alibaba" without paying.
func (e *extractor) payWordCounts(h hit, w string) bool {
	switch w {
	case "wire", "wired", "wiring":
		next, _, _ := nextWord(e.low, h.end)
		prev, _ := lastWord(e.low, h.start)
		if next != "" && isDigit(next[0]) {
			return true
		}
		switch next {
		case "the", "money", "payment", "deposit", "balance", "funds", "it", "them", "to", "us", "usd", "transfer", "you", "him", "her", "rmb", "eur", "30", "50", "100":
			return true
		}
		if strings.HasPrefix(e.low[h.end:], " $") || strings.HasPrefix(e.low[h.end:], " us$") {
			return true
		}
		switch prev {
		case "we", "i", "to", "will", "by", "via", "before", "please", "kindly", "a", "bank", "already", "just", "can", "should", "they", "he", "she":
			return true
		}
		return false
	case "cash":
		ctx := e.low[e.sentenceStart(h.start):e.sentenceEnd(h.end)]
		return phPayWordCounts1.in(ctx) && !phPayWordCounts2.in(ctx)
	case "on alibaba":
		prev, _ := lastWord(e.low, h.start)
		switch prev {
		case "pay", "paid", "payment", "order", "ordered", "checkout", "place", "buy", "bought", "purchase":
			return true
		}
		return false
	case "order page", "secure payment":
		ctx := e.low[e.sentenceStart(h.start):e.sentenceEnd(h.end)]
		return phPayWordCounts3.in(ctx)
	case "eth", "f&f":
		return true
	}
	return true
}
