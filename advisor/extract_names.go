package advisor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// company is a company name found by its legal suffix ("Co., Ltd",
// "Limited", "有限公司").
type company struct {
	start, end int
	// role: 's' supplier context, 'b' payment context, 0 neither.
	role byte
	// country named right after the name ("…Supplies Ltd, United Kingdom").
	country    string
	cstart, ce int
}

// names reads the supplier's name (labelled, or a company name in a
// supplier context, or the first company name that is not a payee) and a
// payee company named in payment context when there is no labelled
// beneficiary.
func (e *extractor) names() {
	for _, h := range firstN(e.byKind[akSupplierLbl]) {
		vs, ve, ok := e.labelValue(h)
		if !ok || !e.looksLikeName(vs, ve) {
			continue
		}
		// "… Co., Ltd (China)": a bracketed country is not the name either.
		if strings.HasSuffix(e.text[vs:ve], ")") {
			if k := strings.LastIndexByte(e.text[vs:ve], '('); k > 0 {
				if c, cs, ce := e.placeIn(vs+k, ve); c != "" && strings.TrimSpace(e.low[vs+k+1:cs]) == "" &&
					strings.TrimSpace(e.low[ce:ve-1]) == "" {
					e.supplierCountry(c, "", 4, cs, ce)
					ve = vs + k
					for ve > vs && e.text[ve-1] == ' ' {
						ve--
					}
				}
			}
		}
		// "Brighton Supplies Ltd, United Kingdom": the country is not the name.
		places := e.byKind[akPlace]
		for i := hitFrom(places, vs+1); i < len(places) && places[i].start < ve; i++ {
			if p := places[i]; p.end == ve {
				k := p.start
				for k > vs && (e.text[k-1] == ' ' || e.text[k-1] == ',' || e.text[k-1] == '-' || e.text[k-1] == '(') {
					k--
				}
				if k < p.start && k > vs {
					e.supplierCountry(p.a.val, p.a.city, 4, p.start, p.end)
					ve = k
				}
			}
		}
		e.use(vs, ve)
		if e.f.SupplierName == "" {
			e.f.SupplierName = e.text[vs:ve]
			e.set("supplier_name", vs, ve)
		}
	}
	e.findCompanies()
	var neutral *company
	for i := range e.companies {
		c := &e.companies[i]
		switch c.role {
		case 'b':
			if e.f.BeneficiaryName == "" {
				e.f.BeneficiaryName = e.text[c.start:c.end]
				e.set("beneficiary_name", c.start, c.end)
			}
		case 's':
			if e.f.SupplierName == "" {
				e.setSupplier(c)
			}
		default:
			if neutral == nil {
				neutral = c
			}
		}
	}
	if e.f.SupplierName == "" && neutral != nil && !strings.EqualFold(e.text[neutral.start:neutral.end], e.f.BeneficiaryName) {
		e.setSupplier(neutral)
	}
}

// looksLikeName reports whether a labelled value is a name rather than a
// sentence ("supplier: orders under US$5,000 = full payment…").
func (e *extractor) looksLikeName(vs, ve int) bool {
	v := e.text[vs:ve]
	if ve-vs > 100 || !hasLetters(v) || strings.ContainsAny(v, "$=%?!") {
		return false
	}
	if len(strings.Fields(v)) > 9 {
		return false
	}
	comps := e.byKind[akCompany]
	for i := hitFrom(comps, vs); i < len(comps) && comps[i].start < ve; i++ {
		if comps[i].end <= ve {
			return true
		}
	}
	return v[0] >= 0x80 || isUpper(v[0]) || isDigit(v[0])
}

func (e *extractor) setSupplier(c *company) {
	e.f.SupplierName = e.text[c.start:c.end]
	e.set("supplier_name", c.start, c.end)
	if c.country != "" {
		e.supplierCountry(c.country, "", 4, c.cstart, c.ce)
	}
}

// nameStop are capitalised words that start a sentence or label rather than
// a company name.
var nameStop = map[string]bool{
	"the": true, "our": true, "my": true, "your": true, "their": true, "his": true, "her": true, "from": true,
	"to": true, "pay": true, "dear": true, "supplier": true, "company": true, "factory": true, "beneficiary": true,
	"pi": true, "at": true, "with": true, "by": true, "and": false, "is": true, "says": true, "say": true,
	"name": true, "account": true, "bank": true, "seller": true, "manufacturer": true, "a": true, "an": true,
	"this": true, "that": true, "for": true, "in": true, "on": true, "of": false, "via": true, "invoice": true,
	"proforma": true, "payee": true, "i": true, "we": true, "they": true, "hi": true, "hello": true, "new": true,
	"old": true, "contract": true, "store": true, "vendor": true, "exporter": true, "shipper": true, "also": true,
	"both": true, "but": true, "or": true, "if": true, "then": true, "now": true, "so": true, "called": true,
	"named": true, "as": true, "listed": true, "is:": true, "ta": true, "alibaba": true, "profile": true,
}

