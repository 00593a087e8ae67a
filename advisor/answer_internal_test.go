package advisor

import (
	"strings"
	"testing"

	"tradeguard/knowledge"
)

// BenchmarkCompose measures the answer alone (retrieval and composition,
// no extraction or rules) for a paste with four flags and a question, the
// part of BenchmarkAdvise this file owns.
func BenchmarkCompose(b *testing.B) {
	a := New(Ruleset{}, knowledge.NewIndex(knowledge.Builtin()), Config{})
	flags := []Flag{
		{ID: "off_platform_payment", Severity: SeverityCritical, Title: "Payment outside Trade Assurance",
			Evidence: "pay the 70% balance USD 18,500 to our new account at HSBC Hong Kong",
			Advice:   "Pay only inside the Trade Assurance order on Alibaba.com, to the account the order page shows.",
			Source:   "Payment Must Go to the Account Alibaba.com Designates"},
		{ID: "bank_account_change", Severity: SeverityCritical, Title: "Changed or new bank account",
			Evidence: "our company account is under annual audit", Source: "Bank Account Change Fraud",
			Advice: "Do not pay the new account. Call the supplier on the phone number shown on their Alibaba.com profile."},
		{ID: "urgency_pressure", Severity: SeverityMedium, Title: "Pressure to pay quickly",
			Evidence: "today, otherwise the container will miss the vessel", Source: "Pressure and Urgency Tactics",
			Advice: "Slow down: a real supplier can wait a day while you verify."},
		{ID: "off_platform_chat", Severity: SeverityMedium, Title: "Chat moved off the platform",
			Evidence: "Add me on WhatsApp", Source: "Moving the Conversation Off the Platform",
			Advice: "Keep price, specs, delivery dates and payment terms in the Alibaba.com chat."},
	}
	for _, bc := range []struct {
		name, question string
		flags          []Flag
	}{
		{"paste", "", flags},
		{"paste+question", "How long do I have to open a dispute if the goods are bad?", flags},
		{"question", "how many days do I have to open a dispute?", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				adv := Advice{Flags: bc.flags, Level: LevelCritical}
				if bc.flags == nil {
					adv.Level = LevelNone
				}
				a.compose(&adv, bc.question)
			}
		})
	}
}

func TestAnswerCarriesComputedDeadline(t *testing.T) {
	a := New(Ruleset{}, knowledge.NewIndex(knowledge.Builtin()), Config{})
	adv := Advice{Level: LevelHigh, Facts: Facts{DeliveryDate: "2026-05-04"}, Flags: []Flag{{
		ID: "dispute_window_risk", Severity: SeverityHigh, Title: "Dispute deadline at risk",
		Source: "Dispute Deadlines: 30 Days or 15?",
		Advice: "You received the goods on 2026-05-04; the last day to open a dispute is 2026-06-03 — 2 days left. Open it now.",
	}}}
	a.compose(&adv, "")
	if !strings.Contains(adv.Answer, "the last day to open a dispute is 2026-06-03 — 2 days left.") {
		t.Errorf("the computed deadline is missing from the answer:\n%s", adv.Answer)
	}
	if !strings.HasPrefix(adv.Answer, "High risk: act now.") {
		t.Errorf("after delivery the answer must not say 'do not pay yet':\n%s", adv.Answer)
	}
	adv.Facts = Facts{PaymentStatus: "pending"}
	a.compose(&adv, "")
	if !strings.HasPrefix(adv.Answer, "High risk: do not pay yet.") {
		t.Errorf("with money about to move: %s", adv.Answer)
	}
}

func TestDatedSentence(t *testing.T) {
	tests := map[string]string{
		"No date here. None at all.": "",
		"You received the goods on 2026-05-04; the last day is 2026-06-03 — 2 days left. Open it now.": "You received the goods on 2026-05-04; the last day is 2026-06-03 — 2 days left.",
		"First. The deadline passed on 2026-01-02":                                                     "The deadline passed on 2026-01-02",
	}
	for in, want := range tests {
		if got := datedSentence(in); got != want {
			t.Errorf("datedSentence(%q) = %q, want %q", in, got, want)
		}
	}
}
