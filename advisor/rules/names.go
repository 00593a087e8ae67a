package rules

import (
	"strings"
	"unicode"
)

// Company-name comparison. A beneficiary "XINHAIYI KNITWEAR CO., LIMITED"
// and a supplier "Shenzhen Xin Hai Yi Knitwear Co." are the same company: the
// comparison drops legal forms ("Co., Ltd", "Co.,Ltd.", "Limited"), and,
// while both names still show a distinctive word, activity words ("Trading",
// "Import Export", "Industrial") and places (a Chinese company name usually
// starts with its city or province, which bank records often leave out). It
// ignores spacing (pinyin is written "Xin Hai Yi" or "Xinhaiyi"). Masked
// words ("GOLDEN H***", "Ningbo ___ Houseware") are not compared at all: the
// verdict rests on what is visible, so "GOLDEN H*** TRADING LIMITED" is not
// "Ningbo ___ Houseware Co., Ltd" (golden ≠ houseware).

// legalForms are words that only give the legal form of a company.
var legalForms = map[string]bool{
	"co": true, "company": true, "ltd": true, "limited": true, "inc": true, "incorporated": true,
	"corp": true, "corporation": true, "llc": true, "plc": true, "gmbh": true, "sa": true, "sl": true, "srl": true,
	"bv": true, "pte": true, "pty": true, "sdn": true, "bhd": true, "jsc": true, "oy": true, "ag": true,
	"the": true, "of": true, "and": true, "e": true, "cv": true, "de": true,
}

// activityWords say what a company does or where, not which company it is.
var activityWords = map[string]bool{
	"trading": true, "trade": true, "import": true, "export": true, "imp": true, "exp": true,
	"industrial": true, "industry": true, "industries": true, "manufacturing": true, "manufacture": true,
	"manufacturer": true, "mfg": true, "factory": true, "group": true, "holding": true, "holdings": true,
	"international": true, "intl": true, "enterprise": true, "enterprises": true, "development": true,
	"technology": true, "technologies": true, "tech": true, "science": true, "sci": true, "commercial": true,
	"commerce": true, "products": true, "product": true, "supply": true, "supplies": true, "global": true,
	"worldwide": true, "sourcing": true, "business": true, "branch": true, "hk": true, "hongkong": true,
	"hong": true, "kong": true, "china": true, "chinese": true,
}

// nameToken is one word of a company name; masked words ("H***", "___")
// are not compared.
type nameToken struct {
	s      string
	masked bool
}

// nameTokens splits a company name into lower-case words. Chinese legal
// endings (有限公司…) are dropped first.
func nameTokens(name string) []nameToken {
	name = strings.ToLower(name)
	for _, suf := range []string{"有限责任公司", "股份有限公司", "有限公司", "公司"} {
		name = strings.ReplaceAll(name, suf, " ")
	}
	for _, act := range []string{"进出口", "贸易", "实业", "工厂"} {
		name = strings.ReplaceAll(name, act, " trading ")
	}
	var out []nameToken
	var cur strings.Builder
	masked := false
	flush := func() {
		if cur.Len() > 0 || masked {
			out = append(out, nameToken{s: cur.String(), masked: masked})
		}
		cur.Reset()
		masked = false
	}
	for _, r := range name {
		switch {
		case r == '*' || r == '_' || r == '…' || r == '#':
			masked = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// sameCompany reports whether two company names can belong to the same
// company. It compares the distinctive words (not legal forms, activities or
// places) when both names show some; otherwise it compares everything
// visible but the legal form. It answers true when there is nothing visible
// to compare.
func sameCompany(a, b string) bool {
	ta, tb := nameTokens(a), nameTokens(b)
	keep := func(ts []nameToken, distinctive bool) []string {
		var out []string
		for _, t := range ts {
			if t.masked || t.s == "" || legalForms[t.s] {
				continue
			}
			if distinctive && (activityWords[t.s] || chinesePlaces[t.s]) {
				continue
			}
			out = append(out, t.s)
		}
		return out
	}
	da, db := keep(ta, true), keep(tb, true)
	if len(da) == 0 || len(db) == 0 {
		da, db = keep(ta, false), keep(tb, false)
		if len(da) == 0 || len(db) == 0 {
			return true
		}
	}
	all := func(ts []nameToken) string {
		var b strings.Builder
		for _, t := range ts {
			if !t.masked {
				b.WriteString(t.s)
			}
		}
		return b.String()
	}
	return containsAll(all(tb), da) || containsAll(all(ta), db)
}

// containsAll reports whether every one of words occurs in s.
func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// personName reports whether a beneficiary name looks like a private person
// rather than a company: two to four alphabetic words (or two to four Han
// characters), none of them a company word.
func personName(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		return false
	}
	han := 0
	other := 0
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsSpace(r) || r == '·' || r == '.':
		default:
			other++
		}
	}
	if han > 0 {
		return other == 0 && han >= 2 && han <= 4
	}
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == ',' || r == '.' })
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		if legalForms[w] || activityWords[w] || chinesePlaces[w] || strings.ContainsAny(w, "*_#0123456789") {
			return false
		}
		switch w {
		case "mr", "mrs", "ms", "miss":
			continue
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '\'' {
				return false
			}
		}
	}
	return true
}

// chinesePlaces are provinces and large cities that start Chinese company
// names and are often left out of bank records.
var chinesePlaces = map[string]bool{
	"beijing": true, "shanghai": true, "tianjin": true, "chongqing": true, "guangzhou": true, "shenzhen": true,
	"dongguan": true, "foshan": true, "zhongshan": true, "zhuhai": true, "shantou": true, "huizhou": true,
	"jiangmen": true, "guangdong": true, "zhejiang": true, "hangzhou": true, "ningbo": true, "wenzhou": true,
	"yiwu": true, "jinhua": true, "taizhou": true, "shaoxing": true, "huzhou": true, "jiaxing": true,
	"jiangsu": true, "suzhou": true, "nanjing": true, "wuxi": true, "changzhou": true, "nantong": true,
	"yangzhou": true, "fujian": true, "xiamen": true, "fuzhou": true, "quanzhou": true, "putian": true,
	"shandong": true, "qingdao": true, "jinan": true, "yantai": true, "weifang": true, "linyi": true,
	"hebei": true, "shijiazhuang": true, "henan": true, "zhengzhou": true, "hubei": true, "wuhan": true,
	"hunan": true, "changsha": true, "anhui": true, "hefei": true, "jiangxi": true, "nanchang": true,
	"sichuan": true, "chengdu": true, "shaanxi": true, "xian": true, "liaoning": true, "dalian": true,
	"shenyang": true, "yunnan": true, "kunming": true, "guangxi": true, "nanning": true, "cixi": true,
	"yuyao": true, "yongkang": true, "jieyang": true, "chaozhou": true, "danyang": true, "hong": true,
	"kong": true,
}
