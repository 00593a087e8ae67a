package slack

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
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"tradeguard/advisor"
	"tradeguard/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares v, as indented JSON, with testdata/<test name>.golden.json.
func golden(t *testing.T, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // readable goldens; the wire form differs only in escapes
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", strings.ReplaceAll(t.Name(), "/", "_")+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func f64(v float64) *float64 { return &v }

// criticalAdvice is a hand-made verdict on a bank-account-change scam, so the
// goldens do not move when the rules or the guide change.
func criticalAdvice() advisor.Advice {
	return advisor.Advice{
		Level: advisor.LevelCritical,
		Score: 76,
		Flags: []advisor.Flag{
			{ID: "urgency_pressure", Severity: advisor.SeverityMedium, Title: "Pressure to pay quickly",
				Evidence: "kindly pay asap", Advice: "Slow down: scammers rush you.", Source: "Red flags"},
			{ID: "bank_account_change", Severity: advisor.SeverityCritical, Title: "The supplier says its bank account changed",
				Evidence: "our bank account is under audit, kindly pay the balance USD 23,400 to our new account",
				Advice:   "Do not pay. Call the supplier on a number you already had and pay only through Alibaba.com.", Source: "Payment safety"},
			{ID: "free_email_domain", Severity: advisor.SeverityLow, Title: "Free e-mail address",
				Evidence: "sales.cindy@163.com", Advice: "Real factories write from their own domain.", Source: "Red flags"},
		},
		Facts:            advisor.Facts{OrderAmountUSD: f64(23400)},
		Answer:           "Do not pay this invoice. A change of bank account announced by e-mail is the most common way buyers lose money.\n\nCall the supplier on a number you had before, and pay only through the Alibaba.com order page, so Trade Assurance covers you.",
		Citations:        []advisor.Citation{{Title: "Bank-account-change fraud", Source: "built-in guide", Excerpt: "…", Updated: "2026-11"}, {Title: "Paying through Alibaba.com", Source: "built-in guide"}},
		Escalate:         true,
		EscalationReason: "The verdict is critical: money is at risk of going to the wrong party.",
		Ruleset:          "2026.11.0",
		AnswerSource:     "guide",
	}
}

var buyerRef = ConvRef{Channel: "C0SOURCING", User: "U0BUYER01"}

func TestBlocks(t *testing.T) {
	question := advisor.Advice{Level: advisor.LevelNone, Flags: []advisor.Flag{}, Answer: "You have 30 days after confirmed receipt to open a dispute (some guides say 15; check your order page).",
		Citations: []advisor.Citation{{Title: "Opening a dispute", Source: "built-in guide"}}, Ruleset: "2026.11.0", AnswerSource: "guide"}
	llm := criticalAdvice()
	llm.AnswerSource = "llm"
	llm.Answer = "An AI answer that mentions <!channel> & <@U0LAWYER> and <https://evil.example|alibaba.com>."
	tests := []struct {
		name string
		adv  advisor.Advice
		opt  Options
	}{
		{"Critical", criticalAdvice(), Options{Ref: buyerRef, Share: true}},
		{"CriticalPending", criticalAdvice(), Options{Ref: buyerRef, Share: true, Pending: true}},
		{"CriticalInDM", criticalAdvice(), Options{Ref: ConvRef{Channel: "D0BUYERDM", Thread: "1780000200.000300", User: "U0BUYER01"}, Share: true}},
		{"NoButtons", criticalAdvice(), Options{}},
		{"Question", question, Options{Ref: buyerRef, Share: true}},
		{"LLMAnswer", llm, Options{Ref: buyerRef}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := Blocks(tt.adv, tt.opt)
			checkLimits(t, blocks)
			golden(t, blocks)
		})
	}
}

func TestEvidencePages(t *testing.T) { golden(t, EvidencePages(criticalAdvice())) }
func TestShareBlocks(t *testing.T)   { golden(t, ShareBlocks(criticalAdvice(), "U0BUYER01")) }
func TestHelpBlocks(t *testing.T)    { golden(t, HelpBlocks("/tradeguard")) }
func TestPasteView(t *testing.T) {
	golden(t, PasteView(viewMeta{Channel: "C0SOURCING", User: "U0BUYER01"}))
}
func TestCloseView(t *testing.T) {
	golden(t, CloseView("ACE-2026-000123", viewMeta{Ref: "ACE-2026-000123"}))
}
func TestFallbackText(t *testing.T) {
	golden(t, []string{FallbackText(criticalAdvice()), FallbackText(advisor.Advice{Level: advisor.LevelNone})})
}
func TestConsentView(t *testing.T)        { golden(t, ConsentView(testConversation(), viewMeta{Key: "k"})) }
func TestCaseBlocksForBuyer(t *testing.T) { golden(t, CaseBlocks(testCase(advisor.CaseNew))) }

