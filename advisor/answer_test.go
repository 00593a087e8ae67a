package advisor_test

import (
	"os"
	"strings"
	"testing"

	"tradeguard/advisor"
	"tradeguard/knowledge"
)

// guideRule is a rule that fires on keyword kw and cites a guide section.
func guideRule(id string, sev advisor.Severity, kw, title, source, advice string) advisor.Rule {
	r := always(id, sev, kw)
	r.Title, r.Source, r.Advice = title, source, advice
	return r
}

// answerRules stand in for the real rules: each fires on a keyword and cites
// the built-in guide section the real rule cites.
var answerRules = advisor.Ruleset{Version: "answer-test", Rules: []advisor.Rule{
	guideRule("bank_account_change", advisor.SeverityCritical, "new account", "Bank account changed",
		"Bank Account Change Fraud", "Do not pay the new account. Call the supplier on a number you already know to confirm."),
	guideRule("personal_beneficiary", advisor.SeverityCritical, "cousin", "Payment to a personal account",
		"Payments to Personal or Third-Party Accounts", "Pay only the company account that Alibaba.com designates for the order."),
	guideRule("urgency_pressure", advisor.SeverityMedium, "today", "Pressure to pay now",
		"Pressure and Urgency Tactics", "Take your time; a real supplier waits a day for you to check."),
	guideRule("off_platform_chat", advisor.SeverityMedium, "whatsapp", "Chat moved off the platform",
		"Moving the Conversation Off the Platform", "Keep the conversation and every agreement in the Alibaba.com chat."),
	guideRule("stock_photos", advisor.SeverityLow, "stock photo", "Stock photos",
		"No Such Section In The Guide", "Ask for a video of the actual product."),
}}

var builtinIndex = knowledge.NewIndex(knowledge.Builtin())

func newAnswerAdvisor() *advisor.Advisor {
	return advisor.New(answerRules, builtinIndex, advisor.Config{})
}

// sectionBody returns the body of the built-in section titled title.
func sectionBody(t *testing.T, title string) string {
	t.Helper()
	for _, s := range builtinIndex.Sections() {
		if s.Title == title {
			return s.Body
		}
	}
	t.Fatalf("no built-in section %q", title)
	return ""
}

// checkGrounded checks that every citation quotes its section and that the
// answer's sentences come from the cited excerpts.
func checkGrounded(t *testing.T, adv advisor.Advice) {
	t.Helper()
	for _, c := range adv.Citations {
		if c.Title == "" || c.Source == "" || c.Excerpt == "" {
			t.Errorf("incomplete citation %+v", c)
			continue
		}
		body := sectionBody(t, c.Title)
		for _, part := range splitExcerpt(c.Excerpt) {
			if !strings.Contains(body, strings.TrimSuffix(part, ".")) {
				t.Errorf("citation of %q quotes %q, which is not in the section", c.Title, part)
			}
		}
		if c.Source != knowledge.BuiltinSource || c.Updated == "" {
			t.Errorf("citation %q: source %q updated %q", c.Title, c.Source, c.Updated)
		}
	}
}

// splitExcerpt cuts an excerpt at sentence ends, roughly; enough to check
// that each piece is quoted from its section.
func splitExcerpt(s string) []string {
	var out []string
	for _, p := range strings.SplitAfter(s, ". ") {
		if p = strings.TrimSpace(p); len(p) > 25 {
			out = append(out, p)
		}
	}
	return out
}

func TestAnswerQuestion(t *testing.T) {
	a := newAnswerAdvisor()
	tests := []struct {
		question string
		cite     string // a section the answer must cite
		says     string // words the answer must contain
	}{
		{"how many days do I have to open a dispute?", "Dispute Deadlines: 30 Days or 15?", "30"},
		{"is paying by T/T covered by TA?", "Accepted Payment Methods", "T/T"},
		{"is paying into a personal account covered by trade assurance?", "Payments to Personal or Third-Party Accounts", "account"},
		{"what is an NNN agreement?", "NNN Agreements", "NNN"},
		{"someone registered my brand in china what do i do", "Case: A Trademark Registered by Someone Else", "trademark"},
		{"como abrir una disputa en alibaba", "How to Open a Trade Assurance Dispute", "dispute"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			adv := a.Advise(advisor.Request{Text: tt.question}, now)
			if adv.Level != advisor.LevelNone || adv.AnswerSource != "guide" {
				t.Errorf("level %q source %q", adv.Level, adv.AnswerSource)
			}
			n := sentenceCount(adv.Answer)
			if n < 2 || n > 4 {
				t.Errorf("answer has %d sentences, want 2–4: %q", n, adv.Answer)
			}
			if !strings.Contains(strings.ToLower(adv.Answer), strings.ToLower(tt.says)) {
				t.Errorf("answer lacks %q: %q", tt.says, adv.Answer)
			}
			if !cites(adv, tt.cite) {
				t.Errorf("citations %q lack %q", citedTitles(adv), tt.cite)
			}
			checkGrounded(t, adv)
		})
	}
}

