package advisor

import (
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
