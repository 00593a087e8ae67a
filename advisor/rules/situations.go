package rules

import (
	"strings"

	"tradeguard/advisor"
)

// Situations that need a lawyer whatever the verdict (DESIGN.md,
// Escalation), matched with the rules' shared scan. They are checked in this
// order; the first found gives the reason.
var lawyerSituations = []struct {
	ps     phrases
	reason string
}{
	{phrases{
		newPairPhrase(`\b(?:dispute|claim|refund request|case|appeal)\b`, 40,
			`(?:rejected|denied|refused|dismissed|closed in (?:the )?(?:supplier|seller|their)'?s? favou?r)`, evBoth, ``),
		newPhrase(`\blost (?:the|my|our) (?:dispute|claim|case)\b|(?:rejected|denied|refused) (?:my|our|the) (?:dispute|claim|refund)`+
			`|纠纷被驳回|申诉被(?:拒|驳回)|退款被拒|disputa (?:rechazada|denegada)|rechazaron (?:mi|la) disputa`, ``),
	}, advisor.ReasonDisputeRejected},
	{phrases{
		newPhrase(`\b(?:scammed|defrauded|ripped off|lost (?:the |my |our )?(?:money|deposit|payment)|never (?:got|received) (?:the |our |my |any )?(?:goods|order|shipment|products?|refund)|(?:stopped|stop) (?:replying|responding|answering)|disappeared|vanished|went silent)`+
			`|\b(?:wechat|whatsapp|phone|supplier|they|he|she)\s+(?:is |are |went |has gone |have gone )?(?:silent|unreachable)`+
			`|\bstore (?:shows |is )?['"‘“]?(?:temporarily )?(?:suspended|closed|offline)`+
			`|被骗|骗了我|联系不上|不回(?:复|消息)了|me estafaron|estafa(?:do|da)?\b|no (?:responde|contesta) desde`, ``),
	}, advisor.ReasonMoneyLost},
	{phrases{
		newPhrase(`\b(?:counterfeit|knock-?offs?|fake (?:brand|branded|logo)|replicas?|infring\w*|squatt\w*|first[- ]to[- ]file)|假货|侵权|抢注|falsificad[oa]s?`, ``),
	}, advisor.ReasonIP},
	{phrases{
		newPhrase(`\b(?:chinese|china|prc)\s+(?:law|court|courts|contract law)\b|\bgoverning law\b|\bjurisdiction\b|\bnnn\b|\bnon-?disclosure,? non-?use\b|\benforce\w* (?:the |a |our |my )?(?:contract|judgment|award)`+
			`|中国法律|管辖|ley china|tribunales? chinos?`, ``),
		newPairPhrase(`\bcontract\b`, 40, `\b(?:in|under) (?:china|chinese)\b`, evBoth, ``),
	}, advisor.ReasonChineseLaw},
	{phrases{
		newPhrase(`\b(?:sue|suing|sued|lawsuit|legal action|litigat\w*|arbitration|police report)\b|\btake (?:them|him|her|the supplier|the factory) to court\b|\bfile a (?:police )?report\b|起诉|报警|仲裁|demandar|denuncia`, ``),
	}, advisor.ReasonLegalAction},
}

// ipQuestion is a trademark, patent or copyright the buyer asks about (the
// sentence is a question): "should we register the trademark in China?".
var ipQuestion = newPhrase(`\b(?:trade ?marks?|tm|patents?|copyrights?|design rights?)\b|商标|专利|marca registrada|patente`, ``)

// situations implements advisor.Ruleset.Situations.
func situations(in *advisor.Input) (string, bool) {
	sc := scanOf(in)
	for _, s := range lawyerSituations {
		if _, ok := s.ps.find(sc); ok {
			return s.reason, true
		}
		if s.reason == advisor.ReasonIP && ipQuestion.each(sc, func(sp span) bool {
			return strings.ContainsAny(sc.sentenceText(sp), "?？")
		}) {
			return advisor.ReasonIP, true
		}
	}
	return "", false
}
