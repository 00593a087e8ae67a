package rules_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/knowledge"
)

// exampleNow is the clock of examples that do not pin one (see advisor.Example).
var exampleNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// newAdvisor is the real advisor every test and benchmark of this package uses.
func newAdvisor(tb testing.TB) *advisor.Advisor {
	tb.Helper()
	return advisor.New(rules.Default(), knowledge.NewIndex(knowledge.Builtin()), advisor.Config{})
}

// TestRuleExamples runs every rule's own hits and near misses through the
// real advisor (extraction, all rules, verdict), so a rule cannot silently
// stop firing or start firing on its near misses.
func TestRuleExamples(t *testing.T) {
	adv := newAdvisor(t)
	for _, r := range rules.Default().Rules {
		t.Run(r.ID, func(t *testing.T) {
			hits, misses := 0, 0
			for _, ex := range r.Examples {
				now := ex.Now
				if now.IsZero() {
					now = exampleNow
				}
				got := adv.Advise(advisor.Request{Text: ex.Text}, now)
				var flag *advisor.Flag
				for i := range got.Flags {
					if got.Flags[i].ID == r.ID {
						flag = &got.Flags[i]
					}
				}
				if ex.Miss {
					misses++
					if flag != nil {
						t.Errorf("near miss fired with evidence %q:\n%s", flag.Evidence, ex.Text)
					}
					continue
				}
				hits++
				switch {
				case flag == nil:
					t.Errorf("did not fire (flags %v):\n%s", flagIDs(got.Flags), ex.Text)
				case flag.Evidence != ex.Evidence:
					t.Errorf("evidence = %q, want %q:\n%s", flag.Evidence, ex.Evidence, ex.Text)
				}
			}
			if hits < 3 || misses < 3 {
				t.Errorf("rule has %d hits and %d near misses, want at least 3 of each", hits, misses)
			}
		})
	}
}

func flagIDs(fs []advisor.Flag) []string {
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.ID
	}
	return ids
}

// designIDs are the 30 rule IDs fixed by DESIGN.md.
var designIDs = []string{
	"off_platform_payment", "bank_account_change", "personal_beneficiary", "beneficiary_name_mismatch",
	"beneficiary_country_mismatch", "crypto_or_gift_card_payment", "price_too_low", "urgency_pressure",
	"unverified_supplier", "short_history", "low_ratings", "no_trade_assurance", "order_exceeds_ta_limit",
	"customized_goods_excluded", "intangible_goods_excluded", "stock_photos", "refuses_samples_or_inspection",
	"vague_communication", "off_platform_chat", "dispute_window_risk", "missing_documents",
	"trading_company_posing_as_factory", "counterfeit_ip_risk", "lookalike_domain", "free_email_domain",
	"full_upfront_payment", "fake_tracking_site", "supplier_impersonation", "suspicious_certificate",
	"prompt_injection_text",
}

// TestRulesetComplete checks that every design rule exists once and that
// every rule is fully documented.
func TestRulesetComplete(t *testing.T) {
	rs := rules.Default()
	if rs.Version == "" {
		t.Error("ruleset has no version")
	}
	seen := map[string]bool{}
	for _, r := range rs.Rules {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Severity.Rank() == 0 {
			t.Errorf("%s: bad severity %q", r.ID, r.Severity)
		}
		for name, v := range map[string]string{"Title": r.Title, "Source": r.Source, "Advice": r.Advice, "Trigger": r.Trigger, "Why": r.Why} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", r.ID, name)
			}
		}
		if r.Match == nil {
			t.Errorf("%s: no Match", r.ID)
		}
	}
	for _, id := range designIDs {
		if !seen[id] {
			t.Errorf("rule %s of DESIGN.md is missing", id)
		}
	}
}

// TestRuleSources checks that every rule cites a real section of the
// built-in guide.
func TestRuleSources(t *testing.T) {
	titles := map[string]bool{}
	for _, s := range knowledge.Builtin() {
		titles[s.Title] = true
	}
	for _, r := range rules.Default().Rules {
		if !titles[r.Source] {
			t.Errorf("%s: Source %q is not a section title of the built-in guide", r.ID, r.Source)
		}
	}
}

// TestEvidenceIsSubstring runs every example through every rule directly
// and checks each finding quotes the input exactly.
func TestEvidenceIsSubstring(t *testing.T) {
	rs := rules.Default()
	cfg := advisor.Config{DisputeWindowDays: advisor.DefaultDisputeWindowDays}
	for _, r := range rs.Rules {
		for _, ex := range r.Examples {
			facts := advisor.Extract(ex.Text, exampleNow)
			in := &advisor.Input{Text: ex.Text, Lower: strings.ToLower(ex.Text), Facts: &facts, Now: exampleNow, Config: &cfg}
			for _, r2 := range rs.Rules {
				f, ok := r2.Match(in)
				if !ok {
					continue
				}
				if f.Evidence == "" || !strings.Contains(ex.Text, f.Evidence) || !utf8.ValidString(f.Evidence) {
					t.Errorf("%s on an example of %s: evidence %q is not an exact substring", r2.ID, r.ID, f.Evidence)
				}
			}
		}
	}
}
