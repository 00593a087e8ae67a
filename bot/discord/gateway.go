package discord

import (
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"tradeguard/advisor"
)

// backoff is the wait before reconnect attempt n (1, 2, …): exponential from
// BackoffBase up to BackoffMax, with half of it random ("equal jitter"), so
// many bots restarting together do not reconnect in step.
func (b *Bot) backoff(n int) time.Duration {
	d := b.cfg.BackoffBase
	for i := 1; i < n && d < b.cfg.BackoffMax; i++ {
		d *= 2
	}
	if d > b.cfg.BackoffMax {
		d = b.cfg.BackoffMax
	}
	half := d / 2
	return half + rand.N(half+1)
}

// stableAfter is how long a connection must last for the back-off to start
// again from the beginning.
const stableAfter = time.Minute

// runGateway keeps the gateway connected until ctx is done. discordgo's own
// reconnect (no jitter, no budget) is off; here every reconnect waits a
// jittered back-off, resumes the session when it can (free), and logs in
// again (IDENTIFY) only within the IdentifyGuard's budget and Discord's own
// remaining session starts.
func (b *Bot) runGateway(ctx context.Context) {
	s := b.session
	disconnected := make(chan struct{}, 1)
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		select {
		case disconnected <- struct{}{}:
		default:
		}
	})
	s.AddHandler(b.onReady)
	s.AddHandler(b.onMessageCreate)
	s.AddHandler(b.onInteractionCreate)
	s.AddHandler(b.onThreadCreate)

	attempt := 0
	for ctx.Err() == nil {
		if attempt > 0 {
			if sleepCtx(ctx, b.backoff(attempt)) != nil {
				return
			}
		}
		attempt++
		resume := b.ready.Load()
		if !resume { // no session to resume: this Open logs in
			if wait := b.mayIdentify(ctx); wait > 0 {
				b.Log.Error("discord: gateway login budget reached; waiting before logging in again",
					"wait", wait.Round(time.Second).String(), "logins_24h", b.identify.Count())
				if sleepCtx(ctx, wait) != nil {
					return
				}
				continue
			}
		}
		select { // drop a stale signal from the previous connection
		case <-disconnected:
		default:
		}
		if err := s.Open(); err != nil {
			b.reserved.Store(false)
			if b.refused(ctx, err) {
				return
			}
			b.Log.Warn("discord: gateway connection failed", "attempt", attempt, "err", err)
			continue
		}
		since := b.now()
		b.Log.Info("discord: gateway connected", "resumed", resume)
		select {
		case <-ctx.Done():
			s.Close()
			return
		case <-disconnected:
			b.Log.Warn("discord: gateway disconnected; reconnecting")
		case wait := <-b.budget:
			s.Close()
			b.Log.Error("discord: gateway login budget reached after Discord refused a resume; pausing",
				"wait", wait.Round(time.Second).String())
			if sleepCtx(ctx, wait) != nil {
				return
			}
		}
		if b.now().Sub(since) > stableAfter {
			attempt = 1
		}
	}
}

// refused handles the gateway closing the connection on a login: without
// the Message Content intent enabled in the Developer Portal (4014) the bot
// logs in again without it (mentions, DMs and commands still work); a bad
// token or shard (4004, 4010–4013) stops the gateway, since retrying would
// only spend logins. It reports whether the gateway should stop.
func (b *Bot) refused(ctx context.Context, err error) bool {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return false
	}
	s := b.session
	switch ce.Code {
	case 4014:
		if s.Identify.Intents&discordgo.IntentMessageContent != 0 {
			s.Identify.Intents &^= discordgo.IntentMessageContent
			b.Log.Error("discord: the Message Content intent is not enabled (Developer Portal → Bot → Privileged Gateway Intents); " +
				"continuing without it: mentions, DMs and commands work, follow-ups in threads without a mention are not seen")
			return false
		}
	case 4004, 4010, 4011, 4012, 4013:
	default:
		return false
	}
	b.Log.Error("discord: the gateway refused the bot; not reconnecting (the HTTP endpoint keeps working)",
		"close_code", ce.Code, "reason", ce.Text)
	<-ctx.Done()
	return true
}

