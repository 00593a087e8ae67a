package discord

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// The fake Discord: a REST API and a gateway over websocket on one
// httptest server, speaking Discord's wire format. discordgo's endpoints are
// package variables, so tests using it must not run in parallel.

const (
	fakeBotID = "900000000000000001"
	fakeAppID = "900000000000000002"
)

type fakeReq struct {
	Method, Path string
	Body         []byte
	Auth         string
}

type fakeLimit struct {
	method, prefix string
	n              int
	retryAfter     float64
	global         bool
}

type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	reqs     []fakeReq
	channels map[string]*discordgo.Channel
	limits   []*fakeLimit
	next     int64
	nonces   map[string]string // nonce → message ID
	dmFail   bool              // POST /users/@me/channels answers 403
	// startRemaining, when set, is the session_start_limit.remaining of
	// GET /gateway/bot.
	startRemaining *int
	// rejectResume answers RESUME with INVALID_SESSION (op 9).
	rejectResume bool
	// closeOnIdentify, when set, closes the connection with this code
	// instead of READY, when the IDENTIFY's intents match closeIntents
	// (all intents when 0).
	closeOnIdentify int
	closeIntents    int
	intents         []int        // of each IDENTIFY
	got             chan fakeReq // every REST request, for waiting

	// gateway
	conn       *websocket.Conn
	connMu     sync.Mutex // serialises writes to conn
	seq        int
	identifies int
	resumes    int
	connected  chan string // "identify" or "resume" after each handshake
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	f := &fakeDiscord{t: t, channels: map[string]*discordgo.Channel{}, next: 100, nonces: map[string]string{},
		got: make(chan fakeReq, 10000), connected: make(chan string, 16)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v9/", f.rest)
	mux.HandleFunc("/gw/", f.gateway)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.mu.Lock()
		if f.conn != nil {
			f.conn.Close()
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	pointDiscordgoAt(t, f.srv.URL)
	return f
}

// pointDiscordgoAt resets the endpoint variables discordgo computed at init
// (the func endpoints read these at call time) and restores them after t.
func pointDiscordgoAt(t testing.TB, base string) {
	vars := []*string{&discordgo.EndpointDiscord, &discordgo.EndpointAPI, &discordgo.EndpointGuilds,
		&discordgo.EndpointChannels, &discordgo.EndpointUsers, &discordgo.EndpointGateway,
		&discordgo.EndpointGatewayBot, &discordgo.EndpointWebhooks, &discordgo.EndpointApplications}
	saved := make([]string, len(vars))
	for i, v := range vars {
		saved[i] = *v
	}
	t.Cleanup(func() {
		for i, v := range vars {
			*v = saved[i]
		}
	})
	api := base + "/api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointDiscord = base + "/"
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = api + "gateway/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointApplications = api + "applications"
}

func (f *fakeDiscord) id() string {
	f.next++
	return strconv.FormatInt(f.next, 10) + "000000000000000"
}

// limit makes the next n requests matching method and path prefix answer 429.
func (f *fakeDiscord) limit(method, prefix string, n int, retryAfter float64, global bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits = append(f.limits, &fakeLimit{method, prefix, n, retryAfter, global})
}

func (f *fakeDiscord) requests() []fakeReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeReq(nil), f.reqs...)
}

// match returns the recorded requests with this method and a path containing part.
func (f *fakeDiscord) match(method, part string) []fakeReq {
	var out []fakeReq
	for _, r := range f.requests() {
		if r.Method == method && strings.Contains(r.Path, part) {
			out = append(out, r)
		}
	}
	return out
}

// waitFor waits until a request with method and path part arrives (or was
// already recorded) and returns it.
func (f *fakeDiscord) waitFor(method, part string) fakeReq {
	f.t.Helper()
	return f.waitN(method, part, 1)[0]
}

