package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/google/go-cmp/cmp"

	"tradeguard/advisor"
	"tradeguard/bot"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/<name>.golden.json (rewritten with -update).
func golden(t *testing.T, got any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	path := filepath.Join("testdata", strings.ReplaceAll(t.Name(), "/", "_")+".golden.json")
	if *updateGolden {
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(raw)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

var (
	testScope = Scope{Owner: "111111111111111111", Channel: "222222222222222222", Thread: "333333333333333333"}
	testTime  = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
)

func ptr[T any](v T) *T { return &v }

func criticalAdvice() advisor.Advice {
	return advisor.Advice{
		Level: advisor.LevelCritical,
		Score: 92,
		Flags: []advisor.Flag{
			{ID: "bank_account_change", Severity: advisor.SeverityCritical, Title: "Supplier changed bank details",
				Evidence: "we changed our bank account, please pay to the new account 6222 0210 0112 3456 789",
				Advice:   "Do not pay. Call the supplier on a number from their Alibaba.com profile and confirm the account in the platform chat.",
				Source:   "Payment safety"},
			{ID: "personal_beneficiary", Severity: advisor.SeverityHigh, Title: "Payment to a private person",
				Evidence: "Beneficiary: LI WEI", Advice: "A company should be paid into a company account.", Source: "Payment safety"},
			{ID: "urgency_pressure", Severity: advisor.SeverityMedium, Title: "Pressure to pay quickly",
				Evidence: "price valid today only", Advice: "Take your time; real deadlines survive a phone call.", Source: "Red flags"},
		},
		Facts:            advisor.Facts{SupplierName: "Shenzhen Example Co.", OrderAmountUSD: ptr(12000.0), PaymentMethod: "T/T", BeneficiaryName: "LI WEI"},
		Answer:           "Stop: this looks like bank-account-change fraud. Payments made outside Alibaba.com are not covered by Trade Assurance.\n\nConfirm any new bank details through the platform before paying.",
		Citations:        []advisor.Citation{{Title: "Payment safety", Source: "builtin:payment-safety.md"}, {Title: "What Trade Assurance covers", Source: "builtin:coverage.md"}},
		Escalate:         true,
		EscalationReason: "Critical risk with money about to move.",
		Ruleset:          "2026.11.0",
		AnswerSource:     "guide",
	}
}

func questionAdvice() advisor.Advice {
	return advisor.Advice{
		Level:     advisor.LevelNone,
		Flags:     []advisor.Flag{},
		Answer:    "Open a dispute within 30 days of confirmed receipt (some guides say 15). Attach photos, the contract and the chat.",
		Citations: []advisor.Citation{{Title: "Opening a dispute", Source: "builtin:disputes.md"}},
		Ruleset:   "2026.11.0", AnswerSource: "llm",
	}
}

func testCase(status advisor.CaseStatus) *advisor.Case {
	c := &advisor.Case{
		Ref: "ACE-2026-000123", Status: status, CreatedAt: testTime, UpdatedAt: testTime,
		Buyer:   advisor.Identity{Platform: "discord", UserID: testScope.Owner, UserName: "buyer_jo", Channel: testScope.Channel, Thread: testScope.Thread},
		Consent: advisor.Consent{Version: bot.ConsentVersion, At: testTime, Contact: "jo@example.com", Note: "I already paid the 30% deposit @everyone"},
		Inputs:  []string{"paste", "question"},
		Advice:  criticalAdvice(),
	}
	if status != advisor.CaseNew {
		c.Lawyer = "discord:999 Ana (lawyer)"
	}
	if status == advisor.CaseClosed {
		c.Resolution = "Recovered the deposit through the bank's recall procedure."
	}
	return c
}

func TestRender(t *testing.T) {
	tests := []struct {
		name string
		a    advisor.Advice
		v    View
	}{
		{"critical_ephemeral", criticalAdvice(), View{Scope: testScope, Share: true}},
		{"critical_thread", criticalAdvice(), View{Scope: testScope}},
		{"question", questionAdvice(), View{Scope: testScope, Share: true}},
		{"low_no_flags", advisor.Advice{Level: advisor.LevelLow, Score: 5, Answer: "Nothing alarming found.", Ruleset: "r1", Truncated: true}, View{Scope: testScope}},
		{"hostile_text", advisor.Advice{Level: advisor.LevelMedium, Score: 40,
			Flags: []advisor.Flag{{ID: "x", Severity: advisor.SeverityMedium, Title: "@here look",
				Evidence: "pay now @everyone <@123> <@&456> [alibaba.com](https://evil.example/pay)\u202e", Advice: "[safe](http://x.example)"}},
			Answer: "LLM says @everyone click [here](https://evil.example) <@!42>"}, View{Scope: testScope, Share: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := Render(tt.a, tt.v)
			for _, m := range msgs {
				checkLimits(t, m)
			}
			golden(t, msgs)
		})
	}
}

func TestRenderLevelInTitleAndColour(t *testing.T) {
	seen := map[int]bool{}
	for level, words := range bot.LevelWords {
		a := advisor.Advice{Level: level, Score: 50, Answer: "x"}
		e := Render(a, View{})[0].Embeds[0]
		if !strings.HasPrefix(e.Title, words) {
			t.Errorf("level %s: title %q does not start with %q", level, e.Title, words)
		}
		if seen[e.Color] {
			t.Errorf("level %s: colour %06x shared with another level", level, e.Color)
		}
		seen[e.Color] = true
	}
}

func TestRenderNeutralises(t *testing.T) {
	a := advisor.Advice{Level: advisor.LevelHigh, Score: 70,
		Flags:  []advisor.Flag{{Title: "t <@&1>", Evidence: "@everyone [x](https://a.example)", Advice: "@here"}},
		Answer: "@everyone <@1> <#2> [click](https://evil.example)", Citations: []advisor.Citation{{Title: "@here", Source: "[s](https://e.example)"}}}
	for _, msgs := range [][]Message{Render(a, View{Scope: testScope, Share: true}), RenderEvidence(a), {RenderShare(a, "")}} {
		raw, _ := json.Marshal(msgs)
		s := strings.ReplaceAll(string(raw), `\u200b`, zwsp)
		for _, bad := range []string{"@everyone", "@here", "<@1>", "<@&1>", "<#2>", "](https://"} {
			if strings.Contains(s, bad) {
				t.Errorf("rendered text contains live %q: %s", bad, s)
			}
		}
	}
}

// TestRenderLargest renders the largest advice the core could produce and
// checks every Discord limit on every message.
func TestRenderLargest(t *testing.T) {
	long := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }
	a := advisor.Advice{Level: advisor.LevelCritical, Score: 100, Escalate: true,
		EscalationReason: long("reason", 2000), Ruleset: long("v", 500), Truncated: true, AnswerSource: "llm",
		Answer: long("Ansẅer😀 with a longish sentence.", 3000)}
	for i := 0; i < 60; i++ {
		a.Flags = append(a.Flags, advisor.Flag{ID: fmt.Sprint("rule_", i), Severity: advisor.SeverityCritical,
			Title: long("Título", 300), Evidence: long("evidence😀", 5000), Advice: long("advice", 3000), Source: long("src", 100)})
	}
	for i := 0; i < 80; i++ {
		a.Citations = append(a.Citations, advisor.Citation{Title: long("Section", 80), Source: long("file", 80), Excerpt: long("x", 1000)})
	}
	huge := Scope{Owner: strings.Repeat("9", 40), Channel: strings.Repeat("8", 40), Thread: strings.Repeat("7", 40)}
	for _, v := range []View{{Scope: testScope, Share: true}, {Scope: huge, Share: true}} {
		msgs := Render(a, v)
		if len(msgs) > maxMessages {
			t.Errorf("%d messages, want at most %d", len(msgs), maxMessages)
		}
		for _, m := range msgs {
			checkLimits(t, m)
		}
		if len(msgs[0].Embeds) != 1 || msgs[0].Embeds[0].Description == "" {
			t.Errorf("first message lost its verdict or answer: %+v", msgs[0])
		}
	}
	for _, m := range RenderEvidence(a) {
		checkLimits(t, m)
	}
	checkLimits(t, RenderShare(a, testScope.Owner))
	c := testCase(advisor.CaseClosed)
	c.Advice, c.Resolution, c.Consent.Note, c.Consent.Contact, c.Lawyer = a, long("res", 3000), long("note", 3000), long("c", 3000), long("l", 3000)
	checkLimits(t, RenderLawyerCase(c))
	checkLimits(t, RenderCase(c))
	checkLimits(t, RenderBuyerNotice(advisor.Notice{Kind: advisor.NoticeCaseClosed, Case: c}, true))
	checkLimits(t, RenderConsent([]string{long("item", 3000), long("item", 3000)}, huge))
}

// checkLimits fails t when m breaks any of Discord's message limits.
func checkLimits(t *testing.T, m Message) {
	t.Helper()
	if n := dlen(m.Content); n > maxContent {
		t.Errorf("content is %d characters, limit %d", n, maxContent)
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		t.Errorf("empty message")
	}
	if len(m.Embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(m.Embeds))
	}
	total := 0
	for _, e := range m.Embeds {
		if n := dlen(e.Title); n > maxTitle {
			t.Errorf("title %d", n)
		}
		if n := dlen(e.Description); n > maxDescription {
			t.Errorf("description %d", n)
		}
		if len(e.Fields) > maxFields {
			t.Errorf("%d fields", len(e.Fields))
		}
		total += dlen(e.Title) + dlen(e.Description)
		for _, f := range e.Fields {
			if n := dlen(f.Name); n > maxFieldName || n == 0 {
				t.Errorf("field name %d", n)
			}
			if n := dlen(f.Value); n > maxFieldValue || n == 0 {
				t.Errorf("field value %d", n)
			}
			total += dlen(f.Name) + dlen(f.Value)
		}
		if e.Footer != nil {
			if n := dlen(e.Footer.Text); n > maxFooter {
				t.Errorf("footer %d", n)
			}
			total += dlen(e.Footer.Text)
		}
	}
	if total > maxEmbedTotal {
		t.Errorf("embeds total %d characters, limit %d", total, maxEmbedTotal)
	}
	if len(m.Components) > maxRows {
		t.Errorf("%d rows", len(m.Components))
	}
	for _, row := range m.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			t.Errorf("component %T is not a row", row)
			continue
		}
		if len(r.Components) > maxButtonsInRow {
			t.Errorf("%d buttons in a row", len(r.Components))
		}
		for _, c := range r.Components {
			b := c.(discordgo.Button)
			if len(b.CustomID) > maxCustomID || b.CustomID == "" {
				t.Errorf("custom id %q (%d)", b.CustomID, len(b.CustomID))
			}
			if dlen(b.Label) > maxLabel {
				t.Errorf("label %q", b.Label)
			}
		}
	}
}