// findCompanies finds company names by their suffix and classifies each by
// the words before it in its sentence.
func (e *extractor) findCompanies() {
	last := -1
	for _, h := range firstN(e.byKind[akCompany]) {
		if h.start < last {
			continue // "Ltd" inside "Co., Ltd"
		}
		last = h.end
		start := e.nameStart(h.start)
		if start == h.start {
			continue
		}
		end := h.end
		if e.overlapsUsed(start, end) {
			continue
		}
		name := e.low[start:end]
		if strings.Contains(name, "bank") || strings.Contains(name, "银行") {
			continue
		}
		c := company{start: start, end: end}
		// A country right after: ", United Kingdom", " (Hong Kong)".
		if places := e.byKind[akPlace]; len(places) > 0 {
			if i := hitFrom(places, end); i < len(places) {
				if p := places[i]; p.start-end <= 3 {
					if sep := strings.TrimSpace(e.low[end:p.start]); sep == "," || sep == "(" || sep == "-" || sep == "" {
						c.country, c.cstart, c.ce = p.a.val, p.start, p.end
					}
				}
			}
		}
		c.role = e.companyRole(start, end)
		e.companies = append(e.companies, c)
	}
}

// nameStart walks left from a company suffix over the words of its name:
// capitalised or all-caps words, placeholders ("___", "H***"), "&", "and",
// "of", parenthesised words, or a run of Han characters.
func (e *extractor) nameStart(suffix int) int {
	text := e.text
	k := suffix
	// Han names: 宁波某某家居用品有限公司.
	if k > 0 && text[k-1] >= 0x80 {
		j := k
		for j > 0 && suffix-j < 90 {
			r, size := utf8.DecodeLastRuneInString(text[:j])
			if !unicode.Is(unicode.Han, r) && r != '（' && r != '）' && r != '(' && r != ')' {
				break
			}
			j -= size
		}
		// Drop a leading label such as 收款人 or 公司名称 (a label is followed by "：").
		return j
	}
	for n := 0; n < 8; n++ {
		j := k
		for j > 0 && text[j-1] == ' ' {
			j--
		}
		if j == k && n > 0 {
			break
		}
		w := j
		for w > 0 && text[w-1] != ' ' && text[w-1] != '\n' && text[w-1] != '\t' && j-w < 40 {
			w--
		}
		tok := text[w:j]
		if tok == "" {
			break
		}
		// A quote or colon before the word ends the name there.
		cut := strings.LastIndexAny(tok, "'\"“‘:：(")
		if cut >= 0 && !(tok[0] == '(' && strings.HasSuffix(tok, ")")) {
			rest := tok[cut+1:]
			if strings.HasPrefix(tok[cut:], "“") || strings.HasPrefix(tok[cut:], "‘") || strings.HasPrefix(tok[cut:], "：") {
				_, size := utf8.DecodeRuneInString(tok[cut:])
				rest = tok[cut+size:]
			}
			if rest != "" && nameWord(rest, e.low[j-len(rest):j]) {
				return j - len(rest)
			}
			break
		}
		if !nameWord(tok, e.low[w:j]) {
			break
		}
		if nameStop[strings.Trim(e.low[w:j], ",.")] {
			break
		}
		if strings.HasSuffix(tok, ",") || strings.HasSuffix(tok, ".") && !strings.EqualFold(tok, "co.") {
			break
		}
		k = w
	}
	return k
}

