package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
	"tradeguard/bot"
)

func TestHTTPVerification(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	ping := mustJSON(t, map[string]any{"id": "1", "application_id": fakeAppID, "type": 1, "token": "t", "version": 1})
	_, otherKey, _ := ed25519.GenerateKey(nil)
	now := time.Now()
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		body   string
	}{
		{"ping", func() *http.Request { return signedRequest(t, tb.http.URL, tb.key, now, ping) }, 200, `{"type":1}`},
		{"wrong key", func() *http.Request { return signedRequest(t, tb.http.URL, otherKey, now, ping) }, 401, ""},
		{"stale", func() *http.Request { return signedRequest(t, tb.http.URL, tb.key, now.Add(-6*time.Minute), ping) }, 401, ""},
		{"future", func() *http.Request { return signedRequest(t, tb.http.URL, tb.key, now.Add(6*time.Minute), ping) }, 401, ""},
		{"tampered body", func() *http.Request {
			r := signedRequest(t, tb.http.URL, tb.key, now, ping)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(string(ping), `"type":1`, `"type":2`, 1)))
			r.ContentLength = -1
			return r
		}, 401, ""},
		{"no headers", func() *http.Request {
			r, _ := http.NewRequest("POST", tb.http.URL+Path, bytes.NewReader(ping))
			return r
		}, 401, ""},
		{"too big", func() *http.Request {
			return signedRequest(t, tb.http.URL, tb.key, now, bytes.Repeat([]byte("x"), MaxBodyBytes+1))
		}, 413, ""},
		{"too big, no length", func() *http.Request {
			r := signedRequest(t, tb.http.URL, tb.key, now, ping)
			r.Body = io.NopCloser(io.LimitReader(zeros{}, MaxBodyBytes+1))
			r.ContentLength = -1
			return r
		}, 413, ""},
		{"signed garbage", func() *http.Request { return signedRequest(t, tb.http.URL, tb.key, now, []byte("not json")) }, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || strings.TrimSpace(string(raw)) != tt.body {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, raw, tt.status, tt.body)
			}
		})
	}
	if resp, err := http.Get(tb.http.URL + Path); err == nil {
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %d", resp.StatusCode)
		}
		resp.Body.Close()
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

func TestHTTPAsk(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	resp, err := http.DefaultClient.Do(signedRequest(t, tb.http.URL, tb.key, time.Now(), mustJSON(t, slashAsk("1001", fraudPaste))))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	if !bytes.Contains(raw, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("response without allowed_mentions parse []: %s", raw)
	}
	var out response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if out.Type != discordgo.InteractionResponseChannelMessageWithSource || out.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("type %d flags %d, want an ephemeral message", out.Type, out.Data.Flags)
	}
	e := out.Data.Embeds[0]
	if !strings.HasPrefix(e.Title, bot.LevelWords[advisor.LevelCritical]) || e.Color != levelColour[advisor.LevelCritical] {
		t.Errorf("embed %q colour %x, want the critical level", e.Title, e.Color)
	}
	ids := buttonIDs(out.Data.Components)
	want := []string{"tg:esc:" + buyerID + ":" + channelID + ":", "tg:ev:" + buyerID + ":" + channelID + ":", "tg:share:" + buyerID + ":" + channelID + ":"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("buttons %q, want %q", ids, want)
	}
}

func buttonIDs(rows []discordgo.MessageComponent) []string {
	var ids []string
	for _, r := range rows {
		for _, c := range r.(*discordgo.ActionsRow).Components {
			ids = append(ids, c.(*discordgo.Button).CustomID)
		}
	}
	return ids
}

func TestHTTPDuplicateAnsweredOnce(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	body := mustJSON(t, slashAsk("2001", fraudPaste))
	var bodies [3][]byte
	var wg sync.WaitGroup
	for k := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.DefaultClient.Do(signedRequest(t, tb.http.URL, tb.key, time.Now(), body))
			if err != nil {
				t.Error(err)
				return
			}
			bodies[k], _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if !bytes.Equal(bodies[0], bodies[1]) || !bytes.Equal(bodies[1], bodies[2]) {
		t.Errorf("duplicates got different answers:\n%s\n%s\n%s", bodies[0], bodies[1], bodies[2])
	}
	conv, ok := tb.Engine.Conversation(advisor.Request{Platform: "discord", User: buyerID, Channel: channelID})
	if !ok || len(conv.Inputs) != 1 {
		t.Errorf("the interaction was handled %d times, want once", len(conv.Inputs))
	}
}

// TestHTTPFlood sends 200 signed interactions at once: every one is answered.
func TestHTTPFlood(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	const n = 200
	codes := make([]int, n)
	types := make([]discordgo.InteractionResponseType, n)
	var wg sync.WaitGroup
	start := time.Now()
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := slashAsk(strconv.Itoa(30000+k), fraudPaste)
			in["member"] = member(strconv.Itoa(510000000000000000+k), "u")
			code, out := tb.post(t, mustJSON(t, in))
			codes[k], types[k] = code, out.Type
		}()
	}
	wg.Wait()
	for k := range codes {
		if codes[k] != 200 || types[k] != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("interaction %d: status %d type %d", k, codes[k], types[k])
		}
	}
	t.Logf("%d interactions answered in %v", n, time.Since(start))
}

func TestHTTPCheckModal(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	check := interaction("3001", discordgo.InteractionApplicationCommand, channelID, member(buyerID, "buyer_jo"), map[string]any{
		"id": "cmd1", "name": "tradeguard", "type": 1, "options": []any{map[string]any{"name": "check", "type": 1}}}, nil)
	_, out := tb.post(t, mustJSON(t, check))
	if out.Type != discordgo.InteractionResponseModal || out.Data.CustomID != checkModalID {
		t.Fatalf("got type %d id %q, want the paste modal", out.Type, out.Data.CustomID)
	}
	in := out.Data.Components[0].(*discordgo.ActionsRow).Components[0].(*discordgo.TextInput)
	if in.Style != discordgo.TextInputParagraph || in.MaxLength != 4000 {
		t.Errorf("text input %+v, want a paragraph of at most 4000", in)
	}
	long := fraudPaste + strings.Repeat(" More text from the supplier.", 120)
	_, out = tb.post(t, mustJSON(t, modalSubmit("3002", checkModalID, channelID, member(buyerID, "buyer_jo"), map[string]string{"paste": long}, "")))
	if out.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.HasPrefix(out.Data.Embeds[0].Title, "Critical") {
		t.Errorf("modal answer: type %d %+v", out.Type, out.Data)
	}
}

func TestHTTPHelpAndUnknown(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	help := interaction("3101", discordgo.InteractionApplicationCommand, channelID, member(buyerID, "b"), map[string]any{
		"id": "c", "name": "tradeguard", "type": 1, "options": []any{map[string]any{"name": "help", "type": 1}}}, nil)
	_, out := tb.post(t, mustJSON(t, help))
	if out.Data == nil || len(out.Data.Embeds) != 1 || out.Data.Embeds[0].Title != "TradeGuard help" || out.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("help: %+v", out.Data)
	}
	_, out = tb.post(t, mustJSON(t, click("3102", "tg:nonsense", channelID, member(buyerID, "b"), "m1")))
	if out.Data == nil || out.Data.Content != msgUnknown {
		t.Errorf("unknown button: %+v", out.Data)
	}
}