func TestRenderOthers(t *testing.T) {
	tests := []struct {
		name string
		got  any
	}{
		{"evidence", RenderEvidence(criticalAdvice())},
		{"share", RenderShare(criticalAdvice(), testScope.Owner)},
		{"consent", RenderConsent(bot.Shared(bot.Conversation{Inputs: []string{"a", "b"}, Buyer: advisor.Identity{Platform: "discord"}}), testScope)},
		{"escalated", RenderEscalated(testCase(advisor.CaseNew))},
		{"case_new", RenderCase(testCase(advisor.CaseNew))},
		{"case_closed", RenderCase(testCase(advisor.CaseClosed))},
		{"lawyer_new", RenderLawyerCase(testCase(advisor.CaseNew))},
		{"lawyer_accepted", RenderLawyerCase(testCase(advisor.CaseAccepted))},
		{"lawyer_closed", RenderLawyerCase(testCase(advisor.CaseClosed))},
		{"buyer_accepted", RenderBuyerNotice(advisor.Notice{Kind: advisor.NoticeCaseAccepted, Case: testCase(advisor.CaseAccepted)}, true)},
		{"buyer_closed_private", RenderBuyerNotice(advisor.Notice{Kind: advisor.NoticeCaseClosed, Case: testCase(advisor.CaseClosed)}, true)},
		{"buyer_closed_thread", RenderBuyerNotice(advisor.Notice{Kind: advisor.NoticeCaseClosed, Case: testCase(advisor.CaseClosed)}, false)},
		{"help", RenderHelp()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			switch v := tt.got.(type) {
			case Message:
				checkLimits(t, v)
			case []Message:
				for _, m := range v {
					checkLimits(t, m)
				}
			}
			golden(t, tt.got)
		})
	}
}

func TestRenderShareRedacts(t *testing.T) {
	a := criticalAdvice()
	a.Answer = "Pay to account 6222021001123456789 or mail cindy.wang@163.com"
	raw, _ := json.Marshal(RenderShare(a, "1"))
	for _, secret := range []string{"6222 0210 0112 3456 789", "6222021001123456789", "cindy.wang@"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("shared summary contains %q: %s", secret, raw)
		}
	}
}
