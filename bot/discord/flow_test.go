package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
	"tradeguard/bot"
	"tradeguard/knowledge"
)

func buyer() map[string]any  { return member(buyerID, "buyer_jo") }
func lawyer() map[string]any { return member(lawyerID, "ana", "800000000000000001") }

// sentBody decodes the JSON body of a recorded request.
func sentBody(t *testing.T, r fakeReq) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s body %q: %v", r.Method, r.Path, r.Body, err)
	}
	return m
}

// TestEscalationFlow: a buyer's verdict, Escalate, the consent step, Confirm:
// one case is created, the buyer gets the reference, and the lawyers'
// channel on the fake REST API gets the case with Accept and Close.
func TestEscalationFlow(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	_, out := tb.post(t, mustJSON(t, slashAsk("4001", fraudPaste)))
	esc := buttonIDs(out.Data.Components)[0]
	if !strings.HasPrefix(esc, "tg:esc:") {
		t.Fatalf("no Escalate button: %v", buttonIDs(out.Data.Components))
	}

	// Someone else cannot press it.
	_, other := tb.post(t, mustJSON(t, click("4002", esc, channelID, member("500000000000000077", "mallory"), "m-verdict")))
	if other.Data.Content != msgNotOwner || other.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("another user's click: %+v", other.Data)
	}

	// The consent step lists what is shared and the consent text.
	_, consent := tb.post(t, mustJSON(t, click("4003", esc, channelID, buyer(), "m-verdict")))
	if consent.Type != discordgo.InteractionResponseChannelMessageWithSource || consent.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Fatalf("consent step: type %d flags %d", consent.Type, consent.Data.Flags)
	}
	desc := consent.Data.Embeds[0].Description
	conv, _ := tb.Engine.Conversation(advisor.Request{Platform: "discord", User: buyerID, Channel: channelID})
	for _, item := range append(bot.Shared(conv), bot.ConsentText) {
		if !strings.Contains(desc, item) {
			t.Errorf("consent step does not show %q:\n%s", item, desc)
		}
	}
	confirm := buttonIDs(consent.Data.Components)[0]
	if tb.cases.n != 0 {
		t.Fatal("a case was created before consent")
	}

	// Confirm: acknowledged at once, then the consent message shows the reference.
	_, ack := tb.post(t, mustJSON(t, click("4004", confirm, channelID, buyer(), "m-consent")))
	if ack.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("confirm answered with type %d, want a deferred update", ack.Type)
	}
	edited := tb.f.waitFor("PATCH", "/webhooks/"+fakeAppID+"/tok-4004/messages/@original")
	if !strings.Contains(string(edited.Body), "ACE-2026-000001") {
		t.Errorf("the buyer was not given the reference: %s", edited.Body)
	}
	posted := tb.f.waitFor("POST", "/channels/700000000000000001/messages")
	body := string(posted.Body)
	for _, want := range []string{"ACE-2026-000001", "tg:acc:ACE-2026-000001", "tg:close:ACE-2026-000001", `"allowed_mentions":{"parse":[]`, `"enforce_nonce":true`} {
		if !strings.Contains(body, want) {
			t.Errorf("lawyers' channel message lacks %q: %s", want, body)
		}
	}
	c, _ := tb.cases.FindCaseByRef(context.Background(), "ACE-2026-000001")
	if c.Consent.IdempotencyKey != "discord:consent:m-consent" || c.Buyer.UserID != buyerID || c.Buyer.UserName != "buyer_jo" || len(c.Inputs) != 1 {
		t.Errorf("case %+v", c)
	}

	// A second confirm on the same consent message (double click) makes no second case.
	tb.post(t, mustJSON(t, click("4005", confirm, channelID, buyer(), "m-consent")))
	again := tb.f.waitFor("PATCH", "/webhooks/"+fakeAppID+"/tok-4005/messages/@original")
	if !strings.Contains(string(again.Body), "ACE-2026-000001") || tb.cases.n != 1 {
		t.Errorf("double confirm: %d cases, reply %s", tb.cases.n, again.Body)
	}
	if n := len(tb.f.match("POST", "/channels/700000000000000001/messages")); n != 1 {
		t.Errorf("lawyers' channel got %d posts, want 1", n)
	}
}

