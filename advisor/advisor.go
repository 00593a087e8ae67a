package advisor

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"tradeguard/knowledge"
)

// Config tunes the core. The zero value means the documented defaults.
type Config struct {
	// EscalationThresholdUSD is the order size from which a high verdict
	// suggests a lawyer (default 5,000).
	EscalationThresholdUSD float64
	// MaxInputBytes caps the judged text; longer input is judged on its first
	// MaxInputBytes bytes and the answer says so (default 64 KiB).
	MaxInputBytes int
	// DisputeWindowDays is the number of days after confirmed receipt within
	// which a Trade Assurance dispute must be opened (default 30, Alibaba.com's
	// current rule; some guides say about 15).
	DisputeWindowDays int
}

// Defaults.
const (
	DefaultEscalationThresholdUSD = 5000
	DefaultMaxInputBytes          = 64 << 10
	DefaultDisputeWindowDays      = 30
)

func (c Config) withDefaults() Config {
	if c.EscalationThresholdUSD <= 0 {
		c.EscalationThresholdUSD = DefaultEscalationThresholdUSD
	}
	if c.MaxInputBytes <= 0 {
		c.MaxInputBytes = DefaultMaxInputBytes
	}
	if c.DisputeWindowDays <= 0 {
		c.DisputeWindowDays = DefaultDisputeWindowDays
	}
	return c
}

// Searcher finds guide passages for a query; *knowledge.Index implements it.
type Searcher interface {
	Search(query string, k int) []knowledge.Hit
}

// Advisor turns requests into advice. It is safe for concurrent use and does
// no I/O: the clock is passed to Advise.
type Advisor struct {
	rules   Ruleset
	guide   Searcher
	cfg     Config
	sources map[string]bool
}

// New returns an Advisor that runs rs and answers from guide (which may be nil).
func New(rs Ruleset, guide Searcher, cfg Config) *Advisor {
	return &Advisor{rules: rs, guide: guide, cfg: cfg.withDefaults()}
}

// Config returns the effective configuration (defaults filled in).
func (a *Advisor) Config() Config { return a.cfg }

// Ruleset returns the rules the advisor runs.
func (a *Advisor) Ruleset() Ruleset { return a.rules }

// EmptyAnswer is the reply to a message with nothing to read.
const EmptyAnswer = "Paste the supplier's details (profile, chat messages, proforma invoice or payment instructions) " +
	"or ask a question about Trade Assurance, disputes or paying a supplier safely, and I will check it."

// UnreadableAnswer is the reply to input that is not text.
const UnreadableAnswer = "I could not read that as text. " + EmptyAnswer

// Advise judges req at time now. Same request and clock, same Advice.
func (a *Advisor) Advise(req Request, now time.Time) Advice {
	text := req.Text
	if strings.TrimSpace(req.Context) != "" {
		text = req.Context + "\n\n" + req.Text
	}
	text, truncated := a.clip(text)
	if !readable(text) {
		answer := EmptyAnswer
		if hasWords(text) {
			answer = UnreadableAnswer
		}
		return Advice{Level: LevelNone, Flags: []Flag{}, Citations: []Citation{}, Answer: answer,
			Ruleset: a.rules.Version, Truncated: truncated, AnswerSource: "guide", Facts: Facts{}}
	}
	facts := Extract(text, now)
	in := &Input{Text: text, Lower: lowerText(text), Facts: &facts, Now: now, Config: &a.cfg}
	flags := a.runRules(in)
	adv := Advice{
		Flags:     flags,
		Facts:     facts,
		Ruleset:   a.rules.Version,
		Truncated: truncated,
		Citations: []Citation{},
	}
	adv.Score = Score(flags)
	adv.Level = verdict(adv.Score, flags, &facts)
	adv.Escalate, adv.EscalationReason = a.escalation(&adv, in)
	release(in)
	question := facts.Question
	if question == "" && strings.TrimSpace(req.Context) != "" {
		question = strings.TrimSpace(req.Text)
	}
	a.compose(&adv, question)
	return adv
}

