package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	slackbot "tradeguard/bot/slack"
)

// slackAPIURL points the Slack client at another Web API (tests only).
var slackAPIURL string

// setupSlack adds the Slack front end to s when Slack is configured: the
// signed HTTP endpoints (with SLACK_SIGNING_SECRET), Socket Mode (with
// SLACK_APP_TOKEN), the lawyers' channel notifier (with
// SLACK_LAWYERS_CHANNEL) and the buyers' notifier. With no Slack settings it
// adds nothing.
func setupSlack(ctx context.Context, s *services) error {
	c := s.cfg
	if c.SlackBotToken == "" && c.SlackSigningSecret == "" && c.SlackAppToken == "" {
		return nil
	}
	switch {
	case c.SlackBotToken == "":
		return errors.New("SLACK_BOT_TOKEN (xoxb-…) is required with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: copy the Bot User OAuth Token from OAuth & Permissions")
	case c.SlackSigningSecret == "" && c.SlackAppToken == "":
		return errors.New("SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET (HTTP endpoints, from Basic Information → App Credentials) or SLACK_APP_TOKEN (Socket Mode, xapp-…), or both")
	case c.SlackLawyersChannel != "" && len(c.SlackLawyerUserIDs) == 0:
		return errors.New("SLACK_LAWYERS_CHANNEL needs SLACK_LAWYER_USER_IDS: the Slack user IDs (U…) allowed to accept and close cases")
	}
	opts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second})}
	if c.SlackAppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(c.SlackAppToken))
	}
	if slackAPIURL != "" {
		opts = append(opts, slack.OptionAPIURL(slackAPIURL))
	}
	b := slackbot.New(slack.New(c.SlackBotToken, opts...), s.engine, slackbot.Config{
		SigningSecret:  c.SlackSigningSecret,
		Command:        c.SlackCommand,
		LawyersChannel: c.SlackLawyersChannel,
		LawyerIDs:      c.SlackLawyerUserIDs,
		SocketMode:     c.SlackAppToken != "",
		Now:            s.engine.Now,
		Log:            s.log,
	})
	if err := b.CheckAuth(ctx); err != nil {
		return err
	}
	if c.SlackSigningSecret != "" {
		b.Register(s.mux)
	}
	if c.SlackLawyersChannel != "" {
		s.lawyers["slack"] = b.Lawyers()
	}
	s.buyers["slack"] = b.Buyers()
	s.background = append(s.background, b.Run)
	s.ready = append(s.ready, b.Ready)
	s.log.Info("slack front end ready", "http", c.SlackSigningSecret != "", "socket_mode", c.SlackAppToken != "",
		"lawyers_channel", c.SlackLawyersChannel != "")
	return nil
}
