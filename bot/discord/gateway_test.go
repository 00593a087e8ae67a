package discord

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
)

const textChannel = "610000000000000001"

func withTextChannel(f *fakeDiscord) {
	f.channels[textChannel] = &discordgo.Channel{ID: textChannel, GuildID: guildID, Type: discordgo.ChannelTypeGuildText}
}

func message(id, channel, guild, author string, bot bool, content string, mentions ...string) map[string]any {
	ms := []any{}
	for _, m := range mentions {
		ms = append(ms, map[string]any{"id": m, "username": "x"})
	}
	msg := map[string]any{"id": id, "channel_id": channel, "author": map[string]any{"id": author, "username": "buyer_jo", "bot": bot},
		"content": content, "mentions": ms, "type": 0, "timestamp": "2026-06-01T09:30:00Z"}
	if guild != "" {
		msg["guild_id"] = guild
	}
	return msg
}

// threadOf returns the thread the bot created on channel.
func (f *fakeDiscord) threadOf(t *testing.T, channel string) string {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, ch := range f.channels {
		if ch.ParentID == channel {
			return id
		}
	}
	t.Fatalf("no thread was created on %s", channel)
	return ""
}

// TestGatewayMentionReplyInThread: a mention in a channel gets its answer in
// a new thread; a follow-up in that thread (no mention) is answered there,
// read against the earlier paste.
func TestGatewayMentionReplyInThread(t *testing.T) {
	tb := newTestBotWith(t, withTextChannel)
	tb.f.waitConnected("identify")
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000100", textChannel, guildID, buyerID, false,
		"<@"+fakeBotID+"> "+fraudPaste, fakeBotID))
	start := tb.f.waitFor("POST", "/channels/"+textChannel+"/messages/700000000000000100/threads")
	if name := sentBody(t, start)["name"]; name != "TradeGuard check for buyer_jo" {
		t.Errorf("thread name %v", name)
	}
	thread := tb.f.threadOf(t, textChannel)
	reply := sentBody(t, tb.f.waitFor("POST", "/channels/"+thread+"/messages"))
	embed := reply["embeds"].([]any)[0].(map[string]any)
	if !strings.HasPrefix(embed["title"].(string), "Critical risk") {
		t.Errorf("reply title %v", embed["title"])
	}
	if am := reply["allowed_mentions"].(map[string]any); len(am["parse"].([]any)) != 0 {
		t.Errorf("allowed_mentions %v", am)
	}
	raw, _ := json.Marshal(reply["components"])
	if !strings.Contains(string(raw), "tg:esc:"+buyerID+":"+textChannel+":"+thread) || strings.Contains(string(raw), "tg:share:") {
		t.Errorf("buttons %s", raw)
	}

	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000101", thread, guildID, buyerID, false, "Should I pay the deposit now?"))
	tb.f.waitN("POST", "/channels/"+thread+"/messages", 2)
	// Both messages are one conversation (so the engine reads the follow-up
	// against the paste and an escalation carries both).
	conv, ok := tb.Engine.Conversation(advisor.Request{Platform: "discord", Channel: textChannel, Thread: thread})
	if !ok || len(conv.Inputs) != 2 || conv.Inputs[0] != fraudPaste {
		t.Errorf("conversation %+v", conv.Inputs)
	}
}

// TestGatewayIgnoresAndDM: its own messages, other bots, unmentioned
// channel messages and other people's threads get nothing; a DM is answered
// in the DM.
func TestGatewayIgnoresAndDM(t *testing.T) {
	otherThread := "620000000000000001"
	tb := newTestBotWith(t, func(f *fakeDiscord) {
		withTextChannel(f)
		f.channels[otherThread] = &discordgo.Channel{ID: otherThread, GuildID: guildID, ParentID: textChannel,
			OwnerID: buyerID, Type: discordgo.ChannelTypeGuildPublicThread}
	}, func(c *Config) { c.Workers = 1 }) // one worker: jobs finish in order
	tb.f.waitConnected("identify")
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000200", textChannel, guildID, fakeBotID, true, "<@"+fakeBotID+"> "+fraudPaste, fakeBotID))
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000201", textChannel, guildID, "555", true, "<@"+fakeBotID+"> "+fraudPaste, fakeBotID))
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000202", textChannel, guildID, buyerID, false, fraudPaste))
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000203", otherThread, guildID, buyerID, false, fraudPaste))
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000204", "dm-chan", "", buyerID, false, fraudPaste))
	tb.f.waitFor("POST", "/channels/dm-chan/messages")
	if got := tb.f.match("POST", "/messages"); len(got) != 1 {
		t.Errorf("%d messages posted, want only the DM reply: %v", len(got), tb.f.paths())
	}
	if _, ok := tb.Engine.Conversation(advisor.Request{Platform: "discord", User: buyerID, Channel: "dm-chan"}); !ok {
		t.Error("no DM conversation")
	}
	// The same message again (a resume may replay it) is answered once.
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000204", "dm-chan", "", buyerID, false, fraudPaste))
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000205", "dm-chan", "", buyerID, false, "help"))
	tb.f.waitN("POST", "/channels/dm-chan/messages", 2)
	if got := len(tb.f.match("POST", "/channels/dm-chan/messages")); got != 2 {
		t.Errorf("%d DM replies, want 2", got)
	}
}