func (f *fakeDiscord) waitN(method, part string, n int) []fakeReq {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if got := f.match(method, part); len(got) >= n {
			return got
		}
		select {
		case <-f.got:
		case <-deadline:
			f.t.Fatalf("timed out waiting for %d × %s %s; got %d; all requests: %v", n, method, part, len(f.match(method, part)), f.paths())
		}
	}
}

func (f *fakeDiscord) paths() []string {
	var out []string
	for _, r := range f.requests() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func writeJSONStatus(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeDiscord) rest(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	req := fakeReq{Method: r.Method, Path: path, Body: body, Auth: r.Header.Get("Authorization")}
	f.mu.Lock()
	for _, l := range f.limits {
		if l.n > 0 && l.method == r.Method && strings.HasPrefix(path, l.prefix) {
			l.n--
			f.reqs = append(f.reqs, fakeReq{Method: r.Method, Path: path + " (429)", Body: body})
			f.mu.Unlock()
			w.Header().Set("Retry-After", strconv.FormatFloat(l.retryAfter, 'f', -1, 64))
			w.Header().Set("X-RateLimit-Reset-After", strconv.FormatFloat(l.retryAfter, 'f', -1, 64))
			w.Header().Set("X-RateLimit-Remaining", "0")
			if l.global {
				w.Header().Set("X-RateLimit-Global", "true")
				w.Header().Set("X-RateLimit-Scope", "global")
			} else {
				w.Header().Set("X-RateLimit-Scope", "user")
			}
			writeJSONStatus(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": l.retryAfter, "global": l.global})
			f.got <- req
			return
		}
	}
	f.reqs = append(f.reqs, req)
	defer func() { f.got <- req }()
	defer f.mu.Unlock()
	seg := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == "GET" && path == "/gateway":
		writeJSONStatus(w, 200, map[string]string{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gw"})
	case r.Method == "GET" && path == "/gateway/bot":
		remaining := 1000 - f.identifies
		if f.startRemaining != nil {
			remaining = *f.startRemaining
		}
		writeJSONStatus(w, 200, map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/gw", "shards": 1,
			"session_start_limit": map[string]int{"total": 1000, "remaining": remaining, "reset_after": 3600000, "max_concurrency": 1}})
	case r.Method == "GET" && path == "/users/@me":
		writeJSONStatus(w, 200, map[string]any{"id": fakeBotID, "username": "TradeGuard", "bot": true})
	case r.Method == "PUT" && seg[0] == "applications":
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	case r.Method == "POST" && seg[0] == "interactions":
		w.WriteHeader(http.StatusNoContent)
	case seg[0] == "webhooks" && r.Method == "PATCH":
		writeJSONStatus(w, 200, map[string]string{"id": "original", "channel_id": "x"})
	case seg[0] == "webhooks" && r.Method == "POST":
		writeJSONStatus(w, 200, map[string]string{"id": f.id(), "channel_id": "x"})
	case r.Method == "POST" && path == "/users/@me/channels":
		if f.dmFail {
			writeJSONStatus(w, 403, map[string]any{"message": "Cannot send messages to this user", "code": 50007})
			return
		}
		var in struct {
			RecipientID string `json:"recipient_id"`
		}
		json.Unmarshal(body, &in)
		writeJSONStatus(w, 200, map[string]any{"id": "dm" + in.RecipientID, "type": 1})
	case seg[0] == "channels" && len(seg) == 2 && r.Method == "GET":
		if ch, ok := f.channels[seg[1]]; ok {
			writeJSONStatus(w, 200, ch)
			return
		}
		writeJSONStatus(w, 404, map[string]any{"message": "Unknown Channel", "code": 10003})
	case seg[0] == "channels" && len(seg) == 3 && seg[2] == "messages" && r.Method == "POST":
		var in struct {
			Nonce string `json:"nonce"`
		}
		json.Unmarshal(body, &in)
		if id, ok := f.nonces[in.Nonce]; ok && in.Nonce != "" {
			writeJSONStatus(w, 200, map[string]string{"id": id, "channel_id": seg[1]})
			return
		}
		id := f.id()
		if in.Nonce != "" {
			f.nonces[in.Nonce] = id
		}
		writeJSONStatus(w, 200, map[string]string{"id": id, "channel_id": seg[1]})
	case seg[0] == "channels" && len(seg) == 4 && seg[2] == "messages" && r.Method == "PATCH":
		writeJSONStatus(w, 200, map[string]string{"id": seg[3], "channel_id": seg[1]})
	case seg[0] == "channels" && len(seg) == 5 && seg[4] == "threads" && r.Method == "POST":
		th := &discordgo.Channel{ID: f.id(), Type: discordgo.ChannelTypeGuildPublicThread, ParentID: seg[1], OwnerID: fakeBotID, GuildID: "g1"}
		f.channels[th.ID] = th
		writeJSONStatus(w, 201, th)
	default:
		writeJSONStatus(w, 404, map[string]any{"message": "404: Not Found (fake)", "code": 0})
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// gateway speaks the gateway protocol: HELLO, then READY after IDENTIFY or
// RESUMED after RESUME, heartbeat ACKs, and whatever dispatch sends.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	send := func(v any) error {
		f.connMu.Lock()
		defer f.connMu.Unlock()
		return c.WriteJSON(v)
	}
	if send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	var hello struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	for {
		if err := c.ReadJSON(&hello); err != nil {
			return
		}
		if hello.Op != 1 { // a heartbeat may come first
			break
		}
		send(map[string]any{"op": 11})
	}
	f.mu.Lock()
	reject := f.rejectResume
	f.mu.Unlock()
	if hello.Op == 6 && reject {
		send(map[string]any{"op": 9, "d": false})
		for hello.Op != 2 {
			if err := c.ReadJSON(&hello); err != nil {
				return
			}
		}
	}
	f.mu.Lock()
	f.seq++
	seq := f.seq
	kind := ""
	switch hello.Op {
	case 2:
		f.identifies++
		kind = "identify"
	case 6:
		f.resumes++
		kind = "resume"
	}
	f.conn = c
	f.mu.Unlock()
	switch kind {
	case "identify":
		var id struct {
			Token   string `json:"token"`
			Intents int    `json:"intents"`
		}
		json.Unmarshal(hello.D, &id)
		if id.Token != "Bot test-token" {
			f.t.Errorf("IDENTIFY with token %q", id.Token)
		}
		f.mu.Lock()
		f.intents = append(f.intents, id.Intents)
		code, match := f.closeOnIdentify, f.closeIntents
		f.mu.Unlock()
		if code != 0 && (match == 0 || id.Intents&match == match) {
			f.connMu.Lock()
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "refused by the fake"))
			f.connMu.Unlock()
			return
		}
		send(map[string]any{"op": 0, "s": seq, "t": "READY", "d": map[string]any{"v": 9, "session_id": "session-1",
			"user":        map[string]any{"id": fakeBotID, "username": "TradeGuard", "bot": true},
			"application": map[string]any{"id": fakeAppID}, "guilds": []any{}, "private_channels": []any{}}})
	case "resume":
		send(map[string]any{"op": 0, "s": seq, "t": "RESUMED", "d": map[string]any{}})
	default:
		return
	}
	f.connected <- kind
	for {
		var in struct {
			Op int `json:"op"`
		}
		if err := c.ReadJSON(&in); err != nil {
			return
		}
		if in.Op == 1 {
			send(map[string]any{"op": 11})
		}
	}
}

