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
	byWord *wordTable[[]string]
	byRune map[rune][]string
	// symbols are the phrases that start with neither a letter nor a
	// non-ASCII rune.
	symbols []string
}

func newPhrases(list ...string) *phrases {
	p := &phrases{byRune: map[rune][]string{}}
	byWord := map[string][]string{}
	for _, s := range list {
		if s == "" {
			continue
		}
		if s[0] < 0x80 {
			if k := leadWord(s); k != "" {
				byWord[k] = append(byWord[k], s)
			} else {
				p.symbols = append(p.symbols, s)
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s)
			p.byRune[r] = append(p.byRune[r], s)
		}
	}
	for k := range byWord {
		sortLongestFirst(byWord[k])
	}
	p.byWord = tableOf(byWord)
	sortLongestFirst(p.symbols)
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
			list, _ = p.byWord.get(w[i:j])
			next = j
		case c >= 0x80:
			r, size := utf8.DecodeRuneInString(w[i:])
			list = p.byRune[r]
			next = i + size
		default:
			list = p.symbols
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
		list, _ = p.byWord.get(leadWord(w))
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

// setOf returns the set of the given words.
func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// keysOf returns the words of a set.
func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	return out
}
