package advisor

import (
	"strings"
	"unicode/utf8"
)

// phrases is a set of lower-case words and phrases matched as whole words in
// a short window of the lowered input. It is indexed by each phrase's leading
// ASCII word (or first rune), so a window is checked with one map lookup per
// word instead of one substring search per phrase.
type phrases struct {
	byWord map[string][]string
	byRune map[rune][]string
	// lens[c] has bit n set when some key of byWord starts with byte c and
	// has length n (n < 64): a cheap test before the map lookup.
	lens [256]uint64
}

func newPhrases(list ...string) *phrases {
	p := &phrases{byWord: map[string][]string{}, byRune: map[rune][]string{}}
	for _, s := range list {
		if s == "" {
			continue
		}
		if s[0] < 0x80 {
			k := leadWord(s)
			p.byWord[k] = append(p.byWord[k], s)
			if k != "" && len(k) < 64 {
				p.lens[k[0]] |= 1 << len(k)
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s)
			p.byRune[r] = append(p.byRune[r], s)
		}
	}
	for _, m := range []map[string][]string{p.byWord} {
		for k := range m {
			sortLongestFirst(m[k])
		}
	}
	for k := range p.byRune {
		sortLongestFirst(p.byRune[k])
	}
	return p
}

func sortLongestFirst(l []string) {
	for i := 1; i < len(l); i++ {
		for j := i; j > 0 && len(l[j]) > len(l[j-1]); j-- {
			l[j], l[j-1] = l[j-1], l[j]
		}
	}
}

// each calls fn for every phrase found in w, in order, as whole words
// (non-ASCII phrases match anywhere). fn returns false to stop.
func (p *phrases) each(w string, fn func(start int, phrase string) bool) {
	for i := 0; i < len(w); {
		c := w[i]
		var list []string
		next := i + 1
		switch {
		case isLetter(c):
			if i > 0 && isLetter(w[i-1]) {
				i++
				continue
			}
			j := i
			for j < len(w) && isLetter(w[j]) {
				j++
			}
			if n := j - i; n < 64 && p.lens[c]&(1<<n) != 0 {
				list = p.byWord[w[i:j]]
			}
			next = j
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(w[i:])
			list = p.byRune[r]
			next = i + size
		default:
			if len(p.byWord[""]) > 0 {
				list = p.byWord[""]
			}
		}
		for _, ph := range list {
			if !strings.HasPrefix(w[i:], ph) {
				continue
			}
			end := i + len(ph)
			last := ph[len(ph)-1]
			if ph[0] < 0x80 && isLetter(last) && end < len(w) && isLetter(w[end]) {
				continue
			}
			if !fn(i, ph) {
				return
			}
			break
		}
		i = next
	}
}

// in reports whether w contains one of the phrases.
func (p *phrases) in(w string) bool {
	found := false
	p.each(w, func(int, string) bool { found = true; return false })
	return found
}

// last returns the start of the last phrase found in w (-1 if none) and the
// phrase.
func (p *phrases) last(w string) (int, string) {
	at, which := -1, ""
	p.each(w, func(k int, ph string) bool { at, which = k, ph; return true })
	return at, which
}

// first returns the start of the first phrase found in w (-1 if none) and
// the phrase.
func (p *phrases) first(w string) (int, string) {
	at, which := -1, ""
	p.each(w, func(k int, ph string) bool { at, which = k, ph; return false })
	return at, which
}

// prefix reports whether w starts with one of the phrases.
func (p *phrases) prefix(w string) bool {
	if w == "" {
		return false
	}
	var list []string
	if isLetter(w[0]) {
		if k := leadWord(w); len(k) < 64 && p.lens[k[0]]&(1<<len(k)) != 0 {
			list = p.byWord[k]
		}
	} else if w[0] >= 0x80 {
		r, _ := utf8.DecodeRuneInString(w)
		list = p.byRune[r]
	}
	for _, ph := range list {
		if strings.HasPrefix(w, ph) && (len(w) == len(ph) || ph[0] >= 0x80 || !isLetter(ph[len(ph)-1]) || !isLetter(w[len(ph)])) {
			return true
		}
	}
	return false
}
