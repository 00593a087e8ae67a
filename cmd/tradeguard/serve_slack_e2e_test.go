package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/bot"
	slackbot "tradeguard/bot/slack"
	"tradeguard/knowledge"
)

// slackFake is a local Slack Web API and response_url endpoint that records
// what serve sends it.
type slackFake struct {
	mu    sync.Mutex
	calls map[string][]url.Values // method → form bodies (JSON bodies under "json")
	n     int
}

func (f *slackFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	vals, _ := url.ParseQuery(string(body))
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		vals = url.Values{"json": {string(body)}}
	}
	f.mu.Lock()
	f.n++
	ts := fmt.Sprintf("1780000000.%06d", f.n)
	f.calls[method] = append(f.calls[method], vals)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch method {
	case "auth.test":
		io.WriteString(w, `{"ok":true,"team_id":"T9TK3CUKW","user_id":"U0BOT"}`)
	case "chat.postMessage", "chat.update":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, vals.Get("channel"), ts)
	case "views.open", "views.update":
		fmt.Fprintf(w, `{"ok":true,"view":{"id":"V%06d"}}`, f.n)
	case "conversations.open":
		io.WriteString(w, `{"ok":true,"channel":{"id":"D0BUYERDM"}}`)
	default: // response_url
		io.WriteString(w, "ok")
	}
}

func (f *slackFake) get(method string) []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls[method]...)
}

