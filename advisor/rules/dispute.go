package rules

import (
	"fmt"
	"strings"
	"time"

	"tradeguard/advisor"
)

// dispute_window_risk: the buyer has a quality problem or is close to the end
// of the dispute window. The window is Config.DisputeWindowDays after
// delivery or confirmed receipt: 30 days is Alibaba.com's current rule, some
// guides say about 15, and the advice always names the window it assumed.

// nearDeadlineDays is how close to the last day the rule starts warning.
const nearDeadlineDays = 7

// qualityNot suppresses hypothetical or pre-shipment quality talk (inspection standards, "what if").
const qualityNot = `\bif\b|what if|in case|before (?:shipment|shipping|loading|we pay)|pre-?shipment|inspection (?:found|report)|\baql\b|(?:major|minor|critical) defects?|defect rate|quality standard|` + questionNot

// qualityProblem recognises a buyer describing defective, wrong or missing goods.
var qualityProblem = phrases{
	// "half of the lamps are broken", "30% of the chairs are cracked"
	newBackPhrase([]string{"broken", "damaged", "defective", "faulty", "cracked", "dead", "unusable", "wrong"}, 60,
		`(?:\d+|half|most|many|some|all|\d+\s*%)\s+(?:of (?:them|the \w+)\s+)?(?:are|were|arrived|came)\s+(?:broken|damaged|defective|faulty|wrong|cracked|dead|unusable)`,
		qualityNot),
	newPhrase(`(?:defect\w*|damaged|broken|faulty|cracked|leak(?:s|ing|ed|y)|rust(?:y|ed)|mou?ldy|stained|scratched|dented|torn|dead on arrival|unusable`+
		`|wrong (?:colou?rs?|sizes?|items?|models?|materials?|goods|products?|quantity|logo|print\w*|thickness|packaging)`+
		`|not (?:as|like) (?:described|ordered|agreed|the sample|in the (?:photos?|sample|pictures?|listing))|different from (?:the )?(?:approved )?(?:sample|photos?|pictures?|spec\w*|order|listing)`+
		`|(?:poor|bad|low|terrible|awful|horrible|very bad)\s+quality|quality\s+(?:is |was |are |were )?(?:very |so |really )?(?:bad|poor|terrible|awful|not ok|not good|problems?|issues?|much worse|worse)`+
		`|(?:doesn'?t|does not|didn'?t|did not|don'?t|do not|won'?t)\s+(?:work|turn on|charge|fit|match)|missing (?:parts|pieces|items|units|cartons|pcs|accessories|screws)|short\s+(?:by\s+)?\d+\s*(?:pcs|cartons|units|pieces|sets))`,
		qualityNot),
	newPhrase(`质量(?:问题|很差|太差|不好|有问题)|破损|坏了|次品|残次品?|发错(?:货)?|少发|漏发|不能用|与样品不(?:一致|符)`, `如果|万一`),
	newPhrase(`defectuos[oa]s?|dañad[oa]s?|\brot[oa]s?\b|mala calidad|no (?:coincide|funciona)n?|diferentes? (?:a|de) la muestra|faltan (?:piezas|unidades|cajas)`, `\bsi\b`),
}

// goodsReceived recognises that the goods have arrived.
var goodsReceived = phrases{newPhrase(`receiv\w*|arrived|delivered|got (?:the|our|my) (?:goods|order|shipment|container|products|parcel|boxes|cartons|pallets)|unpack\w*|opened the (?:boxes|cartons|package|container|pallets)|came (?:in|with)|收到|到货|签收|recib\w*|lleg(?:[oó]|aron|ado)`,
	`\bif\b|what if|before|samples?\b|样品|muestras?\b|收到[，,。!！]|`+questionNot)}