// sentenceCount counts sentence ends followed by a space or the end.
func sentenceCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '?' || s[i] == '!') && (i == len(s)-1 || s[i+1] == ' ' || s[i+1] == '\n') {
			n++
		}
	}
	return n
}

func cites(adv advisor.Advice, title string) bool {
	for _, c := range adv.Citations {
		if c.Title == title {
			return true
		}
	}
	return false
}

func citedTitles(adv advisor.Advice) []string {
	var out []string
	for _, c := range adv.Citations {
		out = append(out, c.Title)
	}
	return out
}

const auditPaste = "Dear buyer, our old account is under annual audit. Please pay the balance to our new account today, " +
	"the beneficiary is my cousin. Contact me on WhatsApp +86 138 0000 0000."

func TestAnswerPaste(t *testing.T) {
	a := newAnswerAdvisor()
	adv := a.Advise(advisor.Request{Text: auditPaste}, now)
	if len(adv.Flags) != 4 {
		t.Fatalf("flags %+v", adv.Flags)
	}
	if !strings.HasPrefix(adv.Answer, "Critical risk: do not pay. 4 red flags.\n") {
		t.Errorf("answer does not open with the verdict: %q", adv.Answer)
	}
	lines := strings.Split(adv.Answer, "\n")
	var steps []string
	for _, l := range lines {
		if strings.HasPrefix(l, "- ") {
			steps = append(steps, l)
		}
	}
	if len(steps) != 3 {
		t.Fatalf("want a step for each of the top 3 flags, got %q", steps)
	}
	for i, f := range adv.Flags[:3] {
		if !strings.HasPrefix(steps[i], "- "+f.Title+": ") || !strings.HasSuffix(steps[i], "(see “"+f.Source+"”)") {
			t.Errorf("step %d = %q, want flag %q citing %q", i, steps[i], f.Title, f.Source)
		}
		if strings.Contains(steps[i], f.Advice) {
			t.Errorf("step %d repeats the flag's advice: %q", i, steps[i])
		}
		if !cites(adv, f.Source) {
			t.Errorf("flag source %q not cited: %q", f.Source, citedTitles(adv))
		}
		// The step is a sentence of the cited section.
		step := strings.TrimSuffix(strings.TrimPrefix(steps[i], "- "+f.Title+": "), " (see “"+f.Source+"”)")
		if !strings.Contains(sectionBody(t, f.Source), step) {
			t.Errorf("step %q is not from %q", step, f.Source)
		}
	}
	if strings.Contains(adv.Answer, "Your question") {
		t.Errorf("a paste without a question got a question answer: %q", adv.Answer)
	}
	checkGrounded(t, adv)
}

func TestAnswerPasteAndQuestion(t *testing.T) {
	a := newAnswerAdvisor()
	adv := a.Advise(advisor.Request{Text: auditPaste + " How long do I have to open a dispute after the goods arrive?"}, now)
	verdict := strings.Index(adv.Answer, "Critical risk")
	question := strings.Index(adv.Answer, "Your question: ")
	if verdict != 0 || question < 0 {
		t.Fatalf("want the verdict, then the answer: %q", adv.Answer)
	}
	if !strings.Contains(adv.Answer[question:], "30") || !cites(adv, "Dispute Deadlines: 30 Days or 15?") {
		t.Errorf("question part %q, citations %q", adv.Answer[question:], citedTitles(adv))
	}
	checkGrounded(t, adv)
}

func TestAnswerVagueQuestionAboutPaste(t *testing.T) {
	a := newAnswerAdvisor()
	for _, q := range []string{"Is this legit?", "is this normal??", "what should I do now?", "Scam or not?"} {
		adv := a.Advise(advisor.Request{Text: auditPaste + "\n" + q}, now)
		if strings.Contains(adv.Answer, "Your question") {
			t.Errorf("%q got a guide answer of its own: %q", q, adv.Answer)
		}
		if got := a.Passages(q, adv); len(got) != 3 {
			t.Errorf("%q: %d passages, want the 3 flag sections only", q, len(got))
		}
	}
}

func TestAnswerFollowUp(t *testing.T) {
	a := newAnswerAdvisor()
	adv := a.Advise(advisor.Request{Context: auditPaste, Text: "can the bank recall the payment if I already paid?"}, now)
	if !strings.HasPrefix(adv.Answer, "Critical risk") || !strings.Contains(adv.Answer, "Your question: ") {
		t.Fatalf("follow-up answer %q", adv.Answer)
	}
	if !cites(adv, "Recovering Money After a Scam") {
		t.Errorf("citations %q lack Recovering Money After a Scam", citedTitles(adv))
	}
}

