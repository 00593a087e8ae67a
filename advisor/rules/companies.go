package rules

import (
	"regexp"
	"strings"
)

// Company names written in the paste, for the text side of
// beneficiary_name_mismatch: a paste that names one company as the supplier
// ("our PI is from Zhejiang ___ Machinery Co., Ltd") and another as the
// account to pay ("pay either one: 'Hangzhou R*** Import Export Co.'") even
// when the extractor filled no beneficiary fact.

var companySuffixAnchors = anchors("co.", "co,", "|co|", "ltd", "limited", "company", "|inc|", "|inc.", "|llc|", "gmbh", "corp", "有限公司", "公司")

// companyName matches a company name on the original (not lower-cased) text:
// capitalised or masked words followed by a legal form.
var companyName = regexp.MustCompile(
	`(?:[A-Z][\w&'-]*\.?|[A-Z]?\*{2,}|_{2,})(?:[ \t]+(?:[A-Z][\w&'*-]*\.?|&|\*{2,}|_{2,}|and|of|de)){0,6}[ \t]+(?:Co\.?,?\s*Ltd\.?|Co\.?,?\s*Limited|CO\.?,?\s*LTD\.?|CO\.?,?\s*LIMITED|Company Limited|COMPANY LIMITED|Company|COMPANY|Limited|LIMITED|Ltd\.?|LTD\.?|Co\.|CO\.|Inc\.?|INC\.?|LLC|GmbH|Corp\.?|CORP\.?|Corporation)` +
		`|\p{Han}{2,30}?(?:有限责任公司|有限公司|公司)`)

var (
	supplierCue = regexp.MustCompile(`\b(?:pi|proforma|pro-forma|invoice|store|profile|licen[cs]e|supplier|seller|manufacturer|contract|minisite|shop)\b|alibaba|营业执照|供应商|店铺|合同|发票`)
	paymentCue  = regexp.MustCompile(`\b(?:accounts?|acct|a/c|beneficiary|bank|pay|paid|payment|remit|wire|transfer|iban|swift)\b|账户|账号|收款|付款|汇款`)
)

type companyMention struct {
	sp   span
	name string
	role byte // 's' supplier, 'p' payment, 0 unknown
}

// companyMentions lists the company names in the paste with their role.
func companyMentions(sc *scan) []companyMention {
	return sc.memoize("companies", func() any {
		var out []companyMention
		if !sc.has(companySuffixAnchors) {
			return out
		}
		scanned := -1
		for _, h := range sc.hits {
			if !isIn(h.word, companySuffixAnchors) || int(h.pos) < scanned {
				continue
			}
			ws, we := window(sc.low, int(h.pos))
			scanned = we
			for _, loc := range companyName.FindAllStringIndex(sc.text[ws:we], -1) {
				sp := trimSpan(sc.text, span{ws + loc[0], ws + loc[1]})
				if !sp.ok() || containsSpan(out, sp) {
					continue
				}
				sent := sentenceText(sc.low, sp)
				m := companyMention{sp: sp, name: sc.text[sp.start:sp.end]}
				switch {
				case supplierCue.MatchString(sent) && !strings.Contains(sent, "beneficiary"):
					m.role = 's'
				case paymentCue.MatchString(sent):
					m.role = 'p'
				}
				out = append(out, m)
			}
		}
		return out
	}).([]companyMention)
}

func containsSpan(ms []companyMention, sp span) bool {
	for _, m := range ms {
		if m.sp.start <= sp.start && sp.start < m.sp.end {
			return true
		}
	}
	return false
}

func isIn(id int32, ids []int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// companyMismatch finds a company named as the account to pay that is not
// the company named as the supplier.
func companyMismatch(sc *scan) (span, bool) {
	ms := companyMentions(sc)
	for _, p := range ms {
		if p.role != 'p' {
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
