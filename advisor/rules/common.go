package rules

import (
	"strings"

	"tradeguard/advisor"
)

// Shared regexp fragments (lower case). Gaps between the parts of a phrase
// never cross a sentence end.
const (
	// gap60 is up to 60 bytes inside one sentence.
	gap60 = `[^.!?\n。！？]{0,60}?`
	gap40 = `[^.!?\n。！？]{0,40}?`
	gap80 = `[^.!?\n。！？]{0,80}?`
	// words3 is up to three words.
	words3 = `(?:[\w%$.,'/&*-]+\s+){0,3}?`
	words2 = `(?:[\w%$.,'/&*-]+\s+){0,2}?`
	// payWord is a word about moving money.
	payWord = `(?:pay|paid|paying|payment|payments|transfer|transferred|transferring|wire|wired|wiring|remit|remitted|remittance|deposit|balance|t/t|tt|send (?:the |us )?money|settle)`
	// acctWord is a word for a bank account.
	acctWord = `(?:bank account|account|acct|acc|a/c|bank details|banking details|bank information|bank info|beneficiary|payment details|payment information|receiving account|bank)`
)

// textMatch builds a Match function from phrases: the first phrase that
// matches gives the evidence.
func textMatch(ps phrases) func(in *advisor.Input) (advisor.Finding, bool) {
	return func(in *advisor.Input) (advisor.Finding, bool) {
		sc := scanOf(in)
		sp, ok := ps.find(sc)
		if !ok {
			return advisor.Finding{}, false
		}
		return advisor.Finding{Evidence: sc.text[sp.start:sp.end]}, true
	}
}

// evidence returns the text of sp.
func (sc *scan) evidence(sp span) advisor.Finding {
	return advisor.Finding{Evidence: sc.text[sp.start:sp.end]}
}

// factSpan returns where the fact's source text sits in the input, when the
// extractor recorded it and it is really there.
func factSpan(in *advisor.Input, sc *scan, field string) (span, bool) {
	s := in.Facts.Span(field)
	if strings.TrimSpace(s) == "" {
		return span{}, false
	}
	i := strings.Index(sc.text, s)
	if i < 0 {
		return span{}, false
	}
	sp := trimSpan(sc.text, span{i, i + len(s)})
	return sp, sp.ok()
}

// findFold returns the first case-insensitive occurrence of s in the input.
func findFold(sc *scan, s string) (span, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return span{}, false
	}
	if i := strings.Index(sc.text, s); i >= 0 {
		return span{i, i + len(s)}, true
	}
	ls := alignedLower(s)
	if i := strings.Index(sc.low, ls); i >= 0 {
		return span{i, i + len(ls)}, true
	}
	return span{}, false
}

// Paste-level contexts several rules share.

// taProtected matches text saying the payment goes through a Trade Assurance
// order or the platform's own checkout.
const taProtectedNot = `(?:not|never|no|don'?t|doesn'?t|didn'?t|won'?t|without|instead of|outside)\s+` + words2 + `(?:through|via|with|using|under|in|on)?\s*(?:a\s+|the\s+)?(?:trade assurance|ta\b|alibaba|secure payment|escrow|platform)|\$ ?0\b|us\s*\$\s*0\b|outside|off the platform`

// taProtected recognises a payment or order said to go through Trade Assurance or the Alibaba.com checkout.
var taProtected = phrases{
	newPhrase(`(?:trade assurance|\bta)\s+(?:order|orders|payment|checkout)\b|alibaba(?:\.com)?\s+(?:secure payment|checkout|pay later)|pay later|信保订单|走信保|通过信保|a través de (?:trade assurance|alibaba)`, taProtectedNot),
	// "through trade assurance", "in the order page"
	newBackPhrase([]string{"trade assurance", "|ta|", "secure payment", "escrow", "checkout", "order page"}, 40,
		`\b(?:through|via|with|using|under|in|by|on)\s+(?:a\s+|an\s+|the\s+)?(?:alibaba(?:\.com)?'?s?\s+)?(?:trade assurance|ta\b|secure payment|escrow|checkout|order page)`, taProtectedNot),
	// "pay the deposit in the order page", "paid on alibaba"
	newBackPhrase([]string{"order page", "alibaba", "platform"}, 60,
		`\b(?:pay|paid|paying|payment)\w*\s+`+words3+`(?:in|on|through|via)\s+(?:the\s+)?(?:alibaba(?:\.com)?\s+)?(?:order page|alibaba|platform)`, taProtectedNot),
}

// protectedPayment reports whether the paste says the money goes through a
// Trade Assurance order.
func protectedPayment(sc *scan) bool {
	return sc.memoize("protected", func() any {
		_, ok := taProtected.find(sc)
		return ok
	}).(bool)
}

// taLimitZero reports whether the facts say the supplier has no Trade
// Assurance limit.
func taLimitZero(in *advisor.Input) bool {
	l := in.Facts.TradeAssuranceLimitUSD
	return l != nil && *l <= 0
}
