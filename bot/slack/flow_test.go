package slack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// click sends a block_actions payload for the button actionID with value,
// clicked by user on the message at messageTS.
func (h *harness) click(actionID, value, user, messageTS, actionTS string) *http.Response {
	h.t.Helper()
	w := h.interact(patched(h.t, "block_actions.json", func(m map[string]any) {
		u := obj(m, "user")
		u["id"], u["username"], u["name"] = user, strings.ToLower(user), strings.ToLower(user)
		obj(m, "container")["message_ts"] = messageTS
		m["response_url"] = h.slack.responseURL("click-" + actionTS)
		act := m["actions"].([]any)[0].(map[string]any)
		act["action_id"], act["value"], act["action_ts"] = actionID, value, actionTS
	}))
	if w.Code != 200 {
		h.t.Fatalf("click %s: status %d %s", actionID, w.Code, w.Body)
	}
	return w.Result()
}

// submitView sends a view_submission of the modal opened by call, with
// the given input values.
func (h *harness) submitView(opened call, user string, values map[string]string) []byte {
	h.t.Helper()
	view := obj(opened.JSON, "view")
	w := h.interact(patched(h.t, "view_submission.json", func(m map[string]any) {
		obj(m, "user")["id"] = user
		v := obj(m, "view")
		v["id"], v["root_view_id"] = opened.ViewID, opened.ViewID
		v["callback_id"] = view["callback_id"]
		v["private_metadata"] = view["private_metadata"]
		vals := map[string]any{}
		for id, text := range values {
			vals[id] = map[string]any{id: map[string]any{"type": "plain_text_input", "value": text}}
		}
		obj(v, "state")["values"] = vals
	}))
	if w.Code != 200 {
		h.t.Fatalf("view submission: status %d %s", w.Code, w.Body)
	}
	return w.Body.Bytes()
}

