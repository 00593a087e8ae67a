package slack

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"
)

// eventEnvelope is the part of an Events API body the bot reads (the same
// JSON arrives as a Socket Mode events_api payload).
type eventEnvelope struct {
	Type      string     `json:"type"`
	Challenge string     `json:"challenge"`
	TeamID    string     `json:"team_id"`
	EventID   string     `json:"event_id"`
	Event     innerEvent `json:"event"`
}

// innerEvent is an app_mention or message event.
type innerEvent struct {
	Type        string `json:"type"`
	User        string `json:"user"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
	BotID       string `json:"bot_id"`
	SubType     string `json:"subtype"`
}

// eventResult is what the transport answers Slack.
type eventResult struct {
	challenge string
	bad       bool // unreadable body: 400
	busy      bool // not queued: 503 (HTTP) or no ack (Socket Mode), so Slack retries
}

// event handles one Events API delivery; retry is X-Slack-Retry-Num or the
// Socket Mode retry_attempt. Messages worth answering are queued and the
// delivery is acknowledged at once; a retried or duplicate event_id is
// acknowledged and dropped, so each event gets exactly one reply.
func (b *Bot) event(ctx context.Context, body []byte, retry int) eventResult {
	var env eventEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		b.log.Warn("slack event unreadable", "err", err)
		return eventResult{bad: true}
	}
	switch env.Type {
	case "url_verification":
		if env.Challenge == "" {
			return eventResult{bad: true}
		}
		return eventResult{challenge: env.Challenge}
	case "event_callback":
	default:
		b.log.Info("slack event ignored", "type", env.Type)
		return eventResult{}
	}
	ev := env.Event
	if !b.wanted(ev) {
		return eventResult{}
	}
	key := "event:" + env.EventID
	if env.EventID == "" {
		key = "event:" + ev.Channel + ":" + ev.TS
	}
	if first, err := b.seen.First(ctx, key); err != nil {
		b.log.Warn("slack dedupe unavailable; handling the event", "err", err)
	} else if !first {
		b.log.Info("slack duplicate event dropped", "event_id", env.EventID, "retry", retry)
		return eventResult{}
	}
	if !b.submit("event", func(ctx context.Context) { b.answerMessage(ctx, ev) }) {
		b.seen.Forget(ctx, key)
		return eventResult{busy: true}
	}
	return eventResult{}
}

// wanted reports whether ev is a person's mention of the bot or a person's
// DM to it; bots (this one included), edits, joins and other subtypes are
// not answered.
func (b *Bot) wanted(ev innerEvent) bool {
	if ev.BotID != "" || ev.User == "" || ev.User == b.botUser() || !slackID(ev.Channel) || !isTS(ev.TS) {
		return false
	}
	if ev.SubType != "" && ev.SubType != "file_share" {
		return false
	}
	switch ev.Type {
	case "app_mention":
		return !strings.HasPrefix(ev.Channel, "D") // DMs arrive as message.im
	case "message":
		return ev.ChannelType == "im"
	}
	return false
}

// answerMessage answers a mention or DM in its thread; a follow-up in the
// thread is judged with the thread's earlier paste.
func (b *Bot) answerMessage(ctx context.Context, ev innerEvent) {
	thread := ev.ThreadTS
	if thread == "" {
		thread = ev.TS
	}
	ref := ConvRef{Channel: ev.Channel, Thread: thread, User: ev.User}
	text := plainText(stripMention(ev.Text, b.botUser()))
	if t := strings.ToLower(strings.TrimSpace(text)); t == "help" || t == "?" {
		if _, err := b.post(ctx, ev.Channel, thread, "How to use TradeGuard", HelpBlocks(b.cfg.Command)); err != nil {
			b.log.Warn("slack help not posted", "err", err)
		}
		return
	}
	req := b.request(ref, text)
	adv := b.engine.Advise(ctx, req)
	opt := Options{Ref: ref, Share: true, Pending: b.engine.Writer != nil}
	ts, err := b.post(ctx, ev.Channel, thread, FallbackText(adv), Blocks(adv, opt))
	if err != nil {
		b.log.Warn("slack answer not posted", "err", err, "req", req)
		return
	}
	b.log.Info("slack message answered", "req", req, "level", adv.Level, "flags", len(adv.Flags))
	if opt.Pending {
		b.rewrite(ctx, req, adv, opt, func(ctx context.Context, msg *slack.WebhookMessage) error {
			return b.update(ctx, ev.Channel, ts, msg.Text, msg.Blocks.BlockSet)
		})
	}
}