func (a *Advisor) runRules(in *Input) []Flag {
	flags := []Flag{}
	for i := range a.rules.Rules {
		r := &a.rules.Rules[i]
		if len(r.Keywords) > 0 && !containsAny(in.Lower, r.Keywords) {
			continue
		}
		f, ok := r.Match(in)
		if !ok {
			continue
		}
		advice := r.Advice
		if f.Advice != "" {
			advice = f.Advice
		}
		flags = append(flags, Flag{ID: r.ID, Severity: r.Severity, Title: r.Title,
			Evidence: f.Evidence, Advice: advice, Source: r.Source})
	}
	sortFlags(flags)
	return flags
}

// releaser is implemented by per-input scratch data a ruleset keeps in
// Input.Cache that can be recycled (advisor/rules pools its shared scan).
type releaser interface{ Release() }

// release hands in.Cache back to the ruleset once Advise no longer reads
// in: neither the rules nor the escalation check run on it afterwards.
func release(in *Input) {
	if r, ok := in.Cache.(releaser); ok {
		in.Cache = nil
		r.Release()
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// clip makes text valid UTF-8 and cuts it to MaxInputBytes on a rune boundary.
func (a *Advisor) clip(text string) (string, bool) {
	truncated := false
	if len(text) > a.cfg.MaxInputBytes {
		cut := a.cfg.MaxInputBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text, truncated = text[:cut], true
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return text, truncated
}

// readable reports whether text has words and is mostly text rather than
// binary junk.
func readable(text string) bool {
	if !hasWords(text) {
		return false
	}
	var total, junk int
	for i := 0; i < len(text); {
		// Eight printable ASCII bytes at a time (no byte with the high bit
		// set, below 0x20 or equal to 0x7F), byte by byte otherwise.
		if i+8 <= len(text) {
			if v := load64(text, i); v&highBits == 0 && !hasByteBelow(v, 0x20) && !hasZeroByte(v^(lowBits*0x7F)) {
				total += 8
				i += 8
				continue
			}
		}
		// ASCII needs no decoding: its control characters are below 0x20
		// and 0x7F.
		if c := text[i]; c < utf8.RuneSelf {
			total++
			if (c < 0x20 || c == 0x7F) && c != '\n' && c != '\r' && c != '\t' {
				junk++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		total++
		if r == utf8.RuneError || unicode.IsControl(r) {
			junk++
		}
		i += n
	}
	return junk*10 < total*3
}

// Byte masks for the eight-bytes-at-a-time loops.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// load64 returns the eight bytes of s at i as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasZeroByte reports whether one of the bytes of v is zero.
func hasZeroByte(v uint64) bool { return (v-lowBits)&^v&highBits != 0 }

// hasByteBelow reports whether one of the bytes of v, all below 0x80, is
// below n (n at most 0x80).
func hasByteBelow(v uint64, n byte) bool { return (v-lowBits*uint64(n))&^v&highBits != 0 }

// lowerText returns strings.ToLower(s) — the same string for every input,
// invalid UTF-8 included — without strings.Map's per-rune cost on mostly
// ASCII text that has a few non-ASCII characters (a pasted "m²" or "·" is
// enough to send strings.ToLower down its slow path).
func lowerText(s string) string {
	// Find the first byte that changes: an upper-case ASCII letter, a rune
	// with a different lower-case form, or an invalid byte (which becomes
	// U+FFFD).
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.ToLower(r) != r {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+utf8.UTFMax)
	copy(b, s[:i])
	for i < len(s) {
		// Eight ASCII bytes at a time: set bit 0x20 of each byte in 'A'..'Z'.
		if i+8 <= len(s) {
			if v := load64(s, i); v&highBits == 0 {
				upper := (v + lowBits*(0x80-'A')) &^ (v + lowBits*(0x80-'Z'-1)) & highBits
				v |= upper >> 2
				b = append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24), byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += n
	}
	// b is never written again, so it can back the string without a copy.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// hasWords reports whether text has at least two letters or digits in a row.
func hasWords(text string) bool {
	run := 0
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