// TestEscalationEndToEnd walks the whole hand-off on a local fake Slack:
// answer → Escalate → consent modal → confirm → case (fake CaseService) →
// lawyers' channel → Accept (a non-lawyer is refused) → buyer told → Close
// with a resolution → buyer told.
func TestEscalationEndToEnd(t *testing.T) {
	mem, cases := newMemCases()
	h := newHarness(t, func(_ *Config, e *bot.Engine) { e.Cases = cases })
	ctx := t.Context()

	// 1. The buyer's paste is answered with an Escalate button.
	w := h.command(scamPaste, nil)
	value := buttonValue(t, mustBlocks(t, w.Body.Bytes()), actionEscalate)

	// 2. Someone else cannot escalate the buyer's conversation.
	h.click(actionEscalate, value, "U0SOMEONE", "1780000000.000001", "1780000010.000001")
	refusal := h.slack.waitFor(t, "response", 1)[0]
	if !strings.Contains(refusal.Raw, "Only the person who asked") {
		t.Fatalf("refusal: %s", refusal.Raw)
	}

	// 3. The buyer's click opens the consent modal listing what is shared.
	h.click(actionEscalate, value, "U0BUYER01", "1780000000.000001", "1780000011.000001")
	opened := h.slack.waitFor(t, "views.open", 1)[0]
	viewText := opened.blocksJSON()
	for _, want := range []string{"the 1 message you sent", "your Slack user ID and name", "I ask TradeGuard to send this conversation",
		`"callback_id":"escalate"`} {
		if !strings.Contains(viewText, want) {
			t.Errorf("consent modal lacks %s:\n%s", want, viewText)
		}
	}
	if submit := obj(obj(opened.JSON, "view"), "submit")["text"]; submit != "Send to AC&E" {
		t.Errorf("consent modal's submit button says %v", submit)
	}
	if mem.count() != 0 {
		t.Fatalf("a case exists before consent")
	}

	// 4. Confirming creates exactly one case, even when Slack delivers the
	// submission twice and the buyer opens and confirms the modal again.
	values := map[string]string{"contact": "buyer@example.com", "note": "We pay today <!here>"}
	ack := h.submitView(opened, "U0BUYER01", values)
	if !strings.Contains(string(ack), `"response_action":"update"`) || !strings.Contains(string(ack), "Sending your case") {
		t.Fatalf("submission ack: %s", ack)
	}
	h.submitView(opened, "U0BUYER01", values) // redelivered: same view, hash and values
	h.idle()
	h.click(actionEscalate, value, "U0BUYER01", "1780000000.000001", "1780000012.000001") // same answer, clicked again
	again := h.slack.waitFor(t, "views.open", 2)[1]
	h.submitView(again, "U0BUYER01", map[string]string{})
	h.idle()
	if mem.count() != 1 {
		t.Fatalf("%d cases, want 1", mem.count())
	}
	c, _ := cases.FindCaseByRef(ctx, "ACE-2026-000001")
	if c.Consent.Contact != "buyer@example.com" || c.Consent.Note != "We pay today <!here>" || c.Consent.Version != bot.ConsentVersion ||
		c.Buyer.UserID != "U0BUYER01" || c.Buyer.Channel != "C0SOURCING" || len(c.Inputs) != 1 || c.Advice.Level == "" {
		t.Errorf("case: %+v", c)
	}
	if !strings.HasPrefix(c.Consent.IdempotencyKey, "slack:T9TK3CUKW:C0SOURCING:1780000000.000001:U0BUYER01") {
		t.Errorf("idempotency key %q", c.Consent.IdempotencyKey)
	}
	updates := h.slack.waitFor(t, "views.update", 2)
	if !strings.Contains(updates[0].blocksJSON(), "ACE-2026-000001") {
		t.Errorf("modal not updated with the reference: %s", updates[0].blocksJSON())
	}
	var told bool
	for _, r := range h.slack.callsTo("response") {
		told = told || strings.Contains(r.Raw, "Your case reference is *ACE-2026-000001*")
	}
	if !told {
		t.Errorf("the buyer was not given the reference in the conversation")
	}

	// 5. The relay posts the case to the lawyers' channel.
	if n, err := mem.relay(ctx, h.bot.Lawyers(), h.bot.Buyers()); err != nil || n != 1 {
		t.Fatalf("relay: %d, %v", n, err)
	}
	post := h.slack.callsTo("chat.postMessage")
	if len(post) != 1 || post[0].Form.Get("channel") != "C0LAWYERS" {
		t.Fatalf("lawyers' post: %+v", post)
	}
	lawyerMsg := post[0].blocksJSON()
	for _, want := range []string{"Case ACE-2026-000001", "US$23,400", "slack user U0BUYER01", "case_accept", "case_close"} {
		if !strings.Contains(lawyerMsg, want) {
			t.Errorf("lawyers' message lacks %s:\n%s", want, lawyerMsg)
		}
	}
	if text := textOf(t, []byte(lawyerMsg)); !strings.Contains(text, "> We pay today &lt;!here&gt;") {
		t.Errorf("the buyer's note is not quoted and escaped: %s", text)
	}
	lawyerTS := "1780000000.000100"

	// 6. Only listed lawyers may accept.
	responses := len(h.slack.callsTo("response"))
	h.click(actionAccept, "ACE-2026-000001", "U0BUYER01", lawyerTS, "1780000020.000001")
	refused := h.slack.waitFor(t, "response", responses+1)[responses]
	if !strings.Contains(refused.Raw, "Only the AC\\u0026amp;E lawyers") {
		t.Errorf("refusal: %s", refused.Raw)
	}
	h.click(actionAccept, "ACE-2026-000001", "U0LAWYER", lawyerTS, "1780000021.000001")
	upd := h.slack.waitFor(t, "chat.update", 1)[0]
	if upd.Form.Get("ts") != lawyerTS || !strings.Contains(textOf(t, []byte(upd.blocksJSON())), "Accepted by <@U0LAWYER>") || strings.Contains(upd.blocksJSON(), "case_accept") {
		t.Errorf("lawyers' message after accept: %s %s", upd.Form.Get("ts"), upd.blocksJSON())
	}

	// 7. The buyer is told in a DM (the case started in a shared channel).
	if n, err := mem.relay(ctx, h.bot.Lawyers(), h.bot.Buyers()); err != nil || n != 1 {
		t.Fatalf("relay: %d, %v", n, err)
	}
	if got := h.slack.callsTo("conversations.open"); len(got) != 1 || got[0].Form.Get("users") != "U0BUYER01" {
		t.Fatalf("conversations.open: %+v", got)
	}
	dm := h.slack.callsTo("chat.postMessage")[1]
	if dm.Form.Get("channel") != "D0BUYERDM" || !strings.Contains(dm.blocksJSON(), "has accepted your case *ACE-2026-000001*") {
		t.Errorf("buyer notice: %s %s", dm.Form.Get("channel"), dm.blocksJSON())
	}

	// 8. Close asks for a resolution, then closes the case.
	h.click(actionClose, "ACE-2026-000001", "U0LAWYER", lawyerTS, "1780000022.000001")
	closeForm := h.slack.waitFor(t, "views.open", 3)[2]
	if !strings.Contains(closeForm.blocksJSON(), `"callback_id":"close_case"`) {
		t.Fatalf("close form: %s", closeForm.blocksJSON())
	}
	for range 2 { // sent back with an error, submitted again as is: the same error
		if ack := h.submitView(closeForm, "U0LAWYER", map[string]string{}); !strings.Contains(string(ack), `"resolution"`) {
			t.Errorf("an empty resolution was accepted: %s", ack)
		}
	}
	h.submitView(closeForm, "U0LAWYER", map[string]string{"resolution": "Bank recall filed."})
	last := h.slack.waitFor(t, "chat.update", 2)[1]
	if !strings.Contains(textOf(t, []byte(last.blocksJSON())), "Closed by <@U0LAWYER>") || !strings.Contains(last.blocksJSON(), "Bank recall filed.") ||
		strings.Contains(last.blocksJSON(), `"type":"actions"`) {
		t.Errorf("lawyers' message after close: %s", last.blocksJSON())
	}
	if n, err := mem.relay(ctx, h.bot.Lawyers(), h.bot.Buyers()); err != nil || n != 1 {
		t.Fatalf("relay: %d, %v", n, err)
	}
	closed := h.slack.callsTo("chat.postMessage")[2]
	if !strings.Contains(closed.blocksJSON(), "is closed") || !strings.Contains(closed.blocksJSON(), "Bank recall filed.") {
		t.Errorf("buyer close notice: %s", closed.blocksJSON())
	}
}

