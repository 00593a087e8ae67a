package advisor

import "time"

// Rule is one red-flag rule. Rules are data plus a pure Match function; the
// core runs whatever rules it is given (see advisor/rules).
type Rule struct {
	ID       string
	Severity Severity
	Title    string
	// Source is the title of the built-in guide section the advice comes from.
	Source string
	// Advice is what the buyer should do when the rule fires.
	Advice string
	// Trigger and Why document the rule (README table): what makes it fire
	// and why it matters.
	Trigger string
	Why     string
	// Keywords is a cheap pre-filter: when non-empty, Match only runs if the
	// lower-cased input contains at least one of them.
	Keywords []string
	// Match reports whether the rule fires and quotes its evidence.
	Match func(in *Input) (Finding, bool)
	// Examples prove the rule: hits with their exact evidence, and near misses.
	Examples []Example
}

// Finding is what a firing rule returns.
type Finding struct {
	// Evidence is an exact substring of Input.Text.
	Evidence string
	// Advice, when set, replaces Rule.Advice (for example with a computed
	// deadline).
	Advice string
}

// Example is a rule's own test case.
type Example struct {
	Text string
	// Evidence is the exact span a hit must quote; empty for a miss.
	Evidence string
	// Miss marks a near miss: the rule must not fire.
	Miss bool
	// Now pins the clock for date-dependent rules (zero: 2026-06-01 UTC).
	Now time.Time
}

// Input is what a rule reads: the judged text, its facts and the clock.
type Input struct {
	// Text is the judged text (valid UTF-8, at most Config.MaxInputBytes).
	Text string
	// Lower is strings.ToLower(Text), for keyword checks; offsets into Lower
	// may differ from offsets into Text.
	Lower  string
	Facts  *Facts
	Now    time.Time
	Config *Config
	// Cache is scratch space the rules of one ruleset may use to share work
	// done once per input (advisor/rules keeps a single keyword scan here).
	// The core creates a fresh Input for every Advise call and only touches it
	// at the end: if it has a Release() method, Advise calls it so the rules
	// can reuse the memory (advisor/rules pools its scans this way).
	Cache any
}

// Ruleset is a versioned list of rules.
type Ruleset struct {
	Version string
	Rules   []Rule
	// Situations, when set, recognises the situations that need a lawyer
	// whatever the verdict (money already lost, a rejected dispute,
	// counterfeits and IP questions, contracts under Chinese law, suing) and
	// returns one of the Reason… constants. It runs after the rules on the
	// same Input, so it can share their work; without it the core matches
	// its own, slower patterns.
	Situations func(in *Input) (reason string, ok bool)
}
