package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/bot"
)

func discordServices(cfg Config) *services {
	e := bot.NewEngine(advisor.New(rules.Default(), nil, advisor.Config{}))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &services{cfg: cfg, engine: e, mux: http.NewServeMux(), log: log,
		lawyers: map[string]advisor.Notifier{}, buyers: map[string]advisor.Notifier{}}
}

func TestSetupDiscordOff(t *testing.T) {
	s := discordServices(Config{})
	if err := setupDiscord(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest("POST", "/discord/interactions", strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound || len(s.background) != 0 || len(s.lawyers) != 0 || len(s.buyers) != 0 {
		t.Errorf("with no Discord settings: status %d, %d loops, %d+%d notifiers", rec.Code, len(s.background), len(s.lawyers), len(s.buyers))
	}
}

func TestSetupDiscordErrors(t *testing.T) {
	key := strings.Repeat("ab", 32)
	for _, tt := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"channel without token", Config{DiscordPublicKey: key, DiscordLawyersChannelID: "1", DiscordLawyerRoleID: "2"}, "needs DISCORD_BOT_TOKEN"},
		{"channel without role", Config{DiscordBotToken: "t", DiscordLawyersChannelID: "1"}, "needs DISCORD_LAWYER_ROLE_ID"},
		{"bad key", Config{DiscordPublicKey: strings.Repeat("zz", 32)}, "DISCORD_PUBLIC_KEY"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := setupDiscord(context.Background(), discordServices(tt.cfg))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestSetupDiscordHTTPOnly: with only the public key, serve answers signed
// interactions on POST /discord/interactions and refuses forged ones.
func TestSetupDiscordHTTPOnly(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	s := discordServices(Config{DiscordPublicKey: hex.EncodeToString(pub), DataDir: t.TempDir()})
	if err := setupDiscord(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if len(s.background) != 1 || len(s.lawyers) != 0 || len(s.buyers) != 0 {
		t.Errorf("%d loops, %d+%d notifiers; want the worker loop only", len(s.background), len(s.lawyers), len(s.buyers))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.background[0](ctx)
	srv := httptest.NewServer(s.mux)
	defer srv.Close()
	post := func(key ed25519.PrivateKey, body string) (int, string) {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		r, _ := http.NewRequest("POST", srv.URL+"/discord/interactions", strings.NewReader(body))
		r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, []byte(ts+body))))
		r.Header.Set("X-Signature-Timestamp", ts)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	if code, body := post(priv, `{"id":"1","application_id":"2","type":1,"token":"t","version":1}`); code != 200 || body != `{"type":1}` {
		t.Errorf("PING: %d %s", code, body)
	}
	_, forger, _ := ed25519.GenerateKey(nil)
	if code, body := post(forger, `{"id":"2","application_id":"2","type":1,"token":"t","version":1}`); code != 401 || body != "" {
		t.Errorf("forged: %d %q", code, body)
	}
	ask := `{"id":"3","application_id":"2","type":2,"token":"t","version":1,"channel_id":"10","guild_id":"20",
		"member":{"user":{"id":"30","username":"jo"},"roles":[]},
		"data":{"id":"c","name":"tradeguard","type":1,"options":[{"name":"ask","type":1,"options":[{"name":"question","type":3,"value":"How long do I have to open a dispute?"}]}]}}`
	code, body := post(priv, ask)
	if code != 200 || !strings.Contains(body, `"type":4`) || !strings.Contains(body, `"embeds":[{"type":"rich"`) ||
		!strings.Contains(body, `"flags":64`) || !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
		t.Errorf("ask: %d %s", code, body)
	}
}