// disputeOpened recognises that the buyer already opened a dispute or refund request.
var disputeOpened = phrases{newPhrase(`(?:opened|filed|raised|submitted|started|made|lodged|escalated|open)\s+(?:a |the |my |our |an )?(?:trade assurance )?(?:dispute|claim|refund request|complaint with alibaba)|dispute (?:is |was |has been )?(?:open|opened|ongoing|in progress|pending|filed|escalated|rejected|closed|denied)|appl(?:y|ied|ying) for (?:a )?refund|已(?:经)?(?:发起|提起|申请|提交)(?:了)?(?:纠纷|退款)|abr[ií] (?:una )?disputa`,
	`\b(?:should|can|could|how|when|whether|if)\b[^.?!]{0,30}(?:open|file|raise)|\b(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|never|not yet|not|no)\s+(?:yet\s+)?(?:opened|filed|raised|submitted|started|made|open)|`+questionNot)}

// disputeWindowRisk returns the dispute_window_risk rule.
func disputeWindowRisk() advisor.Rule {
	return advisor.Rule{
		ID:       "dispute_window_risk",
		Severity: advisor.SeverityHigh,
		Title:    "Dispute deadline at risk",
		Source:   "Dispute Deadlines: 30 Days or 15?",
		Advice: "Open a Trade Assurance dispute from the order page now, before the window closes: Alibaba.com's current rule is 30 days after " +
			"confirmed receipt, and some guides say about 15 days. Photograph and film the defects with the cartons and labels, keep the inspection " +
			"report, and keep all negotiation in the Alibaba.com chat.",
		Trigger: "The goods were delivered (or receipt confirmed) and the dispute window — Config.DisputeWindowDays, default 30 days — ends within " +
			fmt.Sprint(nearDeadlineDays) + " days or has passed; or the buyer describes a quality problem with goods received and has not opened a dispute.",
		Why: "After the window closes Trade Assurance no longer refunds; buyers lose valid claims by negotiating past the deadline. Sources disagree " +
			"(30 days in Alibaba.com's current rules, about 15 in other guides), so the safe course is to open early.",
		Match: matchDisputeWindow,
		Examples: []advisor.Example{
			{Text: "received the goods on May 20, half of the lamps are broken, supplier says he will 'check with factory'",
				Evidence: "half of the lamps are broken"},
			{Text: "container arrived last month, about 30% of the chairs are cracked, still negotiating with the supplier in chat",
				Evidence: "30% of the chairs are cracked"},
			{Text: "收到货了，发错货了，颜色完全不对", Evidence: "发错货"},
			{Text: "the goods arrived, quality is very bad, stitching comes apart", Evidence: "quality is very bad"},
			{Text: "if the goods arrive damaged, how do I claim?", Miss: true},
			{Text: "goods arrived broken so I opened a dispute yesterday with photos and video", Miss: true},
			{Text: "inspection found 4% defective before shipment, supplier reworked them, ok to pay balance?", Miss: true},
			{Text: "how many days do I have to open a dispute on a trade assurance order?", Miss: true},
		},
	}
}

// matchDisputeWindow is the Match function of the rule built next to it.
func matchDisputeWindow(in *advisor.Input) (advisor.Finding, bool) {
	sc := scanOf(in)
	if _, opened := disputeOpened.find(sc); opened {
		return advisor.Finding{}, false
	}
	window := in.Config.DisputeWindowDays
	if window <= 0 {
		window = advisor.DefaultDisputeWindowDays
	}
	quality, hasQuality := qualityProblem.find(sc)
	if hasQuality {
		if _, ok := goodsReceived.find(sc); !ok {
			hasQuality = false
		}
	}
	field, received, ok := deliveryDate(in.Facts)
	if ok {
		// A date read from a sample's arrival or from "收到，谢谢" ("got
		// it, thanks") is not the goods' receipt.
		if sp, found := factSpan(in, sc, field); found && !receiptLine(sc, sp) {
			ok = false
		}
	}
	if ok {
		today := civilDate(in.Now)
		if received.After(today) {
			ok = false // an expected delivery, not one that happened
		}
	}
	if !ok {
		if !hasQuality {
			return advisor.Finding{}, false
		}
		return advisor.Finding{Evidence: sc.text[quality.start:quality.end], Advice: noDateAdvice(window)}, true
	}
	today := civilDate(in.Now)
	deadline := received.AddDate(0, 0, window)
	left := int(deadline.Sub(today).Hours() / 24)
	if left > nearDeadlineDays && !hasQuality {
		return advisor.Finding{}, false
	}
	advice := deadlineAdvice(received, deadline, left, window)
	if hasQuality && left > nearDeadlineDays {
		return advisor.Finding{Evidence: sc.text[quality.start:quality.end], Advice: advice}, true
	}
	if sp, ok := factSpan(in, sc, field); ok {
		return advisor.Finding{Evidence: sc.text[sp.start:sp.end], Advice: advice}, true
	}
	if hasQuality {
		return advisor.Finding{Evidence: sc.text[quality.start:quality.end], Advice: advice}, true
	}
	return advisor.Finding{}, false
}

