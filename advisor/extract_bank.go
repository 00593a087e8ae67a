package advisor

// ibanLengths is the registered IBAN length per country (SWIFT IBAN registry).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
	"NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
	"SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
	"TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// ValidIBAN reports whether s (spaces allowed, any letter case) is an IBAN:
// a country with a registered IBAN length, that length, and the ISO 13616
// mod-97 check.
func ValidIBAN(s string) bool {
	var buf [40]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
		default:
			return false
		}
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
	}
	return validCompactIBAN(buf[:n])
}

// validCompactIBAN checks an upper-case IBAN without spaces.
func validCompactIBAN(b []byte) bool {
	if len(b) < 15 || !isUpper(b[0]) || !isUpper(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	if want, ok := ibanLengths[string(b[:2])]; !ok || want != len(b) {
		return false
	}
	rem := 0
	add := func(c byte) bool {
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
		return true
	}
	for _, c := range b[4:] {
		if !add(c) {
			return false
		}
	}
	for _, c := range b[:4] {
		add(c)
	}
	return rem == 1
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }

// scanIBAN reads an IBAN starting at s[i] (written compact or in groups of
// four separated by single spaces) and returns its end, or -1. The longest
// valid candidate wins, so trailing words are never swallowed.
func scanIBAN(s string, i int) (end int) {
	if i+4 > len(s) || !isLetter(s[i]) || !isLetter(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return -1
	}
	if i > 0 && isAlnum(s[i-1]) {
		return -1
	}
	var buf [40]byte
	n, group := 0, 0
	end = -1
	j := i
	for j < len(s) && n < 34 {
		c := s[j]
		if c == ' ' && group == 4 && j+1 < len(s) && isAlnum(s[j+1]) {
			group = 0
			j++
			continue
		}
		if !isAlnum(c) {
			break
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[n] = c
		n++
		group++
		j++
		// A candidate ends where a group ends (the next byte is not alphanumeric).
		if j == len(s) || !isAlnum(s[j]) {
			if validCompactIBAN(buf[:n]) {
				end = j
			}
		}
	}
	return end
}
