package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
)

// discordAPI is the part of Discord's REST API the bot uses. sessionAPI
// implements it over discordgo; every call carries a context.
type discordAPI interface {
	// Respond sends the initial response to an interaction.
	Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error
	// EditResponse edits the original response (or, after a component
	// update, the message the component is on).
	EditResponse(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error
	// Followup sends a further message for an interaction.
	Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error
	// Send posts a message; a non-empty nonce makes Discord return the
	// earlier message instead of posting twice (enforce_nonce).
	Send(ctx context.Context, channelID string, m *discordgo.MessageSend, nonce string) (*discordgo.Message, error)
	Edit(ctx context.Context, m *discordgo.MessageEdit) error
	StartThread(ctx context.Context, channelID, messageID string, t *discordgo.ThreadStart) (*discordgo.Channel, error)
	Channel(ctx context.Context, id string) (*discordgo.Channel, error)
	// DM opens (or finds) the direct-message channel with a user.
	DM(ctx context.Context, userID string) (*discordgo.Channel, error)
	// OverwriteCommands replaces the application's commands (in one guild,
	// or globally when guildID is empty).
	OverwriteCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error
	// Me returns the bot's own user.
	Me(ctx context.Context) (*discordgo.User, error)
	// GatewayBot returns the gateway URL and Discord's own count of the
	// IDENTIFYs left today.
	GatewayBot(ctx context.Context) (*discordgo.GatewayBotResponse, error)
}

// Rate-limit retries: a 429 is retried after the retry_after Discord asks
// for, at most this often, and never when the wait is longer than maxRetryAfter
// (the caller gets the error instead of a request held for minutes).
const (
	maxRateLimitRetries = 3
	maxRetryAfter       = 30 * time.Second
)

type sessionAPI struct {
	s *discordgo.Session
}

var _ discordAPI = sessionAPI{}

// do runs call with ctx and without discordgo's own unbounded 429 retry,
// retrying a rate-limited call after retry_after, a bounded number of times.
func (a sessionAPI) do(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		err := call(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) || attempt == maxRateLimitRetries {
			return err
		}
		wait := time.Second
		if rl.RateLimit != nil && rl.TooManyRequests != nil && rl.RetryAfter > 0 {
			wait = rl.RetryAfter
		}
		if wait > maxRetryAfter {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (a sessionAPI) Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	return a.do(ctx, func(o ...discordgo.RequestOption) error { return a.s.InteractionRespond(i, r, o...) })
}

func (a sessionAPI) EditResponse(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	return a.do(ctx, func(o ...discordgo.RequestOption) error {
		_, err := a.s.InteractionResponseEdit(i, e, o...)
		return err
	})
}

func (a sessionAPI) Followup(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	return a.do(ctx, func(o ...discordgo.RequestOption) error {
		_, err := a.s.FollowupMessageCreate(i, false, p, o...)
		return err
	})
}

// messageWithNonce adds the fields discordgo's MessageSend lacks.
type messageWithNonce struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// nonceFor turns an idempotency key into a Discord nonce (at most 25
// characters).
func nonceFor(key string) string {
	if key == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return "tg" + hex.EncodeToString(sum[:])[:23]
}

func (a sessionAPI) Send(ctx context.Context, channelID string, m *discordgo.MessageSend, nonce string) (msg *discordgo.Message, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		if nonce == "" {
			msg, err = a.s.ChannelMessageSendComplex(channelID, m, o...)
			return err
		}
		ep := discordgo.EndpointChannelMessages(channelID)
		body, err := a.s.RequestWithBucketID("POST", ep, messageWithNonce{m, nonce, true}, ep, o...)
		if err != nil {
			return err
		}
		return json.Unmarshal(body, &msg)
	})
	return msg, err
}

func (a sessionAPI) Edit(ctx context.Context, m *discordgo.MessageEdit) error {
	return a.do(ctx, func(o ...discordgo.RequestOption) error {
		_, err := a.s.ChannelMessageEditComplex(m, o...)
		return err
	})
}

func (a sessionAPI) StartThread(ctx context.Context, channelID, messageID string, t *discordgo.ThreadStart) (ch *discordgo.Channel, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		ch, err = a.s.MessageThreadStartComplex(channelID, messageID, t, o...)
		return err
	})
	return ch, err
}

func (a sessionAPI) Channel(ctx context.Context, id string) (ch *discordgo.Channel, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		ch, err = a.s.Channel(id, o...)
		return err
	})
	return ch, err
}

func (a sessionAPI) DM(ctx context.Context, userID string) (ch *discordgo.Channel, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		ch, err = a.s.UserChannelCreate(userID, o...)
		return err
	})
	return ch, err
}

func (a sessionAPI) OverwriteCommands(ctx context.Context, appID, guildID string, cmds []*discordgo.ApplicationCommand) error {
	return a.do(ctx, func(o ...discordgo.RequestOption) error {
		_, err := a.s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, o...)
		return err
	})
}

func (a sessionAPI) Me(ctx context.Context) (u *discordgo.User, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		u, err = a.s.User("@me", o...)
		return err
	})
	return u, err
}

func (a sessionAPI) GatewayBot(ctx context.Context) (g *discordgo.GatewayBotResponse, err error) {
	err = a.do(ctx, func(o ...discordgo.RequestOption) error {
		g, err = a.s.GatewayBot(o...)
		return err
	})
	return g, err
}