func testConversation() bot.Conversation {
	return bot.Conversation{Key: "slack:C0SOURCING:u:U0BUYER01", Inputs: []string{"paste one", "question two"},
		Buyer: advisor.Identity{Platform: "slack", UserID: "U0BUYER01"}, Last: criticalAdvice()}
}

func testCase(status advisor.CaseStatus) *advisor.Case {
	at := time.Date(2026, 6, 1, 10, 5, 0, 0, time.UTC)
	c := &advisor.Case{Ref: "ACE-2026-000123", Status: status, CreatedAt: at, UpdatedAt: at.Add(time.Hour),
		Buyer:   advisor.Identity{Platform: "slack", UserID: "U0BUYER01", UserName: "buyer", TeamID: "T9TK3CUKW", Channel: "C0SOURCING"},
		Consent: advisor.Consent{At: at, Version: bot.ConsentVersion, Contact: "buyer@example.com", Note: "We pay today.\n<!here> please hurry"},
		Advice:  criticalAdvice()}
	switch status {
	case advisor.CaseAccepted:
		c.Lawyer = "slack:U0LAWYER"
	case advisor.CaseClosed:
		c.Lawyer, c.Resolution = "slack:U0LAWYER", "Bank recall filed; do not pay the new account."
	}
	return c
}

func TestLawyerBlocks(t *testing.T) {
	for _, s := range []advisor.CaseStatus{advisor.CaseNew, advisor.CaseAccepted, advisor.CaseClosed, advisor.CaseWithdrawn} {
		t.Run(string(s), func(t *testing.T) {
			blocks := LawyerBlocks(testCase(s))
			checkLimits(t, blocks)
			golden(t, blocks)
		})
	}
}

// TestBlocksEscapeUserText: pasted and LLM text cannot ping the channel,
// mention someone or show a disguised link.
func TestBlocksEscapeUserText(t *testing.T) {
	evil := "<!channel> <!here> <@U0LAWYER> <https://evil.example|alibaba.com> &amp; >quote"
	a := criticalAdvice()
	for i := range a.Flags {
		a.Flags[i].Evidence = evil
		a.Flags[i].Title = evil
	}
	a.Answer = evil
	a.EscalationReason = evil
	a.Citations = []advisor.Citation{{Title: evil, Source: evil}}
	c := testCase(advisor.CaseClosed)
	c.Advice = a
	c.Consent.Note, c.Consent.Contact, c.Resolution = evil, evil, evil
	c.Buyer.UserName = evil
	c.Lawyer = "slack:U0OTHER"
	renders := map[string]any{
		"Blocks":        Blocks(a, Options{Ref: buyerRef, Share: true}),
		"EvidencePages": EvidencePages(a),
		"ShareBlocks":   ShareBlocks(a, "U0BUYER01"),
		"LawyerBlocks":  LawyerBlocks(c),
		"CaseBlocks":    CaseBlocks(c),
	}
	for name, v := range renders {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		collectText(t, raw, &text)
		for _, bad := range []string{"<!channel>", "<!here>", "<@U0LAWYER>", "<https://", "&amp; &gt;", ">quote"} {
			if strings.Contains(text.String(), bad) && !(bad == ">quote" && strings.Contains(text.String(), "&gt;quote")) {
				t.Errorf("%s: %q reached Slack unescaped", name, bad)
			}
		}
		if !strings.Contains(text.String(), "&lt;!channel&gt;") {
			t.Errorf("%s: escaped text missing", name)
		}
	}
}

// collectText gathers every "text" of every text object in raw.
func collectText(t *testing.T, raw []byte, out *strings.Builder) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				out.WriteString(s + "\n")
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
}

func u16len(s string) int { return len(utf16.Encode([]rune(s))) }

