package main

import (
	"context"
	"errors"
)

// setupDiscord adds the Discord front end to s when Discord is configured.
func setupDiscord(ctx context.Context, s *services) error {
	if s.cfg.DiscordBotToken == "" && s.cfg.DiscordPublicKey == "" {
		return nil
	}
	return errors.New("the Discord front end is not built yet")
}
