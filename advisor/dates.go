package advisor

import (
	"strings"
	"time"
)

// Date reading. Dates are written as ISO ("2026-06-20", "2026/6/20"),
// day-first numbers ("20/06/2026", "20.06.2026"; month-first only when the
// first number cannot be a month, "06/20/2026"), month names in English or
// Spanish ("June 20", "20 June", "3 Nov", "20th of June", "20 de junio de
// 2026"), Chinese ("2026年6月20日", "6月20日"), or relative to the clock
// ("10 days ago", "three weeks ago", "yesterday", "hace 3 días", "3天前").
// A year-less date takes the year that puts it nearest to now; a date that a
// past-tense word says has happened ("received on 3 Nov") is never in the
// future.

// dateHit is a date found in the input.
type dateHit struct {
	date       time.Time
	start, end int // text[start:end] is how it was written
	yearless   bool
	// relative: "today", "yesterday"; these only count with a cue before
	// them ("arrived yesterday", not "pay today, the goods ship on time").
	relative bool
}

func ymd(t time.Time) string { return t.Format("2006-01-02") }

func validDate(y, m, d int) bool {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := monthDays[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func mkDate(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// nearestYear places month/day in the year that puts it closest to now.
func nearestYear(m, d int, now time.Time) (time.Time, bool) {
	best := time.Time{}
	var bestDiff time.Duration = -1
	for _, y := range []int{now.Year() - 1, now.Year(), now.Year() + 1} {
		if !validDate(y, m, d) {
			continue
		}
		t := mkDate(y, m, d)
		diff := t.Sub(now)
		if diff < 0 {
			diff = -diff
		}
		if bestDiff < 0 || diff < bestDiff {
			best, bestDiff = t, diff
		}
	}
	return best, bestDiff >= 0
}

// readInt reads up to max digits at s[i].
func readInt(s string, i, max int) (v, end int) {
	end = i
	for end < len(s) && end-i < max && isDigit(s[end]) {
		v = v*10 + int(s[end]-'0')
		end++
	}
	if end < len(s) && isDigit(s[end]) {
		return 0, i // too long
	}
	return v, end
}

// numericDateAt reads a numeric or Chinese date starting at s[i] (a digit).
func numericDateAt(s string, i int, now time.Time) (dateHit, bool) {
	a, e1 := readInt(s, i, 4)
	if e1 == i || e1 >= len(s) {
		return dateHit{}, false
	}
	la := e1 - i
	sep := s[e1]
	// Chinese: 2026年6月20日, 6月20日.
	if strings.HasPrefix(s[e1:], "年") && la == 4 {
		j := e1 + len("年")
		m, e2 := readInt(s, j, 2)
		if e2 > j && strings.HasPrefix(s[e2:], "月") {
			k := e2 + len("月")
			d, e3 := readInt(s, k, 2)
			if e3 > k && validDate(a, m, d) {
				end := e3
				if strings.HasPrefix(s[end:], "日") || strings.HasPrefix(s[end:], "号") {
					end += len("日")
				}
				return dateHit{date: mkDate(a, m, d), start: i, end: end}, true
			}
		}
		return dateHit{}, false
	}
	if strings.HasPrefix(s[e1:], "月") && la <= 2 {
		k := e1 + len("月")
		d, e3 := readInt(s, k, 2)
		if e3 > k {
			t, ok := nearestYear(a, d, now)
			if ok {
				end := e3
				if strings.HasPrefix(s[end:], "日") || strings.HasPrefix(s[end:], "号") {
					end += len("日")
				}
				return dateHit{date: t, start: i, end: end, yearless: true}, true
			}
		}
		return dateHit{}, false
	}
	if sep != '-' && sep != '/' && sep != '.' {
		return dateHit{}, false
	}
	b, e2 := readInt(s, e1+1, 2)
	if e2 == e1+1 || e2 >= len(s) || s[e2] != sep {
		return dateHit{}, false
	}
	c, e3 := readInt(s, e2+1, 4)
	lc := e3 - e2 - 1
	if lc == 0 {
		return dateHit{}, false
	}
	switch {
	case la == 4 && lc <= 2: // Y-M-D
		if validDate(a, b, c) {
			return dateHit{date: mkDate(a, b, c), start: i, end: e3}, true
		}
	case la <= 2 && lc == 4: // D/M/Y, or M/D/Y when D/M/Y is impossible
		if a <= 12 && b > 12 && validDate(c, a, b) {
			return dateHit{date: mkDate(c, a, b), start: i, end: e3}, true
		}
		if validDate(c, b, a) {
			return dateHit{date: mkDate(c, b, a), start: i, end: e3}, true
		}
	}
	return dateHit{}, false
}

// numberWords are small numbers written out, for "three weeks ago".
var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3,
	"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
	"ocho": 8, "nueve": 9, "diez": 10,
}

// unitDays maps a time unit word to days.
func unitDays(w string) int {
	switch strings.TrimSuffix(w, "s") {
	case "day", "día", "dia":
		return 1
	case "week", "semana":
		return 7
	case "month", "mes", "mese":
		return 30
	case "天", "日":
		return 1
	case "周", "星期":
		return 7
	case "个月":
		return 30
	}
	return 0
}

// lastWord returns the word ending at end (skipping spaces) in low.
// Words are read at most maxWord bytes long, so that a paste of one endless
// "word" cannot make each look-up walk the whole input.
func lastWord(low string, end int) (w string, start int) {
	for end > 0 && low[end-1] == ' ' {
		end--
	}
	start = end
	for start > 0 && end-start < maxWord && (isAlnum(low[start-1]) || low[start-1] >= 0x80) {
		start--
	}
	return low[start:end], start
}

const maxWord = 32

// nextWord returns the word starting at pos (after spaces) in low.
func nextWord(low string, pos int) (w string, start, end int) {
	for pos < len(low) && low[pos] == ' ' {
		pos++
	}
	end = pos
	for end < len(low) && end-pos < maxWord && (isAlnum(low[end]) || low[end] >= 0x80) {
		end++
	}
	return low[pos:end], pos, end
}

// agoDate reads "<n> <unit> ago" ending at the anchor h (English), "hace
// <n> <unit>" starting at it (Spanish) or "<n><unit>前" (Chinese).
func agoDate(low string, h hit, now time.Time) (dateHit, bool) {
	switch low[h.start:h.end] {
	case "ago":
		unit, us := lastWord(low, h.start)
		days := unitDays(unit)
		if days == 0 {
			return dateHit{}, false
		}
		num, ns := lastWord(low, us)
		if num == "of" { // "a couple of weeks ago"
			num, ns = lastWord(low, ns)
		}
		n, ok := numberWords[num]
		if !ok {
			v, e := readInt(num, 0, 3)
			if e != len(num) || e == 0 {
				return dateHit{}, false
			}
			n = v
		}
		return dateHit{date: dayOf(now).AddDate(0, 0, -n*days), start: ns, end: h.end}, true
	case "hace":
		num, _, ne := nextWord(low, h.end)
		n, ok := numberWords[num]
		if !ok {
			v, e := readInt(num, 0, 3)
			if e != len(num) || e == 0 {
				return dateHit{}, false
			}
			n = v
		}
		unit, _, ue := nextWord(low, ne)
		days := unitDays(unit)
		if days == 0 {
			return dateHit{}, false
		}
		return dateHit{date: dayOf(now).AddDate(0, 0, -n*days), start: h.start, end: ue}, true
	default: // 前
		j := h.start
		for _, u := range []string{"个月", "星期", "天", "日", "周"} {
			if strings.HasSuffix(low[:j], u) {
				k := j - len(u)
				e := k
				for k > 0 && isDigit(low[k-1]) && e-k < 3 {
					k--
				}
				if k == e {
					return dateHit{}, false
				}
				n, _ := readInt(low, k, 3)
				return dateHit{date: dayOf(now).AddDate(0, 0, -n*unitDays(u)), start: k, end: h.end}, true
			}
		}
	}
	return dateHit{}, false
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// monthDate reads a date around a month-name anchor: "June 20", "Jun 20th,
// 2026", "20 June", "20th of June", "3 Nov", "20 de junio de 2026".
func monthDate(low string, h hit, now time.Time) (dateHit, bool) {
	m := h.a.n
	// Forward: June 20[th][, 2026]
	j := h.end
	if j < len(low) && low[j] == '.' {
		j++
	}
	k := j
	for k < len(low) && k-j < 2 && low[k] == ' ' {
		k++
	}
	if k > j || (j < len(low) && isDigit(low[j])) {
		if d, e := readInt(low, k, 2); e > k && d >= 1 && d <= 31 {
			end := e
			for _, suf := range []string{"st", "nd", "rd", "th"} {
				if hasWord(low[end:], suf) {
					end += 2
					break
				}
			}
			y, yend := yearAfter(low, end)
			return finishDate(y, m, d, h.start, pick(yend, end), now)
		}
	}
	// Backward: 20[th] [of] June, 20 de junio [de 2026]
	b := h.start
	for _, pre := range []string{" of ", " de ", " ", "-", ". "} {
		if strings.HasSuffix(low[:b], pre) {
			b -= len(pre)
			break
		}
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(low[:b], suf) && b > 2 && isDigit(low[b-3]) {
			b -= 2
			break
		}
	}
	if b < h.start && b > 0 && isDigit(low[b-1]) {
		s := b
		for s > 0 && isDigit(low[s-1]) && b-s < 3 {
			s--
		}
		if s > 0 && (isAlnum(low[s-1]) || low[s-1] == '.' || low[s-1] == ',' || low[s-1] == '/') {
			return dateHit{}, false
		}
		d, _ := readInt(low, s, 2)
		if d >= 1 && d <= 31 {
			end := h.end
			y, yend := yearAfter(low, end)
			return finishDate(y, m, d, s, pick(yend, end), now)
		}
	}
	return dateHit{}, false
}

func pick(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// yearAfter reads ", 2026", " 2026", " de 2026" or "-2026" after a day or month.
func yearAfter(low string, pos int) (y, end int) {
	for _, sep := range []string{", ", " de ", " ", ",", "-"} {
		if strings.HasPrefix(low[pos:], sep) {
			k := pos + len(sep)
			v, e := readInt(low, k, 4)
			if e-k == 4 && v >= 1990 && v <= 2100 {
				return v, e
			}
		}
	}
	return 0, 0
}

func finishDate(y, m, d, start, end int, now time.Time) (dateHit, bool) {
	if y != 0 {
		if !validDate(y, m, d) {
			return dateHit{}, false
		}
		return dateHit{date: mkDate(y, m, d), start: start, end: end}, true
	}
	t, ok := nearestYear(m, d, now)
	if !ok {
		return dateHit{}, false
	}
	return dateHit{date: t, start: start, end: end, yearless: true}, true
}