// mayIdentify reserves one login within the local budget and checks
// Discord's own count of session starts left; it returns 0 when the login
// may go ahead, else how long to wait.
func (b *Bot) mayIdentify(ctx context.Context) time.Duration {
	if gb, err := b.api.GatewayBot(ctx); err == nil && gb.SessionStartLimit.Total > 0 {
		// Keep a tenth of Discord's budget for the operator and other tools.
		if gb.SessionStartLimit.Remaining <= gb.SessionStartLimit.Total/10 {
			return time.Duration(gb.SessionStartLimit.ResetAfter)*time.Millisecond + time.Second
		}
	}
	wait, err := b.identify.Reserve()
	if err != nil {
		b.Log.Warn("discord: gateway login log", "err", err)
	}
	if wait == 0 {
		b.reserved.Store(true)
	}
	return wait
}

func (b *Bot) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		b.botID.Store(r.User.ID)
	}
	if r.Application != nil && r.Application.ID != "" && b.appID.Load().(string) == "" {
		b.appID.Store(r.Application.ID)
	}
	b.ready.Store(true)
	if b.reserved.Swap(false) {
		return // this login was reserved before Open
	}
	// discordgo logged in again by itself (Discord refused a resume): count
	// it, and stop if the budget is now spent.
	wait, err := b.identify.Record()
	if err != nil {
		b.Log.Warn("discord: gateway login log", "err", err)
	}
	if wait > 0 {
		select {
		case b.budget <- wait:
		default:
		}
	}
}

// threadInfo caches what the bot knows about a channel.
type threadInfo struct {
	thread bool
	ours   bool // a thread the bot started
	parent string
}

// maxChannels bounds the channel cache; past it the cache starts again
// (threads the bot started are then found again through the state or REST).
const maxChannels = 50000

func (b *Bot) rememberChannel(id string, info threadInfo) {
	if b.channels.Add(1) > maxChannels {
		b.threads.Clear()
		b.channels.Store(1)
	}
	b.threads.Store(id, info)
}

func (b *Bot) onThreadCreate(_ *discordgo.Session, t *discordgo.ThreadCreate) {
	if t.Channel != nil {
		b.rememberChannel(t.ID, threadInfo{thread: true, ours: t.OwnerID != "" && t.OwnerID == b.id(), parent: t.ParentID})
	}
}

// channelInfo says whether a channel is a thread, whether the bot started it
// and its parent: from the cache, the gateway state, or (when lookup is set)
// one REST call.
func (b *Bot) channelInfo(ctx context.Context, id string, lookup bool) (threadInfo, bool) {
	if v, ok := b.threads.Load(id); ok {
		return v.(threadInfo), true
	}
	var ch *discordgo.Channel
	if b.session.State != nil {
		ch, _ = b.session.State.Channel(id)
	}
	if ch == nil && lookup {
		c, err := b.api.Channel(ctx, id)
		if err != nil {
			b.Log.Warn("discord: channel lookup failed", "err", err)
			return threadInfo{}, false
		}
		ch = c
	}
	if ch == nil {
		return threadInfo{}, false
	}
	info := threadInfo{thread: ch.IsThread(), ours: ch.IsThread() && ch.OwnerID == b.id(), parent: ch.ParentID}
	b.rememberChannel(id, info)
	return info, true
}

func (b *Bot) onInteractionCreate(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	i := ic.Interaction
	if i == nil || b.replies.seen("i:"+i.ID) {
		return
	}
	if !b.acks.submit(func(ctx context.Context) { b.respondGateway(ctx, i) }) {
		b.Log.Warn("discord: interaction queue full; answering busy")
		go b.api.Respond(context.Background(), i, reply(RenderNotice(msgBusy), true).resp)
	}
}

// respondGateway sends the initial response to a gateway interaction, then
// hands any slow work to the job pool (or does it here when that is full).
func (b *Bot) respondGateway(ctx context.Context, i *discordgo.Interaction) {
	out := b.interact(ctx, i)
	if err := b.api.Respond(ctx, i, out.resp); err != nil {
		b.Log.Warn("discord: interaction response failed", "err", err, "interaction", i.ID)
		return
	}
	if out.after != nil && !b.jobs.submit(out.after) {
		out.after(ctx)
	}
}

var mentionRE = regexp.MustCompile(`<@!?(\d+)>`)

