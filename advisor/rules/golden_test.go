package rules_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/pastes")

// goldenNow pins the clock of the end-to-end pastes (dispute deadlines).
var goldenNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// pasteExpect is what each end-to-end paste must show whatever the golden
// file says, so a careless -update cannot bless a regression.
var pasteExpect = map[string]struct {
	level     advisor.Level
	flags     []string
	forbidden []string
	escalate  bool
}{
	"01-bec-account-audit": {advisor.LevelCritical, []string{"bank_account_change", "urgency_pressure", "beneficiary_name_mismatch",
		"beneficiary_country_mismatch", "off_platform_payment", "supplier_impersonation"}, nil, true},
	"02-legit-verified-ta-order": {advisor.LevelLow, nil, advisor.PaymentDiversion, false},
	// High, not critical: nothing in the paste says money is about to move
	// (no order amount, no "please pay"): see verdict.go.
	"03-crypto-usdt":                  {advisor.LevelCritical, []string{"crypto_or_gift_card_payment", "price_too_low", "unverified_supplier", "short_history"}, nil, true},
	"04-cn-account-change":            {advisor.LevelCritical, []string{"bank_account_change", "urgency_pressure", "beneficiary_name_mismatch"}, nil, true},
	"05-es-cambio-cuenta":             {advisor.LevelCritical, []string{"bank_account_change", "urgency_pressure", "beneficiary_name_mismatch"}, nil, true},
	"06-legit-oem-custom":             {advisor.LevelLow, []string{"customized_goods_excluded"}, advisor.PaymentDiversion, false},
	"07-profile-unverified-new-store": {advisor.LevelCritical, []string{"unverified_supplier", "short_history", "low_ratings", "no_trade_assurance", "counterfeit_ip_risk", "full_upfront_payment", "off_platform_chat", "stock_photos", "trading_company_posing_as_factory"}, nil, true},
	"08-dispute-deadline":             {advisor.LevelHigh, []string{"dispute_window_risk"}, advisor.PaymentDiversion, true},
	"09-injection-in-pi":              {advisor.LevelCritical, []string{"prompt_injection_text", "personal_beneficiary", "full_upfront_payment", "off_platform_payment"}, nil, true},
	"10-legit-question":               {advisor.LevelLow, nil, append(slices.Clone(advisor.PaymentDiversion), "dispute_window_risk"), false},
}

// TestPastes runs realistic end-to-end pastes through the real advisor and
// compares the whole Advice with its golden JSON (go test -run TestPastes
// -update rewrites them; the answer text changes when answer composition
// does).
func TestPastes(t *testing.T) {
	adv := newAdvisor(t)
	files, err := filepath.Glob("testdata/pastes/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no pastes", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := adv.Advise(advisor.Request{Text: string(text)}, goldenNow)
			want, ok := pasteExpect[name]
			if !ok {
				t.Fatalf("no expectations for %s", name)
			}
			if got.Level != want.level {
				t.Errorf("level %s, want %s", got.Level, want.level)
			}
			for _, id := range want.flags {
				if !got.HasFlag(id) {
					t.Errorf("missing flag %s (got %v)", id, flagIDs(got.Flags))
				}
			}
			for _, id := range want.forbidden {
				if got.HasFlag(id) {
					t.Errorf("flag %s must not fire on a legitimate paste", id)
				}
			}
			if got.Escalate != want.escalate {
				t.Errorf("escalate %v, want %v (%s)", got.Escalate, want.escalate, got.EscalationReason)
			}
			for _, f := range got.Flags {
				if !strings.Contains(string(text), f.Evidence) {
					t.Errorf("%s: evidence %q is not in the paste", f.ID, f.Evidence)
				}
			}
			js, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			js = append(js, '\n')
			golden := strings.TrimSuffix(file, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, js, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			old, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./advisor/rules -run TestPastes -update)", err)
			}
			if !bytes.Equal(old, js) {
				t.Errorf("advice differs from %s (run with -update if the change is intended):\n%s", golden, js)
			}
		})
	}
}

// TestBenchPastesAreLegitimate guards the benchmark pastes, which are a
// genuine supplier (verified, inspection, Trade Assurance order, long chat
// history in English, Chinese and Spanish): they must come out low with no
// flag but the customized-goods note.
func TestBenchPastesAreLegitimate(t *testing.T) {
	adv := newAdvisor(t)
	for _, p := range benchPastes {
		text := readPaste(t, p.file)
		got := adv.Advise(advisor.Request{Text: text}, goldenNow)
		if got.Level != advisor.LevelLow || got.Escalate {
			t.Errorf("%s: level %s, escalate %v, want low", p.name, got.Level, got.Escalate)
		}
		for _, f := range got.Flags {
			if f.ID != "customized_goods_excluded" {
				t.Errorf("%s: unexpected flag %s (%q)", p.name, f.ID, f.Evidence)
			}
		}
	}
}
