package main

import (
	"context"
	"errors"
)

// setupSlack adds the Slack front end to s when Slack is configured.
func setupSlack(ctx context.Context, s *services) error {
	if s.cfg.SlackBotToken == "" && s.cfg.SlackSigningSecret == "" {
		return nil
	}
	return errors.New("the Slack front end is not built yet")
}
