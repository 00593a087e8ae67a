package rules_test

import (
	"strings"
	"testing"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
)

// TestSituations checks the lawyer situations the ruleset recognises for
// escalation (advisor.Ruleset.Situations).
func TestSituations(t *testing.T) {
	sit := rules.Default().Situations
	cfg := advisor.Config{}
	for _, c := range []struct {
		text, want string
	}{
		{"Alibaba rejected my dispute because the inspection report was from the wrong lab", advisor.ReasonDisputeRejected},
		{"the dispute was closed in the seller's favour after 3 weeks", advisor.ReasonDisputeRejected},
		{"我的纠纷被驳回了，怎么办", advisor.ReasonDisputeRejected},
		{"paid the deposit, now their wechat is silent and the store shows 'temporarily suspended'", advisor.ReasonMoneyLost},
		{"I think I got scammed, never received the goods", advisor.ReasonMoneyLost},
		{"付了定金以后联系不上了", advisor.ReasonMoneyLost},
		{"they sell knock-offs of our design on alibaba", advisor.ReasonIP},
		{"should we register the trademark in China before production?", advisor.ReasonIP},
		{"the contract says governing law is PRC law, ok to sign?", advisor.ReasonChineseLaw},
		{"what is an NNN agreement?", advisor.ReasonChineseLaw},
		{"can I sue the factory in China?", advisor.ReasonLegalAction},
		{"we want to take the supplier to court", advisor.ReasonLegalAction},
		{"我们想起诉这个工厂", advisor.ReasonLegalAction},
		{"our brand logo on the box, we own the trademark in the US and China", ""},
		{"the supplier changed the case colour to navy", ""},
		{"we always resolve issues in the Alibaba chat, no dispute so far", ""},
	} {
		facts := advisor.Extract(c.text, exampleNow)
		in := &advisor.Input{Text: c.text, Lower: lower(c.text), Facts: &facts, Now: exampleNow, Config: &cfg}
		got, ok := sit(in)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("%q: reason %q, want %q", c.text, got, c.want)
		}
	}
}

func lower(s string) string { return strings.ToLower(s) }