func TestEscalationWithNote(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	tb.post(t, mustJSON(t, slashAsk("4101", fraudPaste)))
	s := Scope{Owner: buyerID, Channel: channelID}
	_, m := tb.post(t, mustJSON(t, click("4102", s.customID(actNote), channelID, buyer(), "m-consent")))
	if m.Type != discordgo.InteractionResponseModal || m.Data.CustomID != s.customID(actNoteModal) {
		t.Fatalf("note: type %d id %q", m.Type, m.Data.CustomID)
	}
	tb.post(t, mustJSON(t, modalSubmit("4103", s.customID(actNoteModal), channelID, buyer(),
		map[string]string{"contact": "jo@example.com", "note": "I paid 30% already"}, "m-consent")))
	tb.f.waitFor("PATCH", "/tok-4103/messages/@original")
	c, err := tb.cases.FindCaseByRef(context.Background(), "ACE-2026-000001")
	if err != nil || c.Consent.Contact != "jo@example.com" || c.Consent.Note != "I paid 30% already" {
		t.Errorf("case %+v, %v", c, err)
	}
}

func TestEscalationUnavailable(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	tb.Engine.Cases = nil
	tb.post(t, mustJSON(t, slashAsk("4201", fraudPaste)))
	s := Scope{Owner: buyerID, Channel: channelID}
	tb.post(t, mustJSON(t, click("4202", s.customID(actConfirm), channelID, buyer(), "m-consent")))
	edited := tb.f.waitFor("PATCH", "/tok-4202/messages/@original")
	if !strings.Contains(string(edited.Body), "not set up") {
		t.Errorf("want the unavailable message, got %s", edited.Body)
	}
}

func TestExpiredConversation(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	s := Scope{Owner: buyerID, Channel: "600000000000000099"}
	for _, act := range []string{actEscalate, actEvidence, actShare} {
		_, out := tb.post(t, mustJSON(t, click("4301"+act, s.customID(act), s.Channel, buyer(), "m")))
		if out.Data == nil || out.Data.Content != msgExpired {
			t.Errorf("%s on an unknown conversation: %+v", act, out.Data)
		}
	}
}

func TestEvidenceAndShare(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	paste := fraudPaste + " Account 6222021001123456789, mail cindy.wang@163.com."
	tb.post(t, mustJSON(t, slashAsk("4401", paste)))
	s := Scope{Owner: buyerID, Channel: channelID}
	_, ev := tb.post(t, mustJSON(t, click("4402", s.customID(actEvidence), channelID, buyer(), "m")))
	if ev.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(ev.Data.Content, "changed our bank account") {
		t.Errorf("evidence: %+v", ev.Data)
	}
	_, sh := tb.post(t, mustJSON(t, click("4403", s.customID(actShare), channelID, buyer(), "m")))
	if sh.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("shared summary is ephemeral")
	}
	raw, _ := json.Marshal(sh.Data.Embeds)
	for _, secret := range []string{"6222021001123456789", "cindy.wang"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("shared summary leaks %q: %s", secret, raw)
		}
	}
}

func TestCaseCommand(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	tb.cases.CreateCase(context.Background(), &advisor.Case{Buyer: advisor.Identity{Platform: "discord", UserID: buyerID},
		Consent: advisor.Consent{IdempotencyKey: "k1"}})
	ask := func(id, user, ref string) string {
		in := interaction(id, discordgo.InteractionApplicationCommand, channelID, member(user, "u"), map[string]any{
			"id": "c", "name": "tradeguard", "type": 1, "options": []any{map[string]any{"name": "case", "type": 1,
				"options": []any{map[string]any{"name": "ref", "type": 3, "value": ref}}}}}, nil)
		_, out := tb.post(t, mustJSON(t, in))
		if out.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || out.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("case command: type %d, want deferred ephemeral", out.Type)
		}
		return string(tb.f.waitFor("PATCH", "/tok-"+id+"/messages/@original").Body)
	}
	if got := ask("4501", buyerID, "ace-2026-000001"); !strings.Contains(got, "Case ACE-2026-000001") || !strings.Contains(got, "tg:wd:ACE-2026-000001") {
		t.Errorf("own case: %s", got)
	}
	if got := ask("4502", "500000000000000077", "ACE-2026-000001"); !strings.Contains(got, "No case ACE-2026-000001 of yours") {
		t.Errorf("someone else's case: %s", got)
	}
	// Withdraw from the case message.
	tb.post(t, mustJSON(t, click("4503", "tg:wd:ACE-2026-000001", channelID, buyer(), "m")))
	if got := string(tb.f.waitFor("PATCH", "/tok-4503/messages/@original").Body); !strings.Contains(got, "Withdrawn") {
		t.Errorf("withdraw: %s", got)
	}
}

