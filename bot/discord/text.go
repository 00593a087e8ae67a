package discord

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// dlen is the length of s as Discord counts it: UTF-16 code units, which is
// never less than the number of characters, so limits checked with it hold.
func dlen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
		if r == utf8.RuneError {
			n++ // invalid bytes may become a 2-unit replacement; stay conservative
		}
	}
	return n
}

const zwsp = "\u200b"

// invisible are the characters stripped from user and LLM text: bidi
// overrides and isolates (which can disguise a link or an amount) and NUL.
func invisible(r rune) bool {
	switch {
	case r == 0, r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// neutralise makes pasted or LLM-written text safe to show on Discord: it
// cannot ping @everyone, @here, a role or a user, cannot render as a channel
// or user mention, and cannot hide a link behind other words (masked links
// are broken so the address shows). allowed_mentions is always empty too;
// this is the second lock.
func neutralise(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, invisible) >= 0 {
		s = strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, s)
	}
	if !strings.ContainsAny(s, "@<]") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		switch {
		case s[i] == '@' && (hasFoldPrefix(s[i+1:], "everyone") || hasFoldPrefix(s[i+1:], "here")):
			b.WriteString("@" + zwsp)
			i++
		case s[i] == '<' && i+1 < len(s) && (s[i+1] == '@' || s[i+1] == '#'):
			b.WriteString(s[i:i+2] + zwsp)
			i += 2
		case s[i] == ']' && i+1 < len(s) && s[i+1] == '(':
			b.WriteString("]" + zwsp)
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// cut splits s into a head of at most max units (dlen) and the rest, at the
// best clean boundary it can find: a paragraph break, a line break, the end of
// a sentence, a space; only a single word longer than max is cut inside, and
// then at a character boundary. Head and tail are trimmed of the whitespace
// around the cut.
func cut(s string, max int) (head, tail string) {
	if max < 1 {
		max = 1
	}
	// lim: the byte length of the longest prefix within max units.
	lim, n, fits := 0, 0, true
	for i, r := range s {
		w := utf16.RuneLen(r)
		if r == utf8.RuneError {
			w = 2
		}
		if n+w > max {
			fits = false
			break
		}
		n += w
		_, size := utf8.DecodeRuneInString(s[i:])
		lim = i + size
	}
	if fits {
		return s, ""
	}
	if lim == 0 { // max is smaller than the first character: take it anyway
		_, lim = utf8.DecodeRuneInString(s)
		return s[:lim], strings.TrimLeftFunc(s[lim:], unicode.IsSpace)
	}
	win := s[:lim]
	floor := lim / 3
	at := -1
	for _, sep := range []string{"\n\n", "\n"} {
		if k := strings.LastIndex(win, sep); k > floor {
			at = k
			break
		}
	}
	if at < 0 {
		if k := lastSentenceEnd(win); k > floor {
			at = k
		}
	}
	if at < 0 {
		// A word boundary: the window itself when the next character is a
		// space, else the last space inside it.
		if next, _ := utf8.DecodeRuneInString(s[lim:]); unicode.IsSpace(next) {
			at = lim
		} else if at = strings.LastIndexFunc(win, unicode.IsSpace); at <= 0 {
			at = lim // one word longer than max: cut it at a character boundary
		}
	}
	head = strings.TrimRightFunc(s[:at], unicode.IsSpace)
	tail = strings.TrimLeftFunc(s[at:], unicode.IsSpace)
	if head == "" { // only whitespace before the cut
		return cut(tail, max)
	}
	return head, tail
}

// lastSentenceEnd returns the byte index just after the last sentence end
// (". ", "! ", "? ", "。" …) in s, or -1.
func lastSentenceEnd(s string) int {
	best := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '.', '!', '?', ';', ':':
			if j := i + size; j < len(s) && (s[j] == ' ' || s[j] == '\n') {
				best = j
			}
		case '。', '！', '？':
			best = i + size
		}
		i += size
	}
	return best
}

// splitMessage splits s into at most n parts of at most max units (dlen),
// each cut at a clean boundary (see cut). Parts never start or end with
// whitespace and none is empty; whitespace-only input gives no parts. more
// is true when text was left over after n parts.
func splitMessage(s string, max, n int) (parts []string, more bool) {
	s = strings.TrimSpace(s)
	for s != "" {
		if len(parts) == n {
			return parts, true
		}
		var head string
		head, s = cut(s, max)
		if head != "" {
			parts = append(parts, head)
		}
	}
	return parts, false
}

// clip shortens s to at most max units at a clean boundary, ending with "…"
// when anything was cut.
func clip(s string, max int) string {
	s = strings.TrimSpace(s)
	head, tail := cut(s, max-1)
	if tail == "" || dlen(s) <= max {
		return s
	}
	return head + "…"
}

// quote renders text as a Discord block quote, line by line.
func quote(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.Join(lines, "\n")
}
