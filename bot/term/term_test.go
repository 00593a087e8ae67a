package term_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/advisor/store/sqlite"
	"tradeguard/bot"
	"tradeguard/bot/term"
	"tradeguard/knowledge"
)

const scam = `Dear customer, our company bank account is under audit this month.
Kindly pay the balance USD 23,400 to our new account today, urgent:
Beneficiary: Li Wei, Bank of China, account 6217000010001234567`

func chat(t *testing.T, cases advisor.CaseService, input string) string {
	t.Helper()
	e := bot.NewEngine(advisor.New(rules.Default(), knowledge.NewIndex(knowledge.Builtin()), advisor.Config{}))
	e.Cases = cases
	var out strings.Builder
	c := &term.Chat{Engine: e, In: strings.NewReader(input), Out: &out}
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

var refRE = regexp.MustCompile(`ACE-\d{4}-\d{6}`)

func TestChatEscalate(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := chat(t, db, scam+"\n\nescalate\nyes\nmia@example.org\nThey want the money by Friday.\nquit\n")
	if !strings.Contains(out, bot.ConsentText) || !strings.Contains(out, "word for word") {
		t.Fatalf("the buyer was not shown what is shared and the consent text:\n%s", out)
	}
	ref := refRE.FindString(out)
	if ref == "" {
		t.Fatalf("no case reference:\n%s", out)
	}
	c, err := db.FindCaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if c.Buyer.Platform != "terminal" || c.Consent.Contact != "mia@example.org" || c.Consent.Note != "They want the money by Friday." ||
		c.Consent.Version != bot.ConsentVersion || len(c.Inputs) != 1 || !strings.Contains(c.Inputs[0], "6217000010001234567") ||
		c.Advice.Ruleset == "" || len(c.Transcript) != 2 {
		t.Errorf("stored case %+v", c)
	}

	// The buyer checks on it; a lawyer accepts; the buyer sees it.
	out = chat(t, db, "status "+strings.ToLower(ref)+"\nquit\n")
	if !strings.Contains(out, "waiting for a lawyer") {
		t.Errorf("status of a new case:\n%s", out)
	}
	if _, err := db.AcceptCase(context.Background(), ref, "Ana Li"); err != nil {
		t.Fatal(err)
	}
	out = chat(t, db, "status "+ref+"\nwithdraw "+ref+"\nquit\n")
	if !strings.Contains(out, "accepted by Ana Li") || !strings.Contains(out, "A lawyer has already taken case") {
		t.Errorf("after acceptance:\n%s", out)
	}
	if out := chat(t, db, "status ACE-2026-000999\nquit\n"); !strings.Contains(out, "No case ACE-2026-000999") {
		t.Errorf("unknown case:\n%s", out)
	}
}

func TestChatEscalateDeclineAndWithdraw(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := chat(t, db, "escalate\n"+scam+"\n\nescalate\nno\nquit\n")
	if !strings.Contains(out, "nothing to escalate yet") || !strings.Contains(out, "Cancelled; nothing was sent.") {
		t.Errorf("declined escalation:\n%s", out)
	}
	if cs, _ := db.FindCases(context.Background(), advisor.CaseFilter{}); len(cs) != 0 {
		t.Errorf("%d cases stored without consent", len(cs))
	}
	out = chat(t, db, scam+"\n\nescalate\nyes\n\n\nquit\n")
	ref := refRE.FindString(out)
	out = chat(t, db, "withdraw "+ref+"\nstatus "+ref+"\nquit\n")
	if !strings.Contains(out, "withdrawn at your request") {
		t.Errorf("withdrawal:\n%s", out)
	}
	c, _ := db.FindCaseByRef(context.Background(), ref)
	if c.Status != advisor.CaseWithdrawn || c.NoticeState != advisor.NoticeCancelled || len(c.Inputs) != 0 {
		t.Errorf("withdrawn case %s: %q notice %q inputs %d", ref, c.Status, c.NoticeState, len(c.Inputs))
	}
	// Escalating the same paste again is a new case, not the withdrawn one.
	out = chat(t, db, scam+"\n\nescalate\nyes\n\n\nquit\n")
	if again := refRE.FindString(out); again == "" || again == ref {
		t.Errorf("escalating again after withdrawing gave %q (withdrawn: %s):\n%s", again, ref, out)
	}
}

func TestChatWithoutStore(t *testing.T) {
	out := chat(t, nil, scam+"\n\nescalate\nstatus ACE-2026-000001\nquit\n")
	if !strings.Contains(out, "Escalation is not set up here; nothing was sent.") {
		t.Errorf("no store:\n%s", out)
	}
}
