package slack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/bot"
)

func TestSlashCommandAnswersInline(t *testing.T) {
	h := newHarness(t, nil)
	w := h.command(scamPaste, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	msg := decodeMsg(t, w.Body.Bytes())
	if msg.ResponseType != "ephemeral" {
		t.Errorf("response_type %q, want ephemeral", msg.ResponseType)
	}
	body := w.Body.String()
	for _, want := range []string{"Critical risk: do not pay", "The supplier says its bank account changed", "Pressure to pay quickly",
		`"action_id":"escalate"`, `"value":"v1|C0SOURCING||U0BUYER01"`, `"action_id":"evidence"`, `"action_id":"share"`} {
		if !strings.Contains(body, want) {
			t.Errorf("answer lacks %s", want)
		}
	}
	h.idle()
	if n := len(h.slack.calls); n != 0 {
		t.Errorf("the deterministic answer made %d Web API calls, want 0 (answered inline)", n)
	}
	// Personal data stays out of the logs: only sizes and hashes.
	for _, secret := range []string{"DE89370400440532013000", "6222021001123456789", "sales.cindy", "Zhang Wei", "under audit"} {
		if strings.Contains(h.logs.String(), secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	if !strings.Contains(h.logs.String(), "slack command answered") {
		t.Errorf("the answer was not logged:\n%s", h.logs)
	}
}

func TestSlashCommandWords(t *testing.T) {
	mem, cases := newMemCases()
	h := newHarness(t, func(_ *Config, e *bot.Engine) { e.Cases = cases })
	ctx := t.Context()
	// The buyer's own case, and someone else's.
	own := &advisor.Case{Buyer: advisor.Identity{Platform: "slack", UserID: "U0BUYER01"},
		Consent: advisor.Consent{At: testNow, IdempotencyKey: "k1"}}
	other := &advisor.Case{Buyer: advisor.Identity{Platform: "slack", UserID: "U0SOMEONE"},
		Consent: advisor.Consent{At: testNow, IdempotencyKey: "k2"}}
	if err := cases.CreateCase(ctx, own); err != nil {
		t.Fatal(err)
	}
	if err := cases.CreateCase(ctx, other); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text, want string
	}{
		{"help", "opens a form for long pastes"},
		{"HELP", "opens a form for long pastes"},
		{"case " + own.Ref, own.Ref + "*: sent to AC&amp;E, waiting for a lawyer"},
		{"case " + strings.ToLower(own.Ref), own.Ref + "*: sent to AC&amp;E"},
		{"case " + other.Ref, "No case " + other.Ref + " of yours was found."},
		{"case ACE-2026-00x1", "is not a case reference"},
		{"withdraw " + other.Ref, "No case " + other.Ref + " of yours was found."},
		{"withdraw " + own.Ref, "Your consent for *" + own.Ref + "* is withdrawn."},
		{"case " + own.Ref, "withdrawn by you"},
	}
	for _, tt := range tests {
		w := h.command(tt.text, nil)
		if w.Code != 200 || !strings.Contains(textOf(t, w.Body.Bytes()), tt.want) {
			t.Errorf("%q: %d %s\nwant it to contain %q", tt.text, w.Code, w.Body, tt.want)
		}
	}
	if mem.count() != 2 {
		t.Errorf("%d cases, want 2", mem.count())
	}
}

func TestSlashCommandWithoutTextOpensForm(t *testing.T) {
	h := newHarness(t, nil)
	w := h.command("", nil)
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Fatalf("got %d %q; want an empty acknowledgement", w.Code, w.Body)
	}
	opens := h.slack.callsTo("views.open")
	if len(opens) != 1 {
		t.Fatalf("%d views.open calls", len(opens))
	}
	if got := opens[0].JSON["trigger_id"]; got != "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c" {
		t.Errorf("trigger_id %v", got)
	}
	view := obj(opens[0].JSON, "view")
	if view["callback_id"] != callbackPaste {
		t.Errorf("callback_id %v", view["callback_id"])
	}
	meta, ok := decodeMeta(view["private_metadata"].(string))
	if !ok || meta.ResponseURL != h.slack.responseURL("command") || meta.Channel != "C0SOURCING" {
		t.Fatalf("private_metadata %+v", meta)
	}

	// Submitting the form answers on the command's response_url.
	submit := func(values map[string]string) *httptest.ResponseRecorder {
		return h.interact(patched(t, "view_submission.json", func(m map[string]any) {
			v := obj(m, "view")
			v["callback_id"] = callbackPaste
			v["private_metadata"] = view["private_metadata"]
			v["hash"] = values["hash"]
			vals := map[string]any{}
			for id, text := range values {
				vals[id] = map[string]any{id: map[string]any{"type": "plain_text_input", "value": text}}
			}
			obj(v, "state")["values"] = vals
		}))
	}
	w = submit(map[string]string{"hash": "1"})
	if !strings.Contains(w.Body.String(), `"response_action":"errors"`) || !strings.Contains(w.Body.String(), `"profile"`) {
		t.Fatalf("an empty form got %s, want a field error", w.Body)
	}
	w = submit(map[string]string{"hash": "2", "messages": "our bank account is under audit, kindly pay to our new account asap", "question": "is this safe?"})
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Fatalf("submission got %d %q, want an empty acknowledgement (closes the modal)", w.Code, w.Body)
	}
	got := h.slack.waitFor(t, "response", 1)
	msg := decodeMsg(t, []byte(got[0].Raw))
	if msg.ResponseType != "ephemeral" || !strings.Contains(got[0].Raw, "Critical risk") && !strings.Contains(got[0].Raw, "High risk") {
		t.Fatalf("form answer: %s", got[0].Raw)
	}
}