// checkLimits fails when a message breaks one of Slack's Block Kit limits
// or our budget for one message.
func checkLimits(t *testing.T, blocks []slack.Block) {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) > maxBlocks {
		t.Errorf("%d blocks, Slack allows %d", len(list), maxBlocks)
	}
	total := 0
	text := func(where string, o any, max int) {
		m, _ := o.(map[string]any)
		if m == nil {
			return
		}
		s, _ := m["text"].(string)
		if s == "" {
			t.Errorf("%s: empty text object", where)
		}
		if n := u16len(s); n > max {
			t.Errorf("%s: %d characters, limit %d", where, n, max)
		}
		total += u16len(s)
	}
	for i, b := range list {
		where := fmt.Sprintf("block %d (%s)", i, b["type"])
		switch b["type"] {
		case "header":
			text(where, b["text"], maxHeader)
		case "section":
			if b["text"] == nil && b["fields"] == nil {
				t.Errorf("%s: neither text nor fields", where)
			}
			if b["text"] != nil {
				text(where, b["text"], maxText)
			}
			fields, _ := b["fields"].([]any)
			if len(fields) > 10 {
				t.Errorf("%s: %d fields, limit 10", where, len(fields))
			}
			for _, f := range fields {
				text(where+" field", f, maxField)
			}
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > maxContextElts {
				t.Errorf("%s: %d elements, want 1..%d", where, len(els), maxContextElts)
			}
			for _, e := range els {
				text(where, e, maxText)
			}
		case "actions":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > 25 {
				t.Errorf("%s: %d elements", where, len(els))
			}
			for _, e := range els {
				el := e.(map[string]any)
				text(where+" button", el["text"], maxButtonText)
				if v, _ := el["value"].(string); len(v) > maxButtonValue {
					t.Errorf("%s: button value of %d characters, limit %d", where, len(v), maxButtonValue)
				}
				if id, _ := el["action_id"].(string); id == "" || len(id) > 255 {
					t.Errorf("%s: action_id %q", where, id)
				}
			}
		case "input":
			text(where+" label", b["label"], 2000)
			el := b["element"].(map[string]any)
			if ml, _ := el["max_length"].(float64); ml < 1 || ml > maxInputLength {
				t.Errorf("%s: max_length %v", where, ml)
			}
			if el["placeholder"] != nil {
				text(where+" placeholder", el["placeholder"], 150)
			}
		case "divider":
		default:
			t.Errorf("%s: unexpected block type", where)
		}
		if id, _ := b["block_id"].(string); len(id) > 255 {
			t.Errorf("%s: block_id too long", where)
		}
	}
	if total > msgBudget+500 {
		t.Errorf("%d characters of text in one message; budget %d (Slack fails near 13,200)", total, msgBudget)
	}
}

// checkView checks a modal's own limits and its blocks.
func checkView(t *testing.T, v slack.ModalViewRequest) {
	t.Helper()
	for what, o := range map[string]*slack.TextBlockObject{"title": v.Title, "submit": v.Submit, "close": v.Close} {
		if o != nil && u16len(o.Text) > maxModalTitle {
			t.Errorf("modal %s %q longer than %d", what, o.Text, maxModalTitle)
		}
	}
	if len(v.PrivateMetadata) > maxMetadata {
		t.Errorf("private_metadata of %d characters", len(v.PrivateMetadata))
	}
	if len(v.Blocks.BlockSet) > 100 {
		t.Errorf("%d blocks in a modal", len(v.Blocks.BlockSet))
	}
	checkLimits(t, v.Blocks.BlockSet)
}

// largestAdvice is as big as an Advice gets: every rule fired on a maximal
// paste (30 flags with long evidence full of characters that expand when
// escaped, astral emoji), a long answer and many citations.
func largestAdvice() advisor.Advice {
	long := func(seed string, n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(seed)
		}
		return b.String()
	}
	a := advisor.Advice{Level: advisor.LevelCritical, Score: 99, Escalate: true,
		EscalationReason: long("Reason & <why> 💸 ", 5000), Answer: long("An answer line with & and <tags> 🧾\n", 40000),
		Ruleset: long("v", 500), Truncated: true, AnswerSource: "llm"}
	for i := range 30 {
		a.Flags = append(a.Flags, advisor.Flag{ID: fmt.Sprintf("rule_%d", i), Severity: advisor.SeverityCritical,
			Title: long("Title & <x> ", 400), Evidence: long("IBAN DE89 3704 0044 0532 0130 00 & <a> 💰\n", 8000),
			Advice: long("Do this & <that> ", 3000), Source: long("Guide section ", 400)})
	}
	for range 40 {
		a.Citations = append(a.Citations, advisor.Citation{Title: long("Cited & <title> ", 500), Source: long("file ", 300), Updated: long("2026", 50)})
	}
	return a
}

