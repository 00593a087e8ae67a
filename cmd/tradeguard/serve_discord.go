package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"

	discordbot "tradeguard/bot/discord"
)

// setupDiscord adds the Discord front end to s when Discord is configured:
// the signed interactions endpoint POST /discord/interactions (with
// DISCORD_PUBLIC_KEY), the gateway bot and command registration (with
// DISCORD_BOT_TOKEN), the lawyers' channel notifier (with
// DISCORD_LAWYERS_CHANNEL_ID) and the buyers' notifier. With no Discord
// settings it adds nothing.
func setupDiscord(ctx context.Context, s *services) error {
	c := s.cfg
	if c.DiscordBotToken == "" && c.DiscordPublicKey == "" {
		return nil
	}
	switch {
	case c.DiscordLawyersChannelID != "" && c.DiscordBotToken == "":
		return errors.New("DISCORD_LAWYERS_CHANNEL_ID needs DISCORD_BOT_TOKEN: the bot posts the cases there")
	case c.DiscordLawyersChannelID != "" && c.DiscordLawyerRoleID == "":
		return errors.New("DISCORD_LAWYERS_CHANNEL_ID needs DISCORD_LAWYER_ROLE_ID: the role whose members may accept and close cases")
	}
	var key ed25519.PublicKey
	if c.DiscordPublicKey != "" {
		k, err := discordbot.ParsePublicKey(c.DiscordPublicKey)
		if err != nil {
			return fmt.Errorf("DISCORD_PUBLIC_KEY: %w (General Information → Public Key in the Developer Portal)", err)
		}
		key = k
	}
	b, err := discordbot.New(discordbot.Config{
		Token:            c.DiscordBotToken,
		AppID:            c.DiscordAppID,
		PublicKey:        key,
		GuildID:          c.DiscordGuildID,
		LawyersChannelID: c.DiscordLawyersChannelID,
		LawyerRoleID:     c.DiscordLawyerRoleID,
		Gateway:          c.DiscordBotToken != "" && c.DiscordGateway,
		IdentifyFile:     filepath.Join(c.DataDir, "discord-identify.json"),
	}, s.engine, s.log)
	if err != nil {
		return err
	}
	b.Now = s.engine.Now
	if err := b.CheckAuth(ctx); err != nil {
		return err
	}
	b.Register(s.mux)
	if c.DiscordLawyersChannelID != "" {
		s.lawyers["discord"] = b.Lawyers()
	}
	if c.DiscordBotToken != "" {
		s.buyers["discord"] = b.Buyers()
	}
	s.background = append(s.background, b.Run)
	s.log.Info("discord front end ready", "interactions_endpoint", key != nil, "gateway", c.DiscordBotToken != "" && c.DiscordGateway,
		"lawyers_channel", c.DiscordLawyersChannelID != "", "guild_commands", c.DiscordGuildID != "")
	return nil
}