// fakeWriter is an LLM that answers after the deterministic reply.
type fakeWriter struct{ answer string }

func (f fakeWriter) Write(ctx context.Context, wr advisor.WriteRequest) (string, []advisor.Citation, error) {
	return f.answer, []advisor.Citation{{Title: "Bank-account-change fraud", Source: "test guide"}}, nil
}

func TestSlashCommandLLMAnswerFollowsOnResponseURL(t *testing.T) {
	h := newHarness(t, func(_ *Config, e *bot.Engine) { e.Writer = fakeWriter{"An AI answer <!channel>."} })
	w := h.command(scamPaste+"\nHow many days do I have to open a dispute?", nil)
	if !strings.Contains(w.Body.String(), "Writing a fuller answer") {
		t.Fatalf("inline answer does not say a fuller one is coming: %s", w.Body)
	}
	got := h.slack.waitFor(t, "response", 1)[0]
	msg := decodeMsg(t, []byte(got.Raw))
	if !msg.ReplaceOriginal || msg.ResponseType != "ephemeral" {
		t.Errorf("replace_original=%v response_type=%q", msg.ReplaceOriginal, msg.ResponseType)
	}
	if !strings.Contains(got.Raw, "An AI answer \\u0026lt;!channel\\u0026gt;.") || strings.Contains(got.Raw, "Writing a fuller answer") {
		t.Errorf("rewritten answer: %s", got.Raw)
	}
	if !strings.Contains(got.Raw, "written by an AI model") {
		t.Errorf("the AI answer is not labelled")
	}
}