// onMessageCreate filters messages cheaply (in the gateway's read loop) and
// queues the ones for TradeGuard: DMs, mentions, and messages in threads it
// started. Its own and other bots' messages are ignored.
func (b *Bot) onMessageCreate(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	m := mc.Message
	me := b.id()
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == me || m.WebhookID != "" || me == "" {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			mentioned = true
		}
	}
	if m.GuildID != "" && !mentioned {
		info, known := b.channelInfo(context.Background(), m.ChannelID, false) // no REST call in the read loop
		if known && !info.ours {
			return
		}
	}
	if b.messages.seen("m:" + m.ID) { // a resume may replay what we saw
		return
	}
	if !b.jobs.submit(func(ctx context.Context) { b.handleMessage(ctx, m, mentioned) }) {
		b.Log.Warn("discord: message queue full; message dropped")
	}
}

// handleMessage answers a DM, a mention or a message in a thread the bot
// started: a mention in a channel gets a thread of its own, and the thread
// (or DM) is the conversation, so follow-ups are read against the paste.
func (b *Bot) handleMessage(ctx context.Context, m *discordgo.Message, mentioned bool) {
	me := b.id()
	text := strings.TrimSpace(mentionRE.ReplaceAllStringFunc(m.Content, func(s string) string {
		if mentionRE.FindStringSubmatch(s)[1] == me {
			return ""
		}
		return s
	}))
	req := advisor.Request{Platform: "discord", User: m.Author.ID, Channel: m.ChannelID, Text: text}
	target := m.ChannelID
	if m.GuildID != "" {
		info, _ := b.channelInfo(ctx, m.ChannelID, true)
		switch {
		case info.thread && (info.ours || mentioned):
			req.Channel, req.Thread = info.parent, m.ChannelID
		case info.thread || !mentioned:
			return // someone else's thread without a mention, or not for us
		default:
			th, err := b.api.StartThread(ctx, m.ChannelID, m.ID, &discordgo.ThreadStart{
				Name: threadName(m.Author), AutoArchiveDuration: 1440})
			if err != nil {
				// No permission to create threads: answer in the channel,
				// keyed by the user there.
				b.Log.Warn("discord: starting a thread failed; replying in the channel", "err", err)
				break
			}
			b.rememberChannel(th.ID, threadInfo{thread: true, ours: true, parent: m.ChannelID})
			req.Thread, target = th.ID, th.ID
		}
		if req.Thread != "" {
			target = req.Thread
		}
	}
	scope := Scope{Owner: m.Author.ID, Channel: req.Channel, Thread: req.Thread}
	if text == "" || strings.EqualFold(text, "help") {
		b.send(ctx, target, RenderHelp(), "")
		return
	}
	if conv, ok := b.Engine.Conversation(req); ok {
		req.Context = conv.Paste // so an LLM rewrite sees the earlier paste too
	}
	adv := b.Engine.Advise(ctx, req)
	msgs := Render(adv, View{Scope: scope})
	first, err := b.send(ctx, target, msgs[0], "m:"+m.ID)
	if err != nil {
		return
	}
	rest := msgs[1:]
	if better, ok := b.Engine.Rewrite(ctx, req, adv); ok {
		again := Render(better, View{Scope: scope})
		content, embeds, comps := again[0].Content, again[0].Embeds, again[0].Components
		if err := b.api.Edit(ctx, &discordgo.MessageEdit{ID: first.ID, Channel: target, Content: &content,
			Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}); err != nil {
			b.Log.Warn("discord: editing the answer failed", "err", err)
		}
		rest = again[1:]
	}
	for k, msg := range rest {
		if _, err := b.send(ctx, target, msg, "m:"+m.ID+":"+string(rune('a'+k))); err != nil {
			return
		}
	}
}

func threadName(u *discordgo.User) string {
	name := "TradeGuard check"
	if u != nil && u.Username != "" {
		name += " for " + u.Username
	}
	return clip(name, 100)
}

// send posts m; key (optional) makes a retried post idempotent.
func (b *Bot) send(ctx context.Context, channel string, m Message, key string) (*discordgo.Message, error) {
	msg, err := b.api.Send(ctx, channel, &discordgo.MessageSend{Content: m.Content, Embeds: m.Embeds,
		Components: m.Components, AllowedMentions: noMentions()}, nonceFor(key))
	if err != nil {
		b.Log.Warn("discord: sending a message failed", "err", err)
		return nil, err
	}
	return msg, nil
}
