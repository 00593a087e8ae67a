package advisor

import (
	"fmt"
	"regexp"
)

// Reasons for suggesting a lawyer whatever the verdict (DESIGN.md,
// Escalation). A Ruleset's Situations hook returns one of them.
const (
	ReasonDisputeRejected = "A Trade Assurance dispute or claim was rejected; a lawyer can judge whether arbitration, a court case or a bank recall is still open."
	ReasonMoneyLost       = "Money has already been paid and may be lost; act within days (bank recall, evidence, police report) with a lawyer's help."
	ReasonIP              = "The question involves counterfeits or intellectual property, where China's first-to-file rules make early legal advice decisive."
	ReasonChineseLaw      = "The question is about a contract under Chinese law or its enforcement, which needs a lawyer who practises there."
	ReasonLegalAction     = "The buyer is considering legal action; a lawyer should assess the forum, evidence and costs first."
)

// lawyerSituations is the fallback for rulesets without a Situations hook:
// each pattern is matched on the whole judged text (slow on long pastes;
// advisor/rules provides the hook). The first that matches gives the reason.
var lawyerSituations = []struct {
	re     *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`(?i)\b(?:dispute|claim|refund request|case)\b[^.!?\n]{0,40}\b(?:rejected|denied|refused|dismissed|closed in (?:the )?(?:supplier|seller|their)'?s? favou?r)|\blost (?:the|my|our) (?:dispute|claim|case)\b|(?:rejected|denied|refused) (?:my|our|the) (?:dispute|claim|refund)`),
		ReasonDisputeRejected},
	{regexp.MustCompile(`(?i)\b(?:scammed|defrauded|ripped off|lost (?:the |my |our )?(?:money|deposit|payment)|never (?:got|received) (?:the |our |my |any )?(?:goods|order|shipment|products?|refund)|(?:stopped|stop) (?:replying|responding|answering)|disappeared|vanished|went silent|(?:wechat|whatsapp|phone|supplier|they|he|she)\s+(?:is |are |went |has gone |have gone )?(?:silent|unreachable)|store (?:shows |is )?['"‘“]?(?:temporarily )?(?:suspended|closed|offline))`),
		ReasonMoneyLost},
	// Counterfeits and infringement always; trademarks, patents and
	// copyright when the buyer asks about them (a mere "we own the
	// trademark" is no legal question).
	{regexp.MustCompile(`(?i)\b(?:counterfeit|knock-?offs?|fake (?:brand|branded|logo)|replicas?|infring\w*|squatt\w*|first[- ]to[- ]file)|\b(?:trade ?marks?|TM|patents?|copyright|design rights?)\b[^.!?\n]*\?`),
		ReasonIP},
	{regexp.MustCompile(`(?i)\b(?:chinese|china|prc)\s+(?:law|court|courts|contract law)\b|\bgoverning law\b|\bjurisdiction\b|\bNNN\b|\bnon-?disclosure,? non-?use\b|\benforce\w* (?:the |a |our |my )?(?:contract|judgment|award)|\bcontract\b[^.!?\n]{0,40}\b(?:in|under) (?:china|chinese)\b`),
		ReasonChineseLaw},
	{regexp.MustCompile(`(?i)\b(?:sue|suing|sued|lawsuit|legal action|take (?:them|him|her|the supplier|the factory) to court|litigat\w*|arbitration|file a (?:police )?report|police report)\b`),
		ReasonLegalAction},
}

// escalation decides whether to suggest a lawyer, and why.
func (a *Advisor) escalation(adv *Advice, in *Input) (bool, string) {
	if adv.Level == LevelCritical {
		return true, "The verdict is critical: money is at risk of going to the wrong party. Do not pay; AC&E can help verify the supplier and protect the payment."
	}
	if adv.Level == LevelHigh {
		if amt := in.Facts.OrderAmountUSD; amt != nil && *amt >= a.cfg.EscalationThresholdUSD {
			return true, fmt.Sprintf("High risk on an order of about US$%s (at or above the US$%s threshold).",
				groupThousands(*amt), groupThousands(a.cfg.EscalationThresholdUSD))
		}
	}
	if adv.HasFlag("counterfeit_ip_risk") {
		return true, ReasonIP
	}
	if a.rules.Situations != nil {
		reason, ok := a.rules.Situations(in)
		return ok, reason
	}
	for _, s := range lawyerSituations {
		if s.re.MatchString(in.Text) {
			return true, s.reason
		}
	}
	return false, ""
}

// groupThousands formats 12500 as "12,500" (and keeps cents when present).
func groupThousands(v float64) string {
	whole := int64(v)
	cents := int64((v-float64(whole))*100 + 0.5)
	s := fmt.Sprintf("%d", whole)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if cents > 0 {
		return fmt.Sprintf("%s.%02d", out, cents)
	}
	return string(out)
}
