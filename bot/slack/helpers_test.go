package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"

	"tradeguard/advisor"
	"tradeguard/bot"
	"tradeguard/knowledge"
)

// testSecret signs every request of the handler tests.
const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// testNow is the fixed clock of the handler tests.
var testNow = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)

// scamPaste is a supplier message with a bank-account change, urgency, a
// free e-mail address, an IBAN and an account number.
const scamPaste = "Dear customer, our bank account is under audit, kindly pay the balance USD 23,400 to our new account asap.\n" +
	"Beneficiary: Zhang Wei, IBAN DE89370400440532013000, account 6222021001123456789, contact sales.cindy@163.com"

// testRules is a small ruleset of our own, so these tests do not move when
// the real rules change.
func testRules() advisor.Ruleset {
	rule := func(id string, sev advisor.Severity, title, advice, pattern string) advisor.Rule {
		re := regexp.MustCompile(pattern)
		return advisor.Rule{ID: id, Severity: sev, Title: title, Advice: advice, Source: "Red flags",
			Match: func(in *advisor.Input) (advisor.Finding, bool) {
				if m := re.FindString(in.Text); m != "" {
					return advisor.Finding{Evidence: m}, true
				}
				return advisor.Finding{}, false
			}}
	}
	return advisor.Ruleset{Version: "test-1", Rules: []advisor.Rule{
		rule("bank_account_change", advisor.SeverityCritical, "The supplier says its bank account changed",
			"Do not pay. Call the supplier on a number you already had and pay only through Alibaba.com.",
			`(?i)our (?:bank account is under audit|new account)[^.]*`),
		rule("off_platform_payment", advisor.SeverityCritical, "Payment outside Alibaba.com",
			"Pay only through the Alibaba.com order page; a direct bank transfer is not covered by Trade Assurance.", `(?i)\bIBAN [A-Z]{2}[0-9]{2}[A-Z0-9]+`),
		rule("urgency_pressure", advisor.SeverityMedium, "Pressure to pay quickly", "Slow down: scammers rush you.", `(?i)\basap\b|\burgent(?:ly)?\b`),
		rule("free_email_domain", advisor.SeverityLow, "Free e-mail address", "Real factories write from their own domain.", `(?i)[a-z0-9._]+@(?:163|gmail|qq)\.com`),
	}}
}

var (
	guideOnce sync.Once
	guide     *knowledge.Index
)

// guideIndex is the built-in guide, indexed once.
func guideIndex() *knowledge.Index {
	guideOnce.Do(func() { guide = knowledge.NewIndex(knowledge.Builtin()) })
	return guide
}

// testEngine is a real engine over the real core, with testRules and the
// built-in guide, on the fixed clock.
func testEngine(tb testing.TB) *bot.Engine {
	tb.Helper()
	e := bot.NewEngine(advisor.New(testRules(), guideIndex(), advisor.Config{}))
	e.Now = func() time.Time { return testNow }
	e.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	return e
}

// call is one request the fake Slack received.
type call struct {
	Method string     // "chat.postMessage", or "response" for a response_url
	Form   url.Values // form-encoded Web API calls
	JSON   map[string]any
	Raw    string
	ViewID string // the id views.open answered with
}