// TestLawyerButtons: only the lawyers' role may accept and close; the
// lawyers' message is redrawn with each new status.
func TestLawyerButtons(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	tb.cases.CreateCase(context.Background(), &advisor.Case{Buyer: advisor.Identity{Platform: "discord", UserID: buyerID},
		Consent: advisor.Consent{IdempotencyKey: "k1"}, Advice: criticalAdvice()})
	const ch = "700000000000000001"
	_, out := tb.post(t, mustJSON(t, click("4601", "tg:acc:ACE-2026-000001", ch, buyer(), "m-case")))
	if out.Data == nil || out.Data.Content != msgNotLawyer || out.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("non-lawyer accept: %+v", out.Data)
	}
	_, out = tb.post(t, mustJSON(t, click("4602", "tg:acc:ACE-2026-000001", "600000000000000005", lawyer(), "m-case")))
	if out.Data == nil || out.Data.Content != msgNotLawyer {
		t.Errorf("lawyer outside the lawyers' channel: %+v", out.Data)
	}
	_, out = tb.post(t, mustJSON(t, click("4603", "tg:acc:ACE-2026-000001", ch, lawyer(), "m-case")))
	if out.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("accept: type %d", out.Type)
	}
	got := string(tb.f.waitFor("PATCH", "/tok-4603/messages/@original").Body)
	if !strings.Contains(got, "Accepted by a lawyer · discord:"+lawyerID+" ana") || strings.Contains(got, "tg:acc:") || !strings.Contains(got, "tg:close:") {
		t.Errorf("after accept: %s", got)
	}
	// Accepting again: the lawyer is told why and the message redrawn.
	tb.post(t, mustJSON(t, click("4604", "tg:acc:ACE-2026-000001", ch, lawyer(), "m-case")))
	if got := string(tb.f.waitFor("POST", "/webhooks/"+fakeAppID+"/tok-4604").Body); !strings.Contains(got, "already") {
		t.Errorf("second accept: %s", got)
	}
	// Close opens a modal; its submission closes the case.
	_, out = tb.post(t, mustJSON(t, click("4605", "tg:close:ACE-2026-000001", ch, lawyer(), "m-case")))
	if out.Type != discordgo.InteractionResponseModal || out.Data.CustomID != "tg:closem:ACE-2026-000001" {
		t.Fatalf("close: type %d %+v", out.Type, out.Data)
	}
	_, out = tb.post(t, mustJSON(t, modalSubmit("4606", "tg:closem:ACE-2026-000001", ch, member(buyerID, "b"), map[string]string{"resolution": "x"}, "m-case")))
	if out.Data == nil || out.Data.Content != msgNotLawyer {
		t.Errorf("non-lawyer close submission: %+v", out.Data)
	}
	tb.post(t, mustJSON(t, modalSubmit("4607", "tg:closem:ACE-2026-000001", ch, lawyer(), map[string]string{"resolution": "Deposit recovered."}, "m-case")))
	got = string(tb.f.waitFor("PATCH", "/tok-4607/messages/@original").Body)
	if !strings.Contains(got, "Closed") || !strings.Contains(got, "Deposit recovered.") || strings.Contains(got, "tg:close:") {
		t.Errorf("after close: %s", got)
	}
}