func mustBlocks(t *testing.T, msg []byte) string {
	t.Helper()
	var m struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(msg, &m); err != nil || len(m.Blocks) == 0 {
		t.Fatalf("no blocks in %s", msg)
	}
	return string(m.Blocks)
}

func TestEscalateWithoutStoreSaysSo(t *testing.T) {
	h := newHarness(t, nil) // engine.Cases is nil until the store is set up
	value := buttonValue(t, mustBlocks(t, h.command(scamPaste, nil).Body.Bytes()), actionEscalate)
	h.click(actionEscalate, value, "U0BUYER01", "1780000000.000001", "1780000011.000001")
	got := h.slack.waitFor(t, "response", 1)[0]
	if !strings.Contains(got.Raw, "not set up") || len(h.slack.callsTo("views.open")) != 0 {
		t.Fatalf("got %s", got.Raw)
	}
}

func TestShowAllEvidenceAndShare(t *testing.T) {
	h := newHarness(t, nil)
	value := buttonValue(t, mustBlocks(t, h.command(scamPaste, nil).Body.Bytes()), actionEvidence)

	h.click(actionEvidence, value, "U0BUYER01", "1780000000.000001", "1780000030.000001")
	page := h.slack.waitFor(t, "response", 1)[0]
	if msg := decodeMsg(t, []byte(page.Raw)); msg.ResponseType != "ephemeral" || msg.ReplaceOriginal {
		t.Errorf("evidence is not a new private message: %+v", msg)
	}
	if !strings.Contains(page.Raw, "DE89370400440532013000") || !strings.Contains(page.Raw, "Only you can see this") {
		t.Errorf("evidence page: %s", page.Raw)
	}

	h.click(actionShare, value, "U0BUYER01", "1780000000.000001", "1780000031.000001")
	shared := h.slack.waitFor(t, "chat.postMessage", 1)[0]
	if shared.Form.Get("channel") != "C0SOURCING" || shared.Form.Get("thread_ts") != "" {
		t.Errorf("shared to %s/%s", shared.Form.Get("channel"), shared.Form.Get("thread_ts"))
	}
	for _, secret := range []string{"DE89", "6222021001123456789", "sales.cindy", "Zhang Wei", "23,400"} {
		if strings.Contains(shared.Raw, secret) {
			t.Errorf("the public summary contains %q", secret)
		}
	}
	if !strings.Contains(shared.blocksJSON(), "shared TradeGuard") {
		t.Errorf("summary: %s", shared.blocksJSON())
	}
	h.slack.waitFor(t, "response", 2)

	// A private channel the bot is not in: the buyer is told how to fix it.
	h.slack.setFail(func(w http.ResponseWriter, method string) bool {
		if method != "chat.postMessage" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":false,"error":"not_in_channel"}`)
		return true
	})
	h.click(actionShare, value, "U0BUYER01", "1780000000.000001", "1780000032.000001")
	told := h.slack.waitFor(t, "response", 3)[2]
	if !strings.Contains(told.Raw, "Invite me") {
		t.Errorf("not told to invite the bot: %s", told.Raw)
	}
}