func TestLargestAdviceRespectsLimits(t *testing.T) {
	a := largestAdvice()
	ref := ConvRef{Channel: "C0123456789ABCDEFGHIJ", Thread: "1780000000.000000", User: "U0123456789ABCDEFGHIJ"}
	t.Run("Blocks", func(t *testing.T) {
		blocks := Blocks(a, Options{Ref: ref, Share: true, Pending: true})
		checkLimits(t, blocks)
		// Even the largest answer fits a Socket Mode acknowledgement (< 20 KB
		// as slack-go encodes it); bigger payloads would go to response_url.
		if raw, _ := json.Marshal(ephemeralMsg(FallbackText(a), blocks)); tooBigForAck(ephemeralMsg(FallbackText(a), blocks)) {
			t.Errorf("the largest answer is %d bytes, too big for a Socket Mode ack", len(raw))
		}
		if !tooBigForAck(map[string]string{"text": strings.Repeat("&lt;", 3000)}) {
			t.Errorf("a 27 KB payload is not detected as too big for a Socket Mode ack")
		}
	})
	t.Run("EvidencePages", func(t *testing.T) {
		pages := EvidencePages(a)
		if len(pages) > maxPages {
			t.Errorf("%d pages, response_url allows %d posts", len(pages), maxPages)
		}
		for _, p := range pages {
			checkLimits(t, p)
		}
	})
	t.Run("ShareBlocks", func(t *testing.T) { checkLimits(t, ShareBlocks(a, ref.User)) })
	t.Run("LawyerBlocks", func(t *testing.T) {
		c := testCase(advisor.CaseClosed)
		c.Advice = a
		c.Ref = strings.Repeat("R", 500)
		c.Consent.Note = a.Answer
		c.Consent.Contact = a.Answer
		c.Resolution = a.Answer
		c.Buyer.UserName = a.Answer
		checkLimits(t, LawyerBlocks(c))
		checkLimits(t, CaseBlocks(c))
	})
	t.Run("Views", func(t *testing.T) {
		conv := testConversation()
		conv.Buyer.Platform = strings.Repeat("p", 1000)
		for range 500 {
			conv.Inputs = append(conv.Inputs, a.Answer)
		}
		meta := viewMeta{Channel: ref.Channel, Thread: ref.Thread, User: ref.User, ResponseURL: "https://hooks.slack.com/commands/" + strings.Repeat("x", 200),
			Key: "slack:T0123456789:" + ref.Channel + ":" + ref.Thread + ":" + ref.User}
		checkView(t, ConsentView(conv, meta))
		checkView(t, PasteView(meta))
		checkView(t, CloseView(strings.Repeat("R", 500), viewMeta{Ref: "ACE-2026-000123", Channel: ref.Channel, MessageTS: ref.Thread}))
		checkView(t, statusView(strings.Repeat("T", 100), clip(a.Answer, maxText)))
	})
}

// TestShareBlocksRedacted: the public summary of a paste full of bank and
// contact details contains none of them.
func TestShareBlocksRedacted(t *testing.T) {
	e := testEngine(t)
	adv := e.Advise(t.Context(), advisor.Request{Text: scamPaste, Platform: "slack", Channel: "C0SOURCING", User: "U0BUYER01"})
	if len(adv.Flags) < 2 {
		t.Fatalf("test rules found %d flags, want at least 2", len(adv.Flags))
	}
	raw, _ := json.Marshal(ShareBlocks(adv, "U0BUYER01"))
	for _, secret := range []string{"DE89370400440532013000", "6222021001123456789", "sales.cindy", "Zhang Wei", "23,400", "under audit"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("shared summary contains %q:\n%s", secret, raw)
		}
	}
	for _, f := range adv.Flags {
		if !bytes.Contains(raw, []byte(f.Title)) {
			t.Errorf("shared summary lacks the flag title %q", f.Title)
		}
	}
}

func TestConvRefRoundTrip(t *testing.T) {
	tests := []struct {
		in   string
		want ConvRef
		ok   bool
	}{
		{"v1|C0SOURCING||U0BUYER01", ConvRef{Channel: "C0SOURCING", User: "U0BUYER01"}, true},
		{"v1|D0BUYERDM|1780000200.000300|U0BUYER01", ConvRef{Channel: "D0BUYERDM", Thread: "1780000200.000300", User: "U0BUYER01"}, true},
		{"v1|C0SOURCING||U0BUYER01|x", ConvRef{}, false},
		{"v2|C0SOURCING||U0BUYER01", ConvRef{}, false},
		{"v1|c0sourcing||U0BUYER01", ConvRef{}, false},
		{"v1|C0SOURCING|abc|U0BUYER01", ConvRef{}, false},
		{"v1|C0SOURCING||", ConvRef{}, false},
		{"", ConvRef{}, false},
	}
	for _, tt := range tests {
		got, ok := parseConvRef(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseConvRef(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}