// dispatch sends a gateway event to the connected bot.
func (f *fakeDiscord) dispatch(event string, d any) {
	f.t.Helper()
	f.mu.Lock()
	f.seq++
	seq, c := f.seq, f.conn
	f.mu.Unlock()
	if c == nil {
		f.t.Fatal("dispatch: no gateway connection")
	}
	f.connMu.Lock()
	defer f.connMu.Unlock()
	if err := c.WriteJSON(map[string]any{"op": 0, "s": seq, "t": event, "d": d}); err != nil {
		f.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// drop closes the gateway connection abruptly (as a network failure would).
func (f *fakeDiscord) drop() {
	f.mu.Lock()
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	if c != nil {
		c.UnderlyingConn().Close()
	}
}

func (f *fakeDiscord) waitConnected(want string) {
	f.t.Helper()
	select {
	case got := <-f.connected:
		if got != want {
			f.t.Fatalf("gateway handshake %q, want %q", got, want)
		}
	case <-time.After(15 * time.Second):
		f.t.Fatalf("timed out waiting for a gateway %s", want)
	}
}

// --- fakes of the project's own interfaces ---

// fakeCases is an in-memory advisor.CaseService with function overrides.
type fakeCases struct {
	mu       sync.Mutex
	cases    map[string]*advisor.Case
	byKey    map[string]string
	n        int
	notifier advisor.Notifier // gets case_created like the relay would
	AcceptFn func(ref, lawyer string) (*advisor.Case, error)
}

var _ advisor.CaseService = (*fakeCases)(nil)

func newFakeCases() *fakeCases {
	return &fakeCases{cases: map[string]*advisor.Case{}, byKey: map[string]string{}}
}

func (f *fakeCases) CreateCase(ctx context.Context, c *advisor.Case) error {
	f.mu.Lock()
	if c.Consent.IdempotencyKey == "" {
		f.mu.Unlock()
		return advisor.Errorf(advisor.EINVALID, "consent is missing")
	}
	if ref, ok := f.byKey[c.Consent.IdempotencyKey]; ok {
		*c = *f.cases[ref]
		f.mu.Unlock()
		return nil
	}
	f.n++
	c.Ref = fmt.Sprintf("ACE-2026-%06d", f.n)
	c.Status = advisor.CaseNew
	c.CreatedAt = testTime
	cp := *c
	f.cases[c.Ref] = &cp
	f.byKey[c.Consent.IdempotencyKey] = c.Ref
	n := f.notifier
	f.mu.Unlock()
	if n != nil {
		// Like the outbox relay: the case stands even when the notice fails.
		n.Notify(ctx, advisor.Notice{Key: "created:" + c.Ref, Kind: advisor.NoticeCaseCreated, Case: &cp})
	}
	return nil
}

func (f *fakeCases) FindCaseByRef(ctx context.Context, ref string) (*advisor.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cases[ref]
	if !ok {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s.", ref)
	}
	cp := *c
	return &cp, nil
}

func (f *fakeCases) FindCases(ctx context.Context, flt advisor.CaseFilter) ([]*advisor.Case, error) {
	return nil, nil
}

func (f *fakeCases) AcceptCase(ctx context.Context, ref, lawyer string) (*advisor.Case, error) {
	if f.AcceptFn != nil {
		return f.AcceptFn(ref, lawyer)
	}
	return f.change(ref, func(c *advisor.Case) error {
		if c.Status != advisor.CaseNew {
			return advisor.Errorf(advisor.ECONFLICT, "Case %s is already %s.", ref, c.Status)
		}
		c.Status, c.Lawyer = advisor.CaseAccepted, lawyer
		return nil
	})
}

func (f *fakeCases) CloseCase(ctx context.Context, ref, lawyer, resolution string) (*advisor.Case, error) {
	return f.change(ref, func(c *advisor.Case) error {
		if c.Status == advisor.CaseClosed || c.Status == advisor.CaseWithdrawn {
			return advisor.Errorf(advisor.ECONFLICT, "Case %s is already %s.", ref, c.Status)
		}
		c.Status, c.Resolution = advisor.CaseClosed, resolution
		if c.Lawyer == "" {
			c.Lawyer = lawyer
		}
		return nil
	})
}

func (f *fakeCases) WithdrawCase(ctx context.Context, ref string, by advisor.Identity) (*advisor.Case, error) {
	return f.change(ref, func(c *advisor.Case) error {
		if c.Buyer.UserID != by.UserID || c.Buyer.Platform != by.Platform {
			return advisor.Errorf(advisor.EFORBIDDEN, "Only the buyer can withdraw a case.")
		}
		if c.Status != advisor.CaseNew {
			return advisor.Errorf(advisor.ECONFLICT, "A lawyer already accepted case %s.", ref)
		}
		c.Status = advisor.CaseWithdrawn
		return nil
	})
}

func (f *fakeCases) change(ref string, fn func(*advisor.Case) error) (*advisor.Case, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.cases[ref]
	if !ok {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s.", ref)
	}
	if err := fn(c); err != nil {
		return nil, err
	}
	cp := *c
	return &cp, nil
}

// testRules are two critical rules, so a paste with both is critical and
// suggests escalation whatever the real ruleset says.
func testRules() advisor.Ruleset {
	rule := func(id, phrase, source string) advisor.Rule {
		return advisor.Rule{ID: id, Severity: advisor.SeverityCritical, Title: "Test: " + id, Advice: "Do not pay.", Source: source,
			Keywords: []string{phrase}, Match: func(in *advisor.Input) (advisor.Finding, bool) {
				k := strings.Index(strings.ToLower(in.Text), phrase)
				if k < 0 {
					return advisor.Finding{}, false
				}
				return advisor.Finding{Evidence: in.Text[k : k+len(phrase)]}, true
			}}
	}
	return advisor.Ruleset{Version: "test-1", Rules: []advisor.Rule{
		rule("bank_account_change", "changed our bank account", "Bank Account Change Fraud"),
		rule("personal_beneficiary", "personal account", "Payments to Personal or Third-Party Accounts"),
	}}
}

const fraudPaste = "Dear buyer, we changed our bank account. Please pay the 30% deposit of USD 12,000 to my personal account today."

// writerFunc is an advisor.Writer from a function.
type writerFunc func(ctx context.Context, r advisor.WriteRequest) (string, []advisor.Citation, error)

func (f writerFunc) Write(ctx context.Context, r advisor.WriteRequest) (string, []advisor.Citation, error) {
	return f(ctx, r)
}

// logs captures log output so tests can wait for a line.
type logs struct {
	mu    sync.Mutex
	buf   strings.Builder
	wrote chan struct{}
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	select {
	case l.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitFor waits until the log contains s.
func (l *logs) waitFor(t *testing.T, s string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(l.String(), s) {
		select {
		case <-l.wrote:
		case <-deadline:
			t.Fatalf("log never said %q; log:\n%s", s, l.String())
		}
	}
}

type testBot struct {
	*Bot
	logs  *logs
	f     *fakeDiscord
	cases *fakeCases
	key   ed25519.PrivateKey
	http  *httptest.Server
	stop  func()
}

// newTestBot builds a Bot with a real Engine (test rules), a fake case
// store, a fresh key pair and the fake Discord, and runs it.
func newTestBot(t testing.TB, mods ...func(*Config)) *testBot {
	return newTestBotWith(t, nil, mods...)
}

// newTestBotWith runs before(f) on the fake before the bot starts.
func newTestBotWith(t testing.TB, before func(*fakeDiscord), mods ...func(*Config)) *testBot {
	t.Helper()
	f := newFakeDiscord(t)
	if before != nil {
		before(f)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	e := bot.NewEngine(advisor.New(testRules(), nil, advisor.Config{}))
	lg := &logs{wrote: make(chan struct{}, 1)}
	e.Log = slog.New(slog.NewTextHandler(lg, nil))
	cases := newFakeCases()
	e.Cases = cases
	cfg := Config{Token: "test-token", PublicKey: pub, LawyersChannelID: "700000000000000001",
		LawyerRoleID: "800000000000000001", Gateway: true, BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond}
	for _, m := range mods {
		m(&cfg)
	}
	b, err := New(cfg, e, e.Log)
	if err != nil {
		t.Fatal(err)
	}
	b.identify.MinGap = time.Millisecond
	cases.notifier = b.Lawyers()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	mux := http.NewServeMux()
	b.Register(mux)
	hs := httptest.NewServer(mux)
	tb := &testBot{Bot: b, logs: lg, f: f, cases: cases, key: priv, http: hs}
	tb.stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("Run did not stop")
		}
		hs.Close()
	}
	t.Cleanup(tb.stop)
	return tb
}

// sign returns a request to the interactions endpoint signed with key at ts.
func signedRequest(t testing.TB, url string, key ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(stamp), body...))
	r, err := http.NewRequest("POST", url+Path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("Content-Type", "application/json")
	return r
}

// response is an interaction response as the tests read it back (discordgo
// cannot unmarshal InteractionResponseData's components; Message can).
type response struct {
	Type discordgo.InteractionResponseType
	Data *responseData
}

type responseData struct {
	*discordgo.Message
	CustomID, Title string
}

func (r *response) UnmarshalJSON(raw []byte) error {
	var head struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return err
	}
	r.Type = head.Type
	if len(head.Data) == 0 || string(head.Data) == "null" {
		return nil
	}
	r.Data = &responseData{Message: &discordgo.Message{}}
	if err := json.Unmarshal(head.Data, r.Data.Message); err != nil {
		return err
	}
	var extra struct {
		CustomID string `json:"custom_id"`
		Title    string `json:"title"`
	}
	json.Unmarshal(head.Data, &extra)
	r.Data.CustomID, r.Data.Title = extra.CustomID, extra.Title
	return nil
}

// post sends a signed interaction and decodes the response.
func (tb *testBot) post(t testing.TB, body []byte) (int, response) {
	t.Helper()
	var out response
	resp, err := http.DefaultClient.Do(signedRequest(t, tb.http.URL, tb.key, time.Now(), body))
	if err != nil {
		t.Error(err)
		return 0, out
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Errorf("response %s: %v", raw, err)
		}
	}
	return resp.StatusCode, out
}

