package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Company names written in the paste, for the text side of
// beneficiary_name_mismatch: a paste that names one company as the supplier
// ("our PI is from Zhejiang ___ Machinery Co., Ltd") and another as the
// account to pay ("pay either one: 'Hangzhou R*** Import Export Co.'") even
// when the extractor filled no beneficiary fact.

// legalForm matches the legal form that ends a company name, at the
// anchor (on the lower-case text).
var legalForm = newPhrase(`co(?:\.,?|,) ?ltd\.?|co(?:\.,?|,) ?limited|co ltd\b\.?|co limited\b|company limited|company|limited|ltd\.?|co\.|inc\.|inc\b|llc\b|gmbh\b|corp\.?|corporation\b|有限责任公司|有限公司|公司`, ``)

// nameWord reports whether a word can be part of a company name written
// before its legal form: capitalised, masked ("H***", "___"), or a joiner.
func nameWord(w string) bool {
	switch w {
	case "&", "and", "of", "de", "(hk)", "(hong kong)":
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || r == '*' || r == '_'
}

// companyBefore returns where the company name ending in the legal form at
// sp starts: up to six name words before it on the same line (Han
// characters for a Chinese name).
func companyBefore(text string, sp span) int {
	start := sp.start
	if r, _ := utf8.DecodeRuneInString(text[sp.start:]); unicode.Is(unicode.Han, r) {
		for n := 0; start > 0 && n < 30; n++ {
			r, size := utf8.DecodeLastRuneInString(text[:start])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			start -= size
		}
		return start
	}
	for words := 0; words < 6; words++ {
		i := start
		for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
			i--
		}
		if i == start && i > 0 && text[i-1] != ' ' {
			break // the legal form is glued to something
		}
		j := i
		for j > 0 && text[j-1] != ' ' && text[j-1] != '\t' && text[j-1] != '\n' && text[j-1] != '\'' && text[j-1] != '"' && text[j-1] != ':' && text[j-1] != '(' {
			j--
		}
		if j == i || !nameWord(strings.TrimRight(text[j:i], ".,")) {
			break
		}
		start = j
	}
	return start
}

// supplierCue and paymentCue are the words that say which role a company
// named in a sentence plays.
var (
	supplierCue = newPhrase(`\b(?:pi|proforma|pro-forma|invoice|store|profile|licen[cs]e|supplier|seller|manufacturer|contract|minisite|shop)\b|alibaba|营业执照|供应商|店铺|合同|发票`, ``)
	paymentCue  = newPhrase(`\b(?:accounts?|acct|a/c|beneficiary|bank|pay|paid|payment|remit|wire|transfer|iban|swift)\b|账户|账号|收款|付款|汇款`, ``)
	beneficiary = anchors("beneficiary")
	buyerCue    = anchors("buyer", "consignee", "bill to", "ship to", "sold to", "买方", "comprador")
)

// companyMention is a company name found in the text, with its normalised form.
type companyMention struct {
	sp   span
	name string
	role byte // 's' supplier, 'p' payment, 'b' buyer, 0 unknown
}

// companyMentions lists the company names in the paste with their role.
func companyMentions(sc *scan) []companyMention {
	return sc.memoize("companies", func() any {
		var out []companyMention
		legalForm.each(sc, func(form span) bool {
			start := companyBefore(sc.text, form)
			if start == form.start {
				return false // a legal form alone ("the company") is no name
			}
			sp := trimSpan(sc.text, span{start, form.end})
			if !sp.ok() || containsSpan(out, sp) {
				return false
			}
			s, e := sc.sentenceStart(sp.start), max(sc.sentenceEnd(sp.end-1), sp.end)
			m := companyMention{sp: sp, name: sc.text[sp.start:sp.end]}
			switch {
			case sc.anyIn(buyerCue, s, e):
				m.role = 'b' // the buyer's own company
			case supplierCue.matchesIn(sc, s, e) && !sc.anyIn(beneficiary, s, e):
				m.role = 's'
			case paymentCue.matchesIn(sc, s, e):
				m.role = 'p'
			}
			out = append(out, m)
			return false
		})
		return out
	}).([]companyMention)
}

// containsSpan reports whether one of ms covers exactly sp.
func containsSpan(ms []companyMention, sp span) bool {
	for _, m := range ms {
		if m.sp.start <= sp.start && sp.start < m.sp.end {
			return true
		}
	}
	return false
}

// companyMismatch finds a company named as the account to pay that is not
// the supplier: the extracted supplier name when there is one, else the
// companies the paste names as the supplier.
func companyMismatch(sc *scan, supplier string) (span, bool) {
	ms := companyMentions(sc)
	for _, p := range ms {
		if p.role != 'p' {
			continue
		}
		if supplier != "" {
			if !sameCompany(p.name, supplier) {
				return p.sp, true
			}
			continue
		}
		for _, s := range ms {
			if s.role == 's' && !sameCompany(p.name, s.name) {
				return p.sp, true
			}
		}
	}
	return span{}, false
}