func TestGatewayInteractionAndFlood(t *testing.T) {
	tb := newTestBot(t)
	tb.f.waitConnected("identify")
	tb.f.dispatch("INTERACTION_CREATE", slashAsk("8001", fraudPaste))
	cb := sentBody(t, tb.f.waitFor("POST", "/interactions/8001/tok-8001/callback"))
	if cb["type"] != float64(discordgo.InteractionResponseChannelMessageWithSource) {
		t.Errorf("callback %v", cb)
	}
	// The same interaction again is not answered twice.
	tb.f.dispatch("INTERACTION_CREATE", slashAsk("8001", fraudPaste))
	const n = 200
	for k := 0; k < n; k++ {
		in := slashAsk(strconv.Itoa(81000+k), fraudPaste)
		in["member"] = member(strconv.Itoa(520000000000000000+k), "u")
		tb.f.dispatch("INTERACTION_CREATE", in)
	}
	tb.f.waitN("POST", "/callback", n+1)
	if got := len(tb.f.match("POST", "/interactions/8001/")); got != 1 {
		t.Errorf("interaction 8001 answered %d times", got)
	}
}

// TestGatewayResume: a dropped connection is resumed (no new IDENTIFY).
func TestGatewayResume(t *testing.T) {
	tb := newTestBot(t)
	tb.f.waitConnected("identify")
	tb.f.drop()
	tb.f.waitConnected("resume")
	if tb.f.identifies != 1 || tb.identify.Count() != 1 {
		t.Errorf("identifies: fake %d, guard %d; want 1", tb.f.identifies, tb.identify.Count())
	}
	tb.f.dispatch("INTERACTION_CREATE", slashAsk("8101", "hello"))
	tb.f.waitFor("POST", "/interactions/8101/")
}

// TestGatewayRefusedResumeCounts: when Discord refuses a resume, discordgo
// logs in again by itself; the guard counts that login.
func TestGatewayRefusedResumeCounts(t *testing.T) {
	tb := newTestBot(t)
	tb.f.waitConnected("identify")
	tb.f.mu.Lock()
	tb.f.rejectResume = true
	tb.f.mu.Unlock()
	tb.f.drop()
	tb.f.waitConnected("identify")
	tb.logs.waitFor(t, "gateway connected")
	deadline := time.Now().Add(5 * time.Second)
	for tb.identify.Count() != 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := tb.identify.Count(); got != 2 {
		t.Errorf("guard counted %d logins, want 2", got)
	}
}

// TestGatewayIdentifyBudget: with the hour's budget spent (in the persisted
// log, as after a crash loop), the bot does not log in.
func TestGatewayIdentifyBudget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "identify.json")
	var stamps []string
	for k := 0; k < 60; k++ {
		stamps = append(stamps, fmt.Sprint(time.Now().Add(-time.Duration(k)*time.Second).UnixMilli()))
	}
	for i, j := 0, len(stamps)-1; i < j; i, j = i+1, j-1 {
		stamps[i], stamps[j] = stamps[j], stamps[i]
	}
	if err := os.WriteFile(path, []byte(`{"identify_at":[`+strings.Join(stamps, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tb := newTestBot(t, func(c *Config) { c.IdentifyFile = path })
	tb.logs.waitFor(t, "gateway login budget reached")
	if tb.f.identifies != 0 || len(tb.f.match("GET", "/gateway")) != 1 { // only /gateway/bot
		t.Errorf("logged in despite the budget: %d identifies, %v", tb.f.identifies, tb.f.paths())
	}
}

func TestGatewayDiscordBudget(t *testing.T) {
	low := 50
	tb := newTestBotWith(t, func(f *fakeDiscord) { f.startRemaining = &low })
	tb.logs.waitFor(t, "gateway login budget reached")
	if tb.f.identifies != 0 || tb.identify.Count() != 0 {
		t.Errorf("logged in with Discord's budget nearly spent")
	}
}

func (f *fakeDiscord) identifyIntents() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.intents...)
}

