package advisor

import (
	"math"
	"sort"
)

// Severity weights used by Score.
var severityWeight = map[Severity]float64{
	SeverityLow:      5,
	SeverityMedium:   12,
	SeverityHigh:     25,
	SeverityCritical: 45,
}

// PaymentDiversion lists the rule IDs that mean money may go somewhere other
// than the supplier's Trade Assurance account. Any of them makes the verdict at
// least high, and critical when money is about to move or has moved.
var PaymentDiversion = []string{
	"bank_account_change", "off_platform_payment", "personal_beneficiary",
	"crypto_or_gift_card_payment", "lookalike_domain", "supplier_impersonation",
}

// Score is the documented function of the flags:
//
//	score = round(100 × (1 − Π (1 − wᵢ/100)))
//
// over the raised flags, with weight wᵢ = 5 (low), 12 (medium), 25 (high) or
// 45 (critical). Each flag adds risk but the score never reaches 100: one
// critical flag scores 45, two score 70, a critical and a high score 59.
func Score(flags []Flag) int {
	keep := 1.0
	for _, f := range flags {
		keep *= 1 - severityWeight[f.Severity]/100
	}
	return int(math.Round(100 * (1 - keep)))
}

// verdict maps the score and flags to a level:
//
//   - none when there are no flags and no supplier content to judge;
//   - from the score: < 15 low, 15–39 medium, 40–69 high, ≥ 70 critical;
//   - at least the highest flag severity (a critical flag counts as high);
//   - at least high with any payment-diversion flag, and critical when money
//     is about to move or has moved (Facts.PaymentStatus, or an order amount).
func verdict(score int, flags []Flag, facts *Facts) Level {
	if len(flags) == 0 && !facts.SupplierContent {
		return LevelNone
	}
	level := LevelLow
	switch {
	case score >= 70:
		level = LevelCritical
	case score >= 40:
		level = LevelHigh
	case score >= 15:
		level = LevelMedium
	}
	for _, f := range flags {
		l := Level(f.Severity)
		if f.Severity == SeverityCritical {
			l = LevelHigh
		}
		level = maxLevel(level, l)
	}
	if diverted(flags) {
		level = maxLevel(level, LevelHigh)
		if moneyMoving(facts) {
			level = LevelCritical
		}
	}
	return level
}

func diverted(flags []Flag) bool {
	for _, f := range flags {
		for _, id := range PaymentDiversion {
			if f.ID == id {
				return true
			}
		}
	}
	return false
}

func moneyMoving(f *Facts) bool {
	return f.PaymentStatus != "" || f.OrderAmountUSD != nil || f.OrderAmount != nil
}

func maxLevel(a, b Level) Level {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// sortFlags orders flags by severity (highest first), then rule order.
func sortFlags(flags []Flag) {
	sort.SliceStable(flags, func(i, j int) bool {
		return flags[i].Severity.Rank() > flags[j].Severity.Rank()
	})
}
