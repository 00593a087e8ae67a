package discord

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
)

// Lawyers returns the notifier for the lawyers' channel: each new case is
// posted there with "Accept" and "Close" buttons. Notices are delivered at
// least once; the notice key (kept in memory, and sent to Discord as an
// enforced nonce) keeps a redelivery from posting the case twice.
func (b *Bot) Lawyers() advisor.Notifier { return lawyersNotifier{b} }

// Buyers returns the notifier that tells a Discord buyer their case was
// accepted or closed: by direct message, or in their thread when DMs are
// closed.
func (b *Bot) Buyers() advisor.Notifier { return buyersNotifier{b} }

type lawyersNotifier struct{ b *Bot }

type buyersNotifier struct{ b *Bot }

var (
	_ advisor.Notifier = lawyersNotifier{}
	_ advisor.Notifier = buyersNotifier{}
)

// Notify posts a case_created notice; other kinds are not for lawyers.
func (n lawyersNotifier) Notify(ctx context.Context, note advisor.Notice) error {
	b := n.b
	if note.Kind != advisor.NoticeCaseCreated || note.Case == nil {
		return nil
	}
	if b.cfg.LawyersChannelID == "" || b.cfg.Token == "" {
		return errors.New("discord: no lawyers' channel or bot token configured")
	}
	key := note.Key
	if key == "" {
		key = "case:" + note.Case.Ref
	}
	if b.posted.has(key) {
		return nil
	}
	m := RenderLawyerCase(note.Case)
	if _, err := b.api.Send(ctx, b.cfg.LawyersChannelID, &discordgo.MessageSend{Embeds: m.Embeds,
		Components: m.Components, AllowedMentions: noMentions()}, nonceFor(key)); err != nil {
		return err
	}
	b.posted.seen(key)
	b.Log.Info("discord: case posted to the lawyers' channel", "case", note.Case.Ref)
	return nil
}

// Notify tells the buyer of a case_accepted or case_closed notice.
func (n buyersNotifier) Notify(ctx context.Context, note advisor.Notice) error {
	b := n.b
	if note.Case == nil || note.Case.Buyer.Platform != "discord" ||
		(note.Kind != advisor.NoticeCaseAccepted && note.Kind != advisor.NoticeCaseClosed) {
		return nil
	}
	if b.cfg.Token == "" {
		return errors.New("discord: a bot token is needed to message buyers")
	}
	buyer := note.Case.Buyer
	key := note.Key
	if key == "" {
		key = note.Kind + ":" + note.Case.Ref
	}
	dm, err := b.api.DM(ctx, buyer.UserID)
	if err == nil {
		m := RenderBuyerNotice(note, true)
		_, err = b.api.Send(ctx, dm.ID, &discordgo.MessageSend{Content: m.Content, AllowedMentions: noMentions()}, nonceFor(key))
		if err == nil {
			return nil
		}
	}
	if buyer.Thread == "" || !refused(err) {
		return err
	}
	// DMs closed: say it in the buyer's thread, pinging only them, and keep
	// the resolution out of a shared place.
	m := RenderBuyerNotice(note, false)
	_, terr := b.api.Send(ctx, buyer.Thread, &discordgo.MessageSend{Content: "<@" + buyer.UserID + "> " + m.Content,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{buyer.UserID}}},
		nonceFor(key+":thread"))
	return terr
}

// refused reports a REST error that will not go away by retrying (Discord
// refused: the user does not accept DMs from the bot, unknown user…).
func refused(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound ||
			re.Response.StatusCode == http.StatusBadRequest
	}
	return false
}

// CheckAuth checks the bot token with Discord and learns the bot's user ID.
// A refused token is an error; Discord being unreachable is only logged, so
// the HTTP endpoint still starts.
func (b *Bot) CheckAuth(ctx context.Context) error {
	if b.cfg.Token == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	me, err := b.api.Me(ctx)
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return errors.New("discord refused DISCORD_BOT_TOKEN (401): copy the token from the Developer Portal, Bot, Reset Token")
		}
		b.Log.Warn("discord: could not check the bot token now; continuing", "err", err)
		return nil
	}
	b.botID.Store(me.ID)
	if b.appID.Load().(string) == "" {
		b.appID.Store(me.ID)
	}
	return nil
}