// TestGatewayIntents: the bot asks for guild messages, DMs and message
// content; refused the Message Content intent (4014) it logs in without it;
// refused its token (4004) it stops trying.
func TestGatewayIntents(t *testing.T) {
	want := int(discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentMessageContent)
	t.Run("ok", func(t *testing.T) {
		tb := newTestBot(t)
		tb.f.waitConnected("identify")
		if got := tb.f.identifyIntents(); len(got) != 1 || got[0] != want {
			t.Errorf("intents %v, want %d", got, want)
		}
	})
	t.Run("message content not enabled", func(t *testing.T) {
		tb := newTestBotWith(t, func(f *fakeDiscord) {
			f.closeOnIdentify, f.closeIntents = 4014, int(discordgo.IntentMessageContent)
		})
		tb.f.waitConnected("identify")
		got := tb.f.identifyIntents()
		if len(got) != 2 || got[1] != want&^int(discordgo.IntentMessageContent) {
			t.Errorf("intents %v", got)
		}
		tb.logs.waitFor(t, "Message Content intent is not enabled")
	})
	t.Run("bad token", func(t *testing.T) {
		tb := newTestBotWith(t, func(f *fakeDiscord) { f.closeOnIdentify = 4004 })
		tb.logs.waitFor(t, "not reconnecting")
		if got := tb.f.identifyIntents(); len(got) != 1 {
			t.Errorf("%d logins after a refused token, want 1", len(got))
		}
	})
}

// TestGatewayThreadEscalation: from a thread answer over the gateway, the
// buyer escalates; the case carries the thread conversation, the buyer gets
// the reference and the lawyers' channel the case.
func TestGatewayThreadEscalation(t *testing.T) {
	tb := newTestBotWith(t, withTextChannel)
	tb.f.waitConnected("identify")
	tb.f.dispatch("MESSAGE_CREATE", message("700000000000000300", textChannel, guildID, buyerID, false,
		"<@!"+fakeBotID+"> "+fraudPaste, fakeBotID))
	tb.f.waitFor("POST", "/threads")
	thread := tb.f.threadOf(t, textChannel)
	tb.f.waitFor("POST", "/channels/"+thread+"/messages")
	s := Scope{Owner: buyerID, Channel: textChannel, Thread: thread}

	tb.f.dispatch("INTERACTION_CREATE", click("8201", s.customID(actEscalate), thread, buyer(), "m-answer"))
	consent := sentBody(t, tb.f.waitFor("POST", "/interactions/8201/tok-8201/callback"))
	if raw, _ := json.Marshal(consent); !strings.Contains(string(raw), "Send this conversation to AC") || consent["data"].(map[string]any)["flags"] != float64(64) {
		t.Fatalf("consent step: %s", raw)
	}
	tb.f.dispatch("INTERACTION_CREATE", click("8202", s.customID(actConfirm), thread, buyer(), "m-consent"))
	if cb := sentBody(t, tb.f.waitFor("POST", "/interactions/8202/tok-8202/callback")); cb["type"] != float64(discordgo.InteractionResponseDeferredMessageUpdate) {
		t.Errorf("confirm callback %v", cb)
	}
	if got := string(tb.f.waitFor("PATCH", "/tok-8202/messages/@original").Body); !strings.Contains(got, "ACE-2026-000001") {
		t.Errorf("reference: %s", got)
	}
	tb.f.waitFor("POST", "/channels/700000000000000001/messages")
	c, err := tb.cases.FindCaseByRef(t.Context(), "ACE-2026-000001")
	if err != nil || c.Buyer.Thread != thread || c.Buyer.Channel != textChannel || len(c.Inputs) != 1 || c.Inputs[0] != fraudPaste {
		t.Errorf("case %+v, %v", c, err)
	}
}