func (f *slackFake) await(t *testing.T, method string, n int) []url.Values {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got := f.get(method); len(got) >= n {
			return got
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Fatalf("no %d call(s) to %s within 15 s; got %d; all calls: %v", n, method, len(f.calls[method]), f.calls)
	return nil
}

// TestSlackEscalationThroughServe is issue 5's "done when", with serve's
// real wiring (SQLite store, outbox relay, Slack front end) against a local
// fake Slack: a signed scam paste gets a Block Kit verdict, a forged one
// 401; the Escalate button, the consent form and its confirmation create a
// case, which the relay posts to the lawyers' channel; a lawyer accepts and
// the buyer is told in a DM.
func TestSlackEscalationThroughServe(t *testing.T) {
	fake := &slackFake{calls: map[string][]url.Values{}}
	api := httptest.NewServer(fake)
	defer api.Close()
	slackAPIURL = api.URL + "/api/"
	defer func() { slackAPIURL = "" }()

	const secret = "e2e-secret"
	cfg := Config{DataDir: t.TempDir(), SlackBotToken: "xoxb-e2e", SlackSigningSecret: secret, SlackCommand: "/tradeguard",
		SlackLawyersChannel: "C0LAWYERS", SlackLawyerUserIDs: []string{"U0LAWYER"}, AdviceRetentionDays: 90}
	e := bot.NewEngine(advisor.New(rules.Default(), knowledge.NewIndex(knowledge.Builtin()), advisor.Config{}))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.Log = log
	s := &services{cfg: cfg, engine: e, mux: http.NewServeMux(), log: log,
		lawyers: map[string]advisor.Notifier{}, buyers: map[string]advisor.Notifier{}}
	ctx, cancel := context.WithCancel(context.Background())
	closeStore, err := setupEscalation(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := setupSlack(ctx, s); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, run := range s.background {
		wg.Go(func() { run(ctx) })
	}
	defer func() { cancel(); wg.Wait(); closeStore() }()
	srv := httptest.NewServer(s.mux)
	defer srv.Close()

	post := func(path, key string, body []byte) (int, string) {
		t.Helper()
		r, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		slackbot.SignRequest(r, []byte(key), time.Now(), body)
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(raw)
	}
	interact := func(payload any) (int, string) {
		raw, _ := json.Marshal(payload)
		return post("/slack/interactions", secret, []byte(url.Values{"payload": {string(raw)}}.Encode()))
	}

	// A signed scam paste: a Block Kit verdict with an Escalate button; forged: 401.
	cmd := url.Values{"team_id": {"T9TK3CUKW"}, "channel_id": {"C0SOURCING"}, "user_id": {"U0BUYER01"}, "user_name": {"buyer"},
		"command": {"/tradeguard"}, "text": {scamPaste}, "response_url": {api.URL + "/response/command"}, "trigger_id": {"1.2.3"}}
	if code, _ := post("/slack/commands", "forged", []byte(cmd.Encode())); code != http.StatusUnauthorized {
		t.Fatalf("forged command: %d", code)
	}
	code, body := post("/slack/commands", secret, []byte(cmd.Encode()))
	if code != 200 || !strings.Contains(body, "Critical risk: do not pay") || !strings.Contains(body, `"action_id":"escalate"`) {
		t.Fatalf("signed command: %d %.300s", code, body)
	}
	var answer struct {
		Blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	json.Unmarshal([]byte(body), &answer)
	value := ""
	for _, b := range answer.Blocks {
		for _, el := range b.Elements {
			if el.ActionID == "escalate" {
				value = el.Value
			}
		}
	}

	click := func(action, value, user, ts string) {
		t.Helper()
		code, _ := interact(map[string]any{"type": "block_actions", "trigger_id": "9.8.7", "response_url": api.URL + "/response/" + ts,
			"user": map[string]any{"id": user, "name": strings.ToLower(user)}, "team": map[string]any{"id": "T9TK3CUKW"},
			"container": map[string]any{"type": "message", "message_ts": "1780000000.000111", "channel_id": "C0SOURCING"},
			"actions":   []any{map[string]any{"action_id": action, "block_id": "tg_actions", "value": value, "type": "button", "action_ts": ts}}})
		if code != 200 {
			t.Fatalf("click %s: %d", action, code)
		}
	}
	if value == "" {
		t.Fatalf("no Escalate button value in %s", body)
	}
	click("escalate", value, "U0BUYER01", "1780000001.000001")
	opened := fake.await(t, "views.open", 1)[0].Get("json")
	var open struct {
		View struct {
			CallbackID      string `json:"callback_id"`
			PrivateMetadata string `json:"private_metadata"`
		} `json:"view"`
	}
	json.Unmarshal([]byte(opened), &open)
	if open.View.CallbackID != "escalate" || !strings.Contains(opened, "I ask TradeGuard to send this conversation") {
		t.Fatalf("consent form: %s", opened)
	}
	code, body = interact(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U0BUYER01", "name": "buyer"},
		"team": map[string]any{"id": "T9TK3CUKW"},
		"view": map[string]any{"id": "V0CONSENT", "hash": "1", "callback_id": "escalate", "private_metadata": open.View.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{"contact": map[string]any{"contact": map[string]any{"type": "plain_text_input", "value": "mia@example.org"}}}}}})
	if code != 200 || !strings.Contains(body, "Sending your case") {
		t.Fatalf("confirmation: %d %s", code, body)
	}

	// The relay posts the case to the lawyers' channel.
	lawyersPost := fake.await(t, "chat.postMessage", 1)[0]
	if lawyersPost.Get("channel") != "C0LAWYERS" || !strings.Contains(lawyersPost.Get("blocks"), "ACE-") ||
		!strings.Contains(lawyersPost.Get("blocks"), "case_accept") {
		t.Fatalf("lawyers' channel: %v", lawyersPost)
	}
	ref := refRE.FindString(lawyersPost.Get("blocks"))
	if updated := fake.await(t, "views.update", 1)[0].Get("json"); !strings.Contains(updated, ref) {
		t.Errorf("the consent form does not show %s: %s", ref, updated)
	}

	// A lawyer accepts; the message is updated and the buyer told by DM.
	click("case_accept", ref, "U0LAWYER", "1780000002.000001")
	if upd := fake.await(t, "chat.update", 1)[0]; !strings.Contains(upd.Get("blocks"), "Accepted by") {
		t.Errorf("lawyers' message after accept: %v", upd)
	}
	dm := fake.await(t, "chat.postMessage", 2)[1]
	if dm.Get("channel") != "D0BUYERDM" || !strings.Contains(dm.Get("blocks"), "accepted your case") {
		t.Errorf("buyer notice: %v", dm)
	}
}