// nameWord reports whether tok (low is tok lower-cased) can be a word of a
// company name.
func nameWord(tok, low string) bool {
	switch low {
	case "&", "and", "of", "de", "y", "-":
		return true
	}
	c := tok[0]
	if c == '(' {
		return len(tok) > 1 && (isUpper(tok[1]) || tok[1] >= 0x80)
	}
	if isUpper(c) || c == '_' || c == '*' {
		return true
	}
	if isDigit(c) {
		return len(tok) <= 4 && strings.ContainsAny(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	}
	return strings.ContainsAny(tok, "*_")
}

var (
	payeeCues = newPhrases("account", "accounts", "acct", "a/c", "pay to", "payee", "beneficiary", "transfer to",
		"remit", "wire to", "收款", "cuenta", "pay either", "bank", "pay into", "deposit to", "send to", "payment to")
	supplierCues = newPhrases("supplier", "pi", "invoice", "store", "profile", "factory", "company", "license", "licence",
		"seller", "manufacturer", "listed as", "from", "contract", "alibaba", "proforma", "quote", "quotation",
		"website", "exporter", "供应商", "公司", "工厂", "proveedor", "empresa", "fábrica")
)

// companyRole decides whether a company named at text[start:end] is the
// supplier or a payee, from the nearest cue word before it in its sentence.
func (e *extractor) companyRole(start, end int) byte {
	ss := e.sentenceStart(start)
	if start-ss > 160 {
		ss = start - 160
	}
	ctx := e.low[ss:start]
	bestPay, _ := payeeCues.last(ctx)
	bestSup, _ := supplierCues.last(ctx)
	after := e.after(end, 24)
	if strings.HasPrefix(after, " account") || strings.HasPrefix(after, "'s account") || strings.HasPrefix(after, " bank account") {
		return 'b'
	}
	switch {
	case bestPay > bestSup:
		return 'b'
	case bestSup > bestPay:
		return 's'
	}
	return 0
}

// supplierCountry records the supplier's country from evidence of the
// given rank (5 a "Country:" label, 4 next to the supplier's name, 3 the
// profile's country code, 2 a city or province in the supplier's name,
// 1 free text near a supplier word); higher ranks win.
func (e *extractor) supplierCountry(c, city string, rank, start, end int) {
	if c == "" || rank <= e.supplierCountryRank || start < 0 {
		return
	}
	e.supplierCountryRank = rank
	e.f.SupplierCountry = c
	e.force("supplier_country", start, end)
	if city != "" {
		e.f.SupplierCity = city
		e.force("supplier_city", start, end)
	}
}

var (
	phCountries1 = newPhrases("bank", "account", "acct", "a/c", "banco", "cuenta", "swift", "beneficiary", "pay to", "remit", "银行", "账户")
	phCountries2 = newPhrases("bank", "account", "acct")
	phCountries3 = newPhrases("we're a", "we are a", "i'm a", "i am a", "we're", "our brand", "buyer", "importer", "we sell", "ship to", "shipping to", "sell in", "market")
	phCountries4 = newPhrases("brand", "importer", "buyer", "customs", "market")
	phCountries5 = newPhrases("supplier", "factory", "manufacturer", "seller", "vendor", "company", "made in", "based in", "located in", "from", "exporter", "proveedor", "fábrica", "供应商", "工厂")
	phCountries6 = newPhrases("supplier", "suppliers", "factory", "manufacturer", "seller", "vendor", "company", "exporter", "trading", "co.", "ltd")
)

// countries settles the supplier's country and city and the beneficiary's
// country.
func (e *extractor) countries() {
	for _, h := range firstN(e.byKind[akCountryLbl]) {
		vs, ve, ok := e.valueAfter(h.end)
		if !ok {
			continue
		}
		if ve-vs > 60 {
			ve = vs + 60
		}
		var city string
		places := e.byKind[akPlace]
		for i := hitFrom(places, vs); i < len(places) && places[i].start < ve; i++ {
			if p := places[i]; p.end <= ve {
				if p.a.city != "" && city == "" {
					city = p.a.city
				}
				e.supplierCountry(p.a.val, city, 5, p.start, p.end)
				if city != "" && e.f.SupplierCity == "" {
					e.f.SupplierCity = city
					e.force("supplier_city", vs, ve)
				}
			}
		}
	}
	// A city or province inside the supplier's name.
	if sn, ok := e.spanAt("supplier_name"); ok {
		{
			places := e.byKind[akPlace]
			for i := hitFrom(places, sn.start); i < len(places) && places[i].start < sn.end; i++ {
				if p := places[i]; p.end <= sn.end && !e.isBankHomeName(p.start, p.end) {
					e.supplierCountry(p.a.val, p.a.city, 2, p.start, p.end)
					if e.f.SupplierCity == "" && p.a.city != "" && p.a.val == e.f.SupplierCountry {
						e.f.SupplierCity = p.a.city
						e.force("supplier_city", p.start, p.end)
					}
					if p.a.city != "" && e.f.SupplierCity == "" {
						e.f.SupplierCity = p.a.city
						e.force("supplier_city", p.start, p.end)
					}
					break
				}
			}
		}
	}
	// Free text: "a Zhejiang supplier", "factory in Zhejiang", "our china supplier".
	if e.supplierCountryRank < 1 {
		for _, p := range e.byKind[akPlace] {
			if e.overlapsUsed(p.start, p.end) || e.isBankHomeName(p.start, p.end) || e.inBankName(p.start) {
				continue
			}
			b := e.before(p.start, 40)
			a := e.after(p.end, 30)
			if phCountries1.in(b) || phCountries2.in(a) {
				continue
			}
			if phCountries3.in(b) ||
				phCountries4.in(a) {
				continue
			}
			if phCountries5.in(b) ||
				phCountries6.in(a) {
				e.supplierCountry(p.a.val, p.a.city, 1, p.start, p.end)
				break
			}
		}
	}
	// The beneficiary's country is where the money lands: the bank's
	// country, else the beneficiary's address.
	switch {
	case e.f.BankCountry != "":
		e.f.BeneficiaryCountry = e.f.BankCountry
		bc, _ := e.spanAt("bank_country")
		e.force("beneficiary_country", bc.start, bc.end)
	case e.benefAddrCountry != "":
		e.f.BeneficiaryCountry = e.benefAddrCountry
		e.set("beneficiary_country", e.benefAddrSpan.start, e.benefAddrSpan.end)
	}
}

// inBankName reports whether pos lies inside the bank name read.
func (e *extractor) inBankName(pos int) bool {
	bn, ok := e.spanAt("bank_name")
	return ok && pos >= bn.start && pos < bn.end
}
