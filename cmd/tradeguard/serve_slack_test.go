package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/bot"
	slackbot "tradeguard/bot/slack"
)

func slackServices(cfg Config) *services {
	e := bot.NewEngine(advisor.New(rules.Default(), nil, advisor.Config{}))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return &services{cfg: cfg, engine: e, mux: http.NewServeMux(), log: log,
		lawyers: map[string]advisor.Notifier{}, buyers: map[string]advisor.Notifier{}}
}

// fakeSlackAPI answers auth.test with ok or with the given error.
func fakeSlackAPI(t *testing.T, authErr string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if authErr != "" {
			io.WriteString(w, `{"ok":false,"error":"`+authErr+`"}`)
			return
		}
		io.WriteString(w, `{"ok":true,"team_id":"T1","user_id":"U0BOT"}`)
	}))
	t.Cleanup(srv.Close)
	slackAPIURL = srv.URL + "/api/"
	t.Cleanup(func() { slackAPIURL = "" })
}

func TestSetupSlackOff(t *testing.T) {
	s := slackServices(Config{SlackCommand: "/tradeguard"})
	if err := setupSlack(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest("POST", "/slack/commands", strings.NewReader("")))
	if rec.Code != http.StatusNotFound || len(s.background) != 0 || len(s.ready) != 0 || len(s.lawyers) != 0 || len(s.buyers) != 0 {
		t.Errorf("with no Slack settings: status %d, %d loops, %d checks, %d+%d notifiers",
			rec.Code, len(s.background), len(s.ready), len(s.lawyers), len(s.buyers))
	}
}

func TestSetupSlackErrors(t *testing.T) {
	for _, tt := range []struct {
		name    string
		cfg     Config
		authErr string
		want    string
	}{
		{"secret without bot token", Config{SlackSigningSecret: "s"}, "", "SLACK_BOT_TOKEN (xoxb-…) is required"},
		{"app token without bot token", Config{SlackAppToken: "xapp-1"}, "", "SLACK_BOT_TOKEN (xoxb-…) is required"},
		{"bot token alone", Config{SlackBotToken: "xoxb-1"}, "", "needs SLACK_SIGNING_SECRET"},
		{"lawyers' channel without lawyers", Config{SlackBotToken: "xoxb-1", SlackSigningSecret: "s", SlackLawyersChannel: "C1"}, "", "needs SLACK_LAWYER_USER_IDS"},
		{"refused token", Config{SlackBotToken: "xoxb-1", SlackSigningSecret: "s"}, "invalid_auth", "SLACK_BOT_TOKEN was refused by Slack (invalid_auth)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fakeSlackAPI(t, tt.authErr)
			err := setupSlack(context.Background(), slackServices(tt.cfg))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestSetupSlackHTTP: with a bot token and a signing secret, serve answers
// a signed slash command with Block Kit and refuses a forged one; the
// lawyers' and buyers' notifiers are registered.
func TestSetupSlackHTTP(t *testing.T) {
	fakeSlackAPI(t, "")
	s := slackServices(Config{SlackBotToken: "xoxb-1", SlackSigningSecret: "secret", SlackCommand: "/tradeguard",
		SlackLawyersChannel: "C0LAWYERS", SlackLawyerUserIDs: []string{"U0LAWYER"}})
	if err := setupSlack(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if len(s.background) != 1 || len(s.ready) != 1 || s.lawyers["slack"] == nil || s.buyers["slack"] == nil {
		t.Fatalf("%d loops, %d checks, lawyers %v, buyers %v", len(s.background), len(s.ready), s.lawyers, s.buyers)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.background[0](ctx)
	if err := s.ready[0](ctx); err != nil {
		t.Errorf("not ready in HTTP mode: %v", err)
	}
	body := []byte(url.Values{"team_id": {"T1"}, "channel_id": {"C0SOURCING"}, "user_id": {"U0BUYER01"}, "command": {"/tradeguard"},
		"text": {"how many days do I have to open a dispute?"}, "response_url": {"https://hooks.slack.com/commands/x"}}.Encode())
	for _, tt := range []struct {
		secret string
		code   int
	}{{"secret", 200}, {"forged", 401}} {
		r := httptest.NewRequest("POST", "/slack/commands", strings.NewReader(string(body)))
		slackbot.SignRequest(r, []byte(tt.secret), time.Now(), body)
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		if rec.Code != tt.code || tt.code == 200 && !strings.Contains(rec.Body.String(), `"blocks"`) {
			t.Errorf("signed with %q: %d %.200s", tt.secret, rec.Code, rec.Body)
		}
	}
}

// TestSetupSlackSocketOnly: with an app token and no signing secret the HTTP
// endpoints are not mounted (nothing could verify them).
func TestSetupSlackSocketOnly(t *testing.T) {
	fakeSlackAPI(t, "")
	s := slackServices(Config{SlackBotToken: "xoxb-1", SlackAppToken: "xapp-1"})
	if err := setupSlack(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.mux.ServeHTTP(rec, httptest.NewRequest("POST", "/slack/events", strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound || len(s.background) != 1 || s.lawyers["slack"] != nil {
		t.Errorf("status %d, %d loops, lawyers %v", rec.Code, len(s.background), s.lawyers)
	}
	if err := s.ready[0](context.Background()); err == nil {
		t.Errorf("ready before Socket Mode connected")
	}
}