// TestRateLimitHonoured: a 429 with Retry-After delays the next attempt at
// least that long, and the message still goes out once.
func TestRateLimitHonoured(t *testing.T) {
	h := newHarness(t, nil)
	var first time.Time
	h.slack.setFail(func(w http.ResponseWriter, method string) bool {
		if method != "chat.postMessage" || !first.IsZero() {
			return false
		}
		first = time.Now()
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	})
	h.do("/slack/events", []byte(readTestdata(t, "event_message_im.json")))
	h.slack.waitFor(t, "chat.postMessage", 2)
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")); n != 2 {
		t.Fatalf("%d attempts, want 2", n)
	}
	if gap := time.Since(first); gap < time.Second {
		t.Fatalf("retried after %v, before Retry-After", gap)
	}
}

func TestPacerSpacesMessagesPerChannel(t *testing.T) {
	p := newPacer(40 * time.Millisecond)
	ctx := t.Context()
	start := time.Now()
	for range 3 {
		if err := p.wait(ctx, "C1"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("3 messages in one channel took %v, want ≥ 80ms", d)
	}
	other := time.Now()
	p.wait(ctx, "C2")
	if d := time.Since(other); d > 30*time.Millisecond {
		t.Errorf("another channel waited %v", d)
	}
	p.hold("C2", 60*time.Millisecond)
	held := time.Now()
	p.wait(ctx, "C2")
	if d := time.Since(held); d < 50*time.Millisecond {
		t.Errorf("held channel waited only %v", d)
	}
}

func TestNotifiers(t *testing.T) {
	c := testCase(advisor.CaseNew)
	created := advisor.Notice{Key: "ACE-2026-000123:case_created:slack", Kind: advisor.NoticeCaseCreated, Case: c, Destination: "slack"}
	t.Run("lawyers once per key", func(t *testing.T) {
		h := newHarness(t, nil)
		for range 2 {
			if err := h.bot.Lawyers().Notify(t.Context(), created); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(h.slack.callsTo("chat.postMessage")); n != 1 {
			t.Fatalf("%d posts for one notice key", n)
		}
	})
	t.Run("withdrawn updates the message and says so in its thread", func(t *testing.T) {
		h := newHarness(t, nil)
		h.bot.Lawyers().Notify(t.Context(), created)
		w := testCase(advisor.CaseWithdrawn)
		if err := h.bot.Lawyers().Notify(t.Context(), advisor.Notice{Key: "w", Kind: advisor.NoticeCaseWithdrawn, Case: w}); err != nil {
			t.Fatal(err)
		}
		posts := h.slack.callsTo("chat.postMessage")
		if len(posts) != 2 || posts[1].Form.Get("thread_ts") == "" || !strings.Contains(posts[1].blocksJSON(), "withdrew consent") {
			t.Fatalf("withdrawal notice: %+v", posts)
		}
		if upd := h.slack.callsTo("chat.update"); len(upd) != 1 || !strings.Contains(upd[0].blocksJSON(), "Withdrawn by the buyer") {
			t.Fatalf("withdrawal update: %+v", upd)
		}
	})
	t.Run("errors are classified for the relay", func(t *testing.T) {
		h := newHarness(t, nil)
		h.slack.setFail(func(w http.ResponseWriter, method string) bool {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"ok":false,"error":"channel_not_found"}`)
			return true
		})
		err := h.bot.Lawyers().Notify(t.Context(), created)
		if !advisor.IsPermanent(err) {
			t.Fatalf("channel_not_found: %v, want a permanent error", err)
		}
		h.slack.setFail(func(w http.ResponseWriter, method string) bool {
			w.WriteHeader(http.StatusBadGateway)
			return true
		})
		if err := h.bot.Lawyers().Notify(t.Context(), created); err == nil || advisor.IsPermanent(err) {
			t.Fatalf("502: %v, want a retryable error", err)
		}
		h.slack.setFail(nil)
		if err := h.bot.Lawyers().Notify(t.Context(), created); err != nil {
			t.Fatalf("after failures the notice must still go out: %v", err)
		}
		// A long Retry-After goes back to the relay, which waits it out.
		h.slack.setFail(func(w http.ResponseWriter, method string) bool {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		})
		ctx, cancel := contextWithTimeout(t, 2*time.Second)
		defer cancel()
		created.Key += ":again"
		err = h.bot.Lawyers().Notify(ctx, created)
		if d, ok := advisor.RetryAfterOf(err); !ok || d != 30*time.Second {
			t.Fatalf("429: %v, want RetryAfter(30s)", err)
		}
	})
	t.Run("buyer in a DM thread", func(t *testing.T) {
		h := newHarness(t, nil)
		a := testCase(advisor.CaseAccepted)
		a.Buyer.Channel, a.Buyer.Thread = "D0BUYERDM", "1780000200.000300"
		if err := h.bot.Buyers().Notify(t.Context(), advisor.Notice{Key: "a", Kind: advisor.NoticeCaseAccepted, Case: a}); err != nil {
			t.Fatal(err)
		}
		p := h.slack.callsTo("chat.postMessage")
		if len(p) != 1 || p[0].Form.Get("channel") != "D0BUYERDM" || p[0].Form.Get("thread_ts") != "1780000200.000300" || len(h.slack.callsTo("conversations.open")) != 0 {
			t.Fatalf("buyer notice: %+v", p)
		}
		other := testCase(advisor.CaseAccepted)
		other.Buyer.Platform = "discord"
		if err := h.bot.Buyers().Notify(t.Context(), advisor.Notice{Key: "d", Kind: advisor.NoticeCaseAccepted, Case: other}); !advisor.IsPermanent(err) {
			t.Fatalf("a Discord buyer: %v, want permanent", err)
		}
		if err := h.bot.Buyers().Notify(t.Context(), advisor.Notice{Key: "x", Kind: advisor.NoticeCaseCreated, Case: a}); err != nil {
			t.Fatalf("a lawyers' kind to the buyer: %v", err)
		}
		if n := len(h.slack.callsTo("chat.postMessage")); n != 1 {
			t.Fatalf("%d posts", n)
		}
	})
}

func TestCheckAuth(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.bot.CheckAuth(t.Context()); err != nil || h.bot.botUser() != "U0BOT" {
		t.Fatalf("CheckAuth: %v, bot user %q", err, h.bot.botUser())
	}
	h.slack.setFail(func(w http.ResponseWriter, method string) bool {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		return true
	})
	err := h.bot.CheckAuth(t.Context())
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN was refused by Slack (invalid_auth)") {
		t.Fatalf("CheckAuth with a bad token: %v", err)
	}
	h.slack.setFail(func(w http.ResponseWriter, method string) bool {
		panic(http.ErrAbortHandler) // the connection drops: not a token problem
	})
	if err := h.bot.CheckAuth(t.Context()); err != nil {
		t.Fatalf("CheckAuth with Slack unreachable: %v, want start-up to go on", err)
	}
}