func TestAnswerLowRiskAndNothingFound(t *testing.T) {
	a := newAnswerAdvisor()
	adv := a.Advise(advisor.Request{Text: "hello there"}, now)
	if adv.Answer != advisor.NoGuideAnswer || len(adv.Citations) != 0 {
		t.Errorf("answer %q citations %d", adv.Answer, len(adv.Citations))
	}
	// A flag whose source the guide lacks still gets a step, from the
	// section that best matches its title, and cites that section.
	adv = a.Advise(advisor.Request{Text: "the listing uses a stock photo"}, now)
	if !strings.HasPrefix(adv.Answer, "Low risk. 1 red flag.") || len(adv.Citations) != 1 ||
		adv.Citations[0].Title != "Stock Photos and Unverifiable Products" {
		t.Errorf("answer %q citations %q", adv.Answer, citedTitles(adv))
	}
}

func TestAnswerWithoutGuide(t *testing.T) {
	a := advisor.New(answerRules, nil, advisor.Config{})
	adv := a.Advise(advisor.Request{Text: auditPaste + " how long do I have to open a dispute?"}, now)
	if !strings.HasPrefix(adv.Answer, "Critical risk") || !strings.Contains(adv.Answer, advisor.NoGuideAnswer) {
		t.Errorf("answer %q", adv.Answer)
	}
	if adv.Citations == nil || len(a.Passages("how long", adv)) != 0 {
		t.Error("citations must be an empty list and passages empty without a guide")
	}
}

func TestPassages(t *testing.T) {
	a := newAnswerAdvisor()
	q := "How long do I have to open a dispute?"
	adv := a.Advise(advisor.Request{Text: auditPaste + " " + q}, now)
	ps := a.Passages(q, adv)
	if len(ps) < 4 || len(ps) > 6 {
		t.Fatalf("%d passages", len(ps))
	}
	seen := map[string]bool{}
	for i, p := range ps {
		if p.ID != "G"+string(rune('1'+i)) {
			t.Errorf("passage %d has ID %q", i, p.ID)
		}
		if seen[p.Title] {
			t.Errorf("section %q twice", p.Title)
		}
		seen[p.Title] = true
		if p.Source != knowledge.BuiltinSource || p.Updated == "" || len(p.Text) < 200 || len(p.Text) > 1300 {
			t.Errorf("passage %+v", p)
		}
		if !strings.Contains(sectionBody(t, p.Title), p.Text) {
			t.Errorf("passage %s is not a window of %q", p.ID, p.Title)
		}
	}
	// Flag sources first, in flag order, then the question's sections.
	for i, f := range adv.Flags[:3] {
		if ps[i].Title != f.Source {
			t.Errorf("passage %d is %q, want flag source %q", i, ps[i].Title, f.Source)
		}
	}
	if !seen["Dispute Deadlines: 30 Days or 15?"] {
		t.Errorf("passages %v lack the deadline section", seen)
	}
	// Pure: same input, same passages.
	again := a.Passages(q, adv)
	for i := range ps {
		if ps[i] != again[i] {
			t.Fatalf("Passages is not deterministic")
		}
	}
}

// TestAnswerFromOperatorGuide loads the seed article as an operator's file
// and checks that answers cite it by file name.
func TestAnswerFromOperatorGuide(t *testing.T) {
	seed, errs := knowledge.LoadPaths("../knowledge/testdata/trade-assurance-guide.txt")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	a := advisor.New(answerRules, knowledge.NewIndex(append(knowledge.Builtin(), seed...)), advisor.Config{})
	adv := a.Advise(advisor.Request{Text: "what are the steps for resolution after initiating a dispute?"}, now)
	found := false
	for _, c := range adv.Citations {
		if c.Source == "trade-assurance-guide.txt" && (c.Title == "Steps for Resolution" || c.Title == "Initiating a Dispute") {
			found = true
		}
	}
	if !found {
		t.Errorf("citations %+v do not cite the operator's file", adv.Citations)
	}
}

// BenchmarkAnswer measures Advise on the 4 KiB realistic paste with
// retrieval and answer composition (the stand-in rules are cheap, so this is
// mostly extraction plus the answer), and a question alone.
func BenchmarkAnswer(b *testing.B) {
	paste, err := os.ReadFile("testdata/extract/bench_4k.txt")
	if err != nil {
		b.Fatal(err)
	}
	a := newAnswerAdvisor()
	text := string(paste) + "\n" + auditPaste + " How long do I have to open a dispute?"
	b.Run("paste4KiB", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.Advise(advisor.Request{Text: text}, now)
		}
	})
	b.Run("question", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a.Advise(advisor.Request{Text: "how many days do I have to open a dispute?"}, now)
		}
	})
}