func TestEventURLVerification(t *testing.T) {
	h := newHarness(t, nil)
	w := h.do("/slack/events", []byte(readTestdata(t, "url_verification.json")))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}` {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestAppMentionAnsweredInThread(t *testing.T) {
	h := newHarness(t, nil)
	w := h.do("/slack/events", []byte(readTestdata(t, "event_app_mention.json")))
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	post := h.slack.waitFor(t, "chat.postMessage", 1)[0]
	if post.Form.Get("channel") != "C0SOURCING" || post.Form.Get("thread_ts") != "1780000100.000200" {
		t.Errorf("posted to %s thread %s, want C0SOURCING thread 1780000100.000200", post.Form.Get("channel"), post.Form.Get("thread_ts"))
	}
	blocks := post.blocksJSON()
	// The rules saw plain text: the mailto link's label and & as typed.
	for _, want := range []string{"The supplier says its bank account changed", "sales.cindy@163.com", "Free e-mail address"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("reply lacks %q: %s", want, blocks)
		}
	}
	if strings.Contains(blocks, "<!channel>") || strings.Contains(blocks, "<mailto") {
		t.Errorf("reply carries live markup: %s", blocks)
	}
	if v := buttonValue(t, blocks, actionEvidence); v != "v1|C0SOURCING|1780000100.000200|U0BUYER01" {
		t.Errorf("button value %q", v)
	}
}

func TestFollowUpInThreadUsesEarlierPaste(t *testing.T) {
	h := newHarness(t, nil)
	h.do("/slack/events", []byte(readTestdata(t, "event_message_im.json")))
	first := h.slack.waitFor(t, "chat.postMessage", 1)[0]
	if !strings.Contains(first.blocksJSON(), "bank account changed") {
		t.Fatalf("first reply: %s", first.blocksJSON())
	}
	followUp := patched(t, "event_message_im.json", func(m map[string]any) {
		m["event_id"] = "Ev0DIRECT02"
		ev := obj(m, "event")
		ev["text"] = "so should I pay them today?"
		ev["ts"] = "1780000260.000100"
		ev["thread_ts"] = "1780000200.000300"
	})
	h.do("/slack/events", followUp)
	second := h.slack.waitFor(t, "chat.postMessage", 2)[1]
	if second.Form.Get("thread_ts") != "1780000200.000300" {
		t.Errorf("follow-up answered outside the thread: %s", second.Form.Get("thread_ts"))
	}
	if !strings.Contains(second.blocksJSON(), "bank account changed") {
		t.Errorf("follow-up was not judged with the earlier paste: %s", second.blocksJSON())
	}
	// A new message outside that thread starts afresh.
	fresh := patched(t, "event_message_im.json", func(m map[string]any) {
		m["event_id"] = "Ev0DIRECT03"
		ev := obj(m, "event")
		ev["text"] = "so should I pay them today?"
		ev["ts"] = "1780000270.000100"
	})
	h.do("/slack/events", fresh)
	third := h.slack.waitFor(t, "chat.postMessage", 3)[2]
	if strings.Contains(third.blocksJSON(), "bank account changed") {
		t.Errorf("a new thread inherited another thread's paste")
	}
}

func TestEventsFromBotsAndEditsIgnored(t *testing.T) {
	h := newHarness(t, nil)
	h.bot.botUserID.Store("U0BOT")
	events := [][]byte{
		[]byte(readTestdata(t, "event_bot_message.json")),
		patched(t, "event_message_im.json", func(m map[string]any) { obj(m, "event")["user"] = "U0BOT" }),
		patched(t, "event_message_im.json", func(m map[string]any) { obj(m, "event")["subtype"] = "message_changed" }),
		patched(t, "event_message_im.json", func(m map[string]any) { obj(m, "event")["channel_type"] = "channel" }),
		patched(t, "event_app_mention.json", func(m map[string]any) { obj(m, "event")["bot_id"] = "B0OTHER" }),
		[]byte(`{"type":"app_rate_limited","team_id":"T9TK3CUKW","minute_rate_limited":1518467820,"api_app_id":"A0TRADEGRD"}`),
	}
	for i, ev := range events {
		if w := h.do("/slack/events", ev); w.Code != 200 {
			t.Errorf("event %d: status %d", i, w.Code)
		}
	}
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")); n != 0 {
		t.Fatalf("%d replies to bots, edits or other channels", n)
	}
	if w := h.do("/slack/events", []byte("{not json")); w.Code != 400 {
		t.Errorf("unreadable event: status %d, want 400", w.Code)
	}
}

// TestRetriedEventRepliesOnce delivers one event four times at once (the
// original and Slack's retries 1..3 after an http_timeout) and a fifth time
// later: exactly one reply.
func TestRetriedEventRepliesOnce(t *testing.T) {
	h := newHarness(t, nil)
	body := []byte(readTestdata(t, "event_app_mention.json"))
	var wg sync.WaitGroup
	for retry := range 4 {
		wg.Go(func() {
			hdr := []string{}
			if retry > 0 {
				hdr = []string{"X-Slack-Retry-Num", string(rune('0' + retry)), "X-Slack-Retry-Reason", "http_timeout"}
			}
			if w := h.do("/slack/events", body, hdr...); w.Code != 200 {
				t.Errorf("delivery %d: status %d", retry, w.Code)
			}
		})
	}
	wg.Wait()
	h.idle()
	h.do("/slack/events", body)
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")); n != 1 {
		t.Fatalf("%d replies, want exactly 1", n)
	}
}

// TestEventQueueFullAsksSlackToRetry: when the pool is full the event is
// refused with 503 and not remembered, so Slack's retry is answered.
func TestEventQueueFullAsksSlackToRetry(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, func(c *Config, _ *bot.Engine) { c.Workers, c.Queue = 1, 1 })
	h.slack.setFail(func(w http.ResponseWriter, method string) bool {
		if method == "chat.postMessage" {
			<-release
		}
		return false
	})
	event := func(id string) []byte {
		return patched(t, "event_message_im.json", func(m map[string]any) {
			m["event_id"] = id
			obj(m, "event")["ts"] = "1780000300." + id[len(id)-6:]
		})
	}
	if w := h.do("/slack/events", event("Ev000001")); w.Code != 200 {
		t.Fatalf("first: %d", w.Code)
	}
	// Wait until the worker holds the first job, then fill the queue.
	for h.bot.pending.Load() != 1 || len(h.bot.jobs) != 0 {
		time.Sleep(time.Millisecond)
	}
	if w := h.do("/slack/events", event("Ev000002")); w.Code != 200 {
		t.Fatalf("second: %d", w.Code)
	}
	if w := h.do("/slack/events", event("Ev000003")); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("third: %d, want 503", w.Code)
	}
	close(release)
	h.idle()
	if w := h.do("/slack/events", event("Ev000003"), "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error"); w.Code != 200 {
		t.Fatalf("retry: %d", w.Code)
	}
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")); n != 3 {
		t.Fatalf("%d replies, want 3", n)
	}
}

// TestFloodOfSignedCommands sends 200 signed slash commands at once over
// real HTTP: every one is acknowledged with an answer.
func TestFloodOfSignedCommands(t *testing.T) {
	h := newHarness(t, nil)
	srv := httptest.NewServer(h.h)
	defer srv.Close()
	form, _ := url.ParseQuery(strings.TrimSpace(readTestdata(t, "slash_command.form")))
	const n = 200
	var wg sync.WaitGroup
	codes := make([]int, n)
	bodies := make([]string, n)
	for i := range n {
		wg.Go(func() {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("user_id", fmt.Sprintf("U0FLOOD%03d", i))
			f.Set("text", scamPaste)
			body := []byte(f.Encode())
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/commands", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			SignRequest(req, []byte(testSecret), testNow, body)
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			var buf strings.Builder
			_, _ = io.Copy(&buf, res.Body)
			codes[i], bodies[i] = res.StatusCode, buf.String()
		})
	}
	wg.Wait()
	for i := range n {
		if codes[i] != 200 || !strings.Contains(bodies[i], "Critical risk: do not pay") {
			t.Fatalf("command %d: %d %.200s", i, codes[i], bodies[i])
		}
	}
}

// slowAudit is an audit log that takes its time, like a database in trouble.
type slowAudit struct{}

func (slowAudit) RecordAdvice(ctx context.Context, _ advisor.AdviceRecord) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Minute):
		return nil
	}
}

// TestSlashCommandDoesNotWaitForSlowAudit: a slow store cannot hold the
// inline answer past Slack's 3 seconds.
func TestSlashCommandDoesNotWaitForSlowAudit(t *testing.T) {
	h := newHarness(t, func(_ *Config, e *bot.Engine) { e.Audit = slowAudit{} })
	start := time.Now()
	w := h.command(scamPaste, nil)
	if took := time.Since(start); took > 3*time.Second || w.Code != 200 || !strings.Contains(w.Body.String(), `"blocks"`) {
		t.Fatalf("answered %d after %v", w.Code, took)
	}
}