// notReceipt marks lines where a date is not the goods' receipt.
var notReceipt = newPhrase(`samples?\b|样品|muestras?\b|收到[，,。!！ ]*(?:谢谢|好的|ok)|noted with thanks`, ``)

// receiptLine reports whether the line of sp can be about receiving the
// goods.
func receiptLine(sc *scan, sp span) bool {
	start := strings.LastIndexByte(sc.low[:sp.start], '\n') + 1
	end := strings.IndexByte(sc.low[sp.end:], '\n')
	if end < 0 {
		end = len(sc.low)
	} else {
		end += sp.end
	}
	return !notReceipt.matchesIn(sc, start, end)
}

// deliveryDate returns the delivery or confirmed-receipt date of the facts.
func deliveryDate(f *advisor.Facts) (field string, d time.Time, ok bool) {
	for _, c := range []struct{ field, value string }{{"delivery_date", f.DeliveryDate}, {"receipt_date", f.ReceiptDate}} {
		if c.value == "" {
			continue
		}
		if t, err := time.Parse(time.DateOnly, c.value); err == nil {
			return c.field, t, true
		}
	}
	return "", time.Time{}, false
}

// civilDate is the calendar date of t (in t's own location) at midnight UTC.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// windowRule names the window and where it comes from.
func windowRule(window int) string {
	if window == advisor.DefaultDisputeWindowDays {
		return "under the 30-day rule (Alibaba.com's current rule: 30 days after confirmed receipt)"
	}
	return fmt.Sprintf("under the %d-day window assumed here (Alibaba.com's current rule says 30 days after confirmed receipt)", window)
}

// otherGuides names the other common dispute window so the advice can mention it.
func otherGuides(window int) string {
	if window > 15 {
		return "Some guides give only about 15 days; if in doubt, open it now."
	}
	return "Do not rely on the longer 30-day rule; if in doubt, open it now."
}

// deadlineAdvice states the receipt date, the window assumed, the last day to open a dispute and the days left.
func deadlineAdvice(received, deadline time.Time, left, window int) string {
	r, d := received.Format(time.DateOnly), deadline.Format(time.DateOnly)
	switch {
	case left < 0:
		return fmt.Sprintf("You received the goods on %s; %s the last day to open a dispute was %s, %d day%s ago. Open one from the order page anyway "+
			"and ask Alibaba.com to accept it (late and \"offline\" disputes are possible with proof of the receipt date or where fraud is suspected), "+
			"keep every chat record, and get legal advice if the amount matters.", r, windowRule(window), d, -left, plural(-left))
	case left == 0:
		return fmt.Sprintf("You received the goods on %s; %s today, %s, is the last day to open a dispute. Open it now from the order page with "+
			"photos, video and the inspection report. %s", r, windowRule(window), d, otherGuides(window))
	}
	return fmt.Sprintf("You received the goods on %s; %s the last day to open a dispute is %s — %d day%s left. %s Open it from the order page "+
		"with photos, video and the inspection report, and keep negotiating in the Alibaba.com chat.", r, windowRule(window), d, left, plural(left), otherGuides(window))
}

// noDateAdvice is the advice when the paste names a quality problem but no receipt date.
func noDateAdvice(window int) string {
	return fmt.Sprintf("Open a Trade Assurance dispute from the order page before the window closes — %s that is %d days after delivery "+
		"or confirmed receipt. %s Photograph and film the defects with the cartons and labels, keep the inspection report, and keep all negotiation "+
		"in the Alibaba.com chat.", windowRule(window), window, otherGuides(window))
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