func TestLawyerRoleUnset(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false; c.LawyerRoleID = "" })
	_, out := tb.post(t, mustJSON(t, click("4701", "tg:acc:ACE-2026-000001", "700000000000000001", lawyer(), "m")))
	if out.Data == nil || out.Data.Content != msgNoRole {
		t.Errorf("with no role configured: %+v", out.Data)
	}
}

func TestLawyersNotifierOnce(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	n := advisor.Notice{Key: "notice-1", Kind: advisor.NoticeCaseCreated, Case: testCase(advisor.CaseNew)}
	for k := 0; k < 3; k++ {
		if err := tb.Lawyers().Notify(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(tb.f.match("POST", "/channels/700000000000000001/messages")); got != 1 {
		t.Errorf("%d posts for one notice, want 1", got)
	}
	if err := tb.Lawyers().Notify(context.Background(), advisor.Notice{Kind: advisor.NoticeCaseAccepted, Case: n.Case}); err != nil {
		t.Errorf("other kinds are ignored, got %v", err)
	}
}

func TestBuyersNotifier(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	c := testCase(advisor.CaseClosed)
	n := advisor.Notice{Key: "n-closed", Kind: advisor.NoticeCaseClosed, Case: c}
	if err := tb.Buyers().Notify(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	dm := tb.f.waitFor("POST", "/channels/dm"+c.Buyer.UserID+"/messages")
	if body := string(dm.Body); !strings.Contains(body, "ACE-2026-000123") || !strings.Contains(body, "Recovered the deposit") {
		t.Errorf("DM: %s", body)
	}
	// DMs closed: the buyer's thread, pinging only them, without the resolution.
	tb.f.mu.Lock()
	tb.f.dmFail = true
	tb.f.mu.Unlock()
	if err := tb.Buyers().Notify(context.Background(), advisor.Notice{Key: "n2", Kind: advisor.NoticeCaseAccepted, Case: c}); err != nil {
		t.Fatal(err)
	}
	th := sentBody(t, tb.f.waitFor("POST", "/channels/"+c.Buyer.Thread+"/messages"))
	am := th["allowed_mentions"].(map[string]any)
	if users, _ := am["users"].([]any); len(users) != 1 || users[0] != c.Buyer.UserID || len(am["parse"].([]any)) != 0 {
		t.Errorf("thread notice mentions %v", am)
	}
	if err := tb.Buyers().Notify(context.Background(), advisor.Notice{Kind: advisor.NoticeCaseAccepted,
		Case: &advisor.Case{Ref: "X", Buyer: advisor.Identity{Platform: "slack"}}}); err != nil {
		t.Errorf("a Slack buyer is not ours: %v", err)
	}
}

// TestLLMRewriteEditsAnswer: with an LLM the guide's answer goes first and
// the LLM's answer replaces it by editing the response.
func TestLLMRewriteEditsAnswer(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	// The writer needs guide passages to ground its answer on.
	tb.Engine.Advisor = advisor.New(testRules(), knowledge.NewIndex(knowledge.Builtin()), advisor.Config{})
	tb.Engine.Writer = writerFunc(func(ctx context.Context, r advisor.WriteRequest) (string, []advisor.Citation, error) {
		return "LLM says: do not pay @everyone.", []advisor.Citation{{Title: "Payment safety", Source: "guide"}}, nil
	})
	_, out := tb.post(t, mustJSON(t, slashAsk("4801", "How do I open a Trade Assurance dispute?")))
	first := out.Data.Embeds[0]
	if strings.Contains(first.Description, "LLM says") || !strings.Contains(first.Footer.Text, "answer: guide") {
		t.Errorf("the first answer should be the guide's: %+v", first)
	}
	got := string(tb.f.waitFor("PATCH", "/tok-4801/messages/@original").Body)
	if !strings.Contains(got, `LLM says: do not pay @\u200beveryone`) && !strings.Contains(got, "LLM says: do not pay @\u200beveryone") {
		t.Errorf("edited answer: %s", got)
	}
	if !strings.Contains(got, first.Title) || !strings.Contains(got, "AI-written") || !strings.Contains(got, `"parse":[]`) {
		t.Errorf("edit lost the verdict, the AI label or allowed_mentions: %s", got)
	}
}
