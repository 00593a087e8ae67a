package advisor

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	in := &Input{Text: text, Lower: strings.ToLower(text), Facts: &facts, Now: now, Config: &a.cfg}
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
	for _, r := range text {
		total++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			junk++
		}
	}
	return junk*10 < total*3
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