// Interaction payloads, shaped like Discord's.

const (
	buyerID   = "500000000000000001"
	lawyerID  = "500000000000000009"
	channelID = "600000000000000001"
	guildID   = "400000000000000001"
)

func member(userID, name string, roles ...string) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	return map[string]any{"user": map[string]any{"id": userID, "username": name}, "roles": roles}
}

func interaction(id string, typ discordgo.InteractionType, channel string, mem map[string]any, data any, message any) map[string]any {
	m := map[string]any{"id": id, "application_id": fakeAppID, "type": typ, "token": "tok-" + id, "version": 1,
		"guild_id": guildID, "channel_id": channel, "member": mem, "data": data}
	if message != nil {
		m["message"] = message
	}
	return m
}

func slashAsk(id, question string) map[string]any {
	return interaction(id, discordgo.InteractionApplicationCommand, channelID, member(buyerID, "buyer_jo"), map[string]any{
		"id": "cmd1", "name": "tradeguard", "type": 1, "options": []any{map[string]any{"name": "ask", "type": 1,
			"options": []any{map[string]any{"name": "question", "type": 3, "value": question}}}}}, nil)
}

func click(id, customID, channel string, mem map[string]any, messageID string) map[string]any {
	return interaction(id, discordgo.InteractionMessageComponent, channel, mem,
		map[string]any{"custom_id": customID, "component_type": 2},
		map[string]any{"id": messageID, "channel_id": channel, "content": "", "embeds": []any{}})
}

func modalSubmit(id, customID, channel string, mem map[string]any, values map[string]string, messageID string) map[string]any {
	var rows []any
	for k, v := range values {
		rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": k, "value": v}}})
	}
	var msg any
	if messageID != "" {
		msg = map[string]any{"id": messageID, "channel_id": channel, "content": ""}
	}
	return interaction(id, discordgo.InteractionModalSubmit, channel, mem, map[string]any{"custom_id": customID, "components": rows}, msg)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