// fakeSlack is a local Slack Web API and response_url endpoint.
type fakeSlack struct {
	*httptest.Server
	mu    sync.Mutex
	calls []call
	ts    int
	poke  chan struct{}
	// fail, when it returns true, has answered the request itself.
	fail func(w http.ResponseWriter, method string) bool
	// sockets receives each Socket Mode connection the bot opens.
	sockets chan *websocket.Conn
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{poke: make(chan struct{}, 1), sockets: make(chan *websocket.Conn, 4)}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// apiURL is the Web API base for slack.OptionAPIURL.
func (f *fakeSlack) apiURL() string { return f.URL + "/api/" }

// responseURL is a fake response_url.
func (f *fakeSlack) responseURL(name string) string { return f.URL + "/response/" + name }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws" {
		// Slack sends Origin: https://api.slack.com; accept it.
		up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
		conn, err := up.Upgrade(w, r, nil)
		if err == nil {
			f.sockets <- conn
		}
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := call{Raw: string(body)}
	if name, ok := strings.CutPrefix(r.URL.Path, "/response/"); ok {
		c.Method = "response"
		c.Form = url.Values{"name": {name}}
	} else {
		c.Method = strings.TrimPrefix(r.URL.Path, "/api/")
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &c.JSON)
	} else if c.Method != "response" {
		c.Form, _ = url.ParseQuery(string(body))
	}
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail != nil && fail(w, c.Method) {
		f.record(c)
		return
	}
	f.mu.Lock()
	f.ts++
	ts := fmt.Sprintf("1780000000.%06d", f.ts)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch c.Method {
	case "response":
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	case "auth.test":
		io.WriteString(w, `{"ok":true,"url":"https://example.slack.com/","team":"Example","user":"tradeguard","team_id":"T9TK3CUKW","user_id":"U0BOT","bot_id":"B0BOT"}`)
	case "chat.postMessage", "chat.update":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q}`, c.Form.Get("channel"), ts)
	case "chat.postEphemeral":
		fmt.Fprintf(w, `{"ok":true,"message_ts":%q}`, ts)
	case "views.open", "views.update":
		c.ViewID = fmt.Sprintf("V0VIEW%04d", f.ts)
		fmt.Fprintf(w, `{"ok":true,"view":{"id":%q,"type":"modal","hash":"156663117.cd33ad1f"}}`, c.ViewID)
	case "apps.connections.open":
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, "ws"+strings.TrimPrefix(f.URL, "http")+"/ws")
	case "conversations.open":
		io.WriteString(w, `{"ok":true,"channel":{"id":"D0BUYERDM"}}`)
	default:
		io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
	}
	f.record(c)
}

func (f *fakeSlack) record(c call) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	select {
	case f.poke <- struct{}{}:
	default:
	}
}

// setFail installs (or with nil removes) the failure hook.
func (f *fakeSlack) setFail(fn func(w http.ResponseWriter, method string) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = fn
}

// callsTo returns the calls made so far to method.
func (f *fakeSlack) callsTo(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitFor waits until method was called at least n times and returns those
// calls.
func (f *fakeSlack) waitFor(t *testing.T, method string, n int) []call {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if got := f.callsTo(method); len(got) >= n {
			return got
		}
		select {
		case <-f.poke:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("waited 10s for %d call(s) to %s; got %d", n, method, len(f.callsTo(method)))
		}
	}
}

// blocksJSON returns the blocks a call sent, as JSON text.
func (c call) blocksJSON() string {
	if c.Form != nil && c.Form.Get("blocks") != "" {
		return c.Form.Get("blocks")
	}
	if c.JSON != nil {
		if b, ok := c.JSON["blocks"]; ok {
			raw, _ := json.Marshal(b)
			return string(raw)
		}
		if v, ok := c.JSON["view"]; ok {
			raw, _ := json.Marshal(v)
			return string(raw)
		}
	}
	return c.Raw
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a running Bot wired to a fake Slack and a real engine.
type harness struct {
	t      testing.TB
	bot    *Bot
	engine *bot.Engine
	slack  *fakeSlack
	logs   *syncBuffer
	h      http.Handler
}

// newHarness starts a Bot; edit adjusts its Config before it starts.
func newHarness(t testing.TB, edit func(*Config, *bot.Engine)) *harness {
	t.Helper()
	f := newFakeSlack(t)
	e := testEngine(t)
	logs := &syncBuffer{}
	cfg := Config{
		SigningSecret:  testSecret,
		LawyersChannel: "C0LAWYERS",
		LawyerIDs:      []string{"U0LAWYER"},
		PostInterval:   time.Millisecond,
		Workers:        4,
		Now:            func() time.Time { return testNow },
		Log:            slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		HTTPClient:     f.Client(),
	}
	if edit != nil {
		edit(&cfg, e)
	}
	client := slack.New("xoxb-test", slack.OptionAPIURL(f.apiURL()), slack.OptionAppLevelToken("xapp-1-test"),
		slack.OptionHTTPClient(f.Client()))
	b := New(client, e, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("Run did not stop")
		}
	})
	return &harness{t: t, bot: b, engine: e, slack: f, logs: logs, h: b.Handler()}
}

// do sends a request signed at the test clock to path.
func (h *harness) do(path string, body []byte, header ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	SignRequest(r, []byte(testSecret), testNow, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, r)
	return w
}

// command sends a slash command with text, based on the recorded form.
func (h *harness) command(text string, edit func(url.Values)) *httptest.ResponseRecorder {
	h.t.Helper()
	vals, err := url.ParseQuery(strings.TrimSpace(readTestdata(h.t, "slash_command.form")))
	if err != nil {
		h.t.Fatal(err)
	}
	vals.Set("text", text)
	vals.Set("response_url", h.slack.responseURL("command"))
	if edit != nil {
		edit(vals)
	}
	return h.do("/slack/commands", []byte(vals.Encode()))
}

// interact sends an interaction payload (JSON) as Slack does: a form field.
func (h *harness) interact(payload []byte) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.do("/slack/interactions", []byte(url.Values{"payload": {string(payload)}}.Encode()))
}

func readTestdata(tb testing.TB, name string) string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(raw)
}

// patched reads a recorded JSON payload and lets edit change it.
func patched(tb testing.TB, name string, edit func(m map[string]any)) []byte {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(readTestdata(tb, name)), &m); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if edit != nil {
		edit(m)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// obj returns m[key] as an object, creating it.
func obj(m map[string]any, key string) map[string]any {
	if o, ok := m[key].(map[string]any); ok {
		return o
	}
	o := map[string]any{}
	m[key] = o
	return o
}

// decodeMsg decodes a slash command's or response_url's message.
func decodeMsg(t *testing.T, raw []byte) (msg struct {
	ResponseType    string            `json:"response_type"`
	Text            string            `json:"text"`
	Blocks          []json.RawMessage `json:"blocks"`
	ReplaceOriginal bool              `json:"replace_original"`
}) {
	t.Helper()
	if err := json.Unmarshal(raw, &msg); err != nil {
		t.Fatalf("response is not a message: %v\n%s", err, raw)
	}
	return msg
}

// buttonValue finds the value of the button with actionID in blocks JSON.
func buttonValue(t *testing.T, blocksJSON string, actionID string) string {
	t.Helper()
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(blocksJSON), &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			el, _ := e.(map[string]any)
			if el["action_id"] == actionID {
				return el["value"].(string)
			}
		}
	}
	t.Fatalf("no %q button in %s", actionID, blocksJSON)
	return ""
}

// idle waits until no job is queued or running.
func (h *harness) idle() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.bot.pending.Load() > 0 {
		if time.Now().After(deadline) {
			h.t.Fatal("jobs still running after 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

// textOf returns every text of the text objects in a JSON message.
func textOf(t *testing.T, raw []byte) string {
	t.Helper()
	var b strings.Builder
	collectText(t, raw, &b)
	return b.String()
}

func contextWithTimeout(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}
