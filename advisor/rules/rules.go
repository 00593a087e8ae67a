// Package rules holds TradeGuard's red-flag rules: each rule is data with a
// pure Match function and carries its own hits and near misses.
package rules

import "tradeguard/advisor"

// Version names the ruleset; bump it whenever a rule's behaviour changes.
const Version = "2026.11.0"

// Default returns the full ruleset in evaluation order.
func Default() advisor.Ruleset {
	return advisor.Ruleset{Version: Version, Rules: all()}
}

func all() []advisor.Rule {
	return nil
}
