package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"tradeguard/bot"
)

// Config is the Discord front end's settings (cmd/tradeguard fills it from
// the DISCORD_* environment variables).
type Config struct {
	// Token is the bot token (with or without "Bot "). Without it only the
	// HTTP interactions endpoint works: no gateway, command registration or
	// lawyers' channel.
	Token string
	// AppID is the application ID; when empty it is the bot user's ID.
	AppID string
	// PublicKey verifies HTTP interactions; nil disables the endpoint.
	PublicKey ed25519.PublicKey
	// GuildID registers the commands in one server (instant updates);
	// empty registers them globally.
	GuildID string
	// LawyersChannelID receives new cases; LawyerRoleID is the role whose
	// members may accept and close them.
	LawyersChannelID string
	LawyerRoleID     string
	// Gateway connects to the gateway for mentions, DMs and threads (and
	// interactions when no Interactions Endpoint URL is set).
	Gateway bool
	// IdentifyFile persists the gateway login log ("" keeps it in memory).
	IdentifyFile string
	// Workers and Queue size the pool for slow work (LLM answers, cases,
	// gateway messages); defaults 8 and 512.
	Workers, Queue int
	// BackoffBase and BackoffMax bound the reconnect back-off (defaults 1 s
	// and 2 min); jitter is added.
	BackoffBase, BackoffMax time.Duration
}

// Bot is the Discord front end. Create it with New; Run runs the gateway and
// the workers, ServeHTTP is the interactions endpoint, and Lawyers and Buyers
// are the notifiers the escalation relay delivers to.
type Bot struct {
	Engine *bot.Engine
	Log    *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time

	cfg      Config
	session  *discordgo.Session
	api      discordAPI
	verifier Verifier
	identify *IdentifyGuard
	acks     *pool         // gateway interactions: the initial response
	jobs     *pool         // slow work after a response
	busy     chan struct{} // bounds synchronous work in HTTP handlers
	replies  *onceCache    // interaction IDs (HTTP and gateway)
	messages *onceCache    // gateway message IDs
	posted   *onceCache    // lawyers' notice keys already posted
	threads  sync.Map      // channel ID → threadInfo
	channels atomic.Int64  // entries added to threads since it was cleared
	botID    atomic.Value  // string
	appID    atomic.Value  // string
	ready    atomic.Bool   // a READY arrived on this session (so Open resumes)
	reserved atomic.Bool   // the next READY was paid for by Reserve
	budget   chan time.Duration
}

// ErrNotConfigured is returned by New when neither a token nor a public key
// is given.
var ErrNotConfigured = errors.New("discord: set DISCORD_BOT_TOKEN or DISCORD_PUBLIC_KEY")

// New returns a Bot for e. With a token its REST calls go through discordgo
// behind a limiter of 50 requests per second.
func New(cfg Config, e *bot.Engine, log *slog.Logger) (*Bot, error) {
	if cfg.Token == "" && cfg.PublicKey == nil {
		return nil, ErrNotConfigured
	}
	if log == nil {
		log = slog.Default()
	}
	token := strings.TrimSpace(cfg.Token)
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, err
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: newLimitedTransport(nil)}
	s.ShouldRetryOnRateLimit = false // sessionAPI retries, boundedly and with a context
	s.ShouldReconnectOnError = false // runGateway reconnects, with jitter and the IDENTIFY guard
	s.SyncEvents = true              // handlers only queue work
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages |
		discordgo.IntentsDirectMessages | discordgo.IntentMessageContent
	s.State.TrackMembers, s.State.TrackPresences, s.State.TrackVoice = false, false, false
	s.State.TrackEmojis, s.State.TrackRoles, s.State.TrackStickers = false, false, false
	s.State.TrackThreadMembers = false
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 512
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = time.Second
	}
	if cfg.BackoffMax <= 0 {
		cfg.BackoffMax = 2 * time.Minute
	}
	b := &Bot{
		Engine:   e,
		Log:      log,
		Now:      time.Now,
		cfg:      cfg,
		session:  s,
		api:      sessionAPI{s},
		verifier: Verifier{Key: cfg.PublicKey},
		identify: &IdentifyGuard{Path: cfg.IdentifyFile},
		acks:     newPool(cfg.Queue),
		jobs:     newPool(cfg.Queue),
		busy:     make(chan struct{}, 64),
		replies:  newOnceCache(20000, 15*time.Minute),
		messages: newOnceCache(20000, time.Hour),
		posted:   newOnceCache(5000, 7*24*time.Hour),
		budget:   make(chan time.Duration, 1),
	}
	b.botID.Store("")
	b.appID.Store(cfg.AppID)
	return b, nil
}

func (b *Bot) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *Bot) id() string { return b.botID.Load().(string) }

// Run runs the workers, registers the commands and (when configured) keeps
// the gateway connected, until ctx is done.
func (b *Bot) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	run(func() { b.acks.run(ctx, 16, 5*time.Second) })
	run(func() {
		if n := b.jobs.run(ctx, b.cfg.Workers, 10*time.Second); n > 0 {
			b.Log.Warn("discord: shutting down with queued work dropped", "jobs", n)
		}
	})
	if b.cfg.Token != "" {
		run(func() { b.registerCommands(ctx) })
	}
	if b.cfg.Token != "" && b.cfg.Gateway {
		b.runGateway(ctx)
	}
	<-ctx.Done()
	wg.Wait()
	return nil
}

// Commands are TradeGuard's application commands: /tradeguard with the
// subcommands check (a modal for long pastes), ask, case and help.
func Commands() []*discordgo.ApplicationCommand {
	dm := true
	return []*discordgo.ApplicationCommand{{
		Name:         "tradeguard",
		Description:  "Check a supplier before you pay, or ask about Trade Assurance",
		DMPermission: &dm,
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "check",
				Description: "Paste a supplier's profile, chat, invoice or bank details for a risk verdict"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "ask",
				Description: "Ask about Trade Assurance, disputes or paying safely",
				Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
					Name: "question", Description: "Your question", Required: true, MaxLength: 6000}}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "case",
				Description: "See the status of a case you sent to AC&E",
				Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
					Name: "ref", Description: "The case reference, like ACE-2026-000123", Required: true, MaxLength: 40}}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "help",
				Description: "What TradeGuard does and what it shares"},
		},
	}}
}

// registerCommands overwrites the application's commands (a bulk PUT, so
// registering again at every start changes nothing), retrying with back-off
// when Discord cannot be reached.
func (b *Bot) registerCommands(ctx context.Context) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		err := b.registerOnce(ctx)
		if err == nil {
			scope := "globally (may take up to an hour to appear)"
			if b.cfg.GuildID != "" {
				scope = "in guild " + b.cfg.GuildID
			}
			b.Log.Info("discord: commands registered " + scope)
			return
		}
		b.Log.Warn("discord: registering commands failed", "attempt", attempt, "err", err)
		if attempt == 6 || sleepCtx(ctx, b.backoff(attempt)) != nil {
			return
		}
	}
}

func (b *Bot) registerOnce(ctx context.Context) error {
	app := b.appID.Load().(string)
	if app == "" {
		me, err := b.api.Me(ctx)
		if err != nil {
			return err
		}
		app = me.ID
		b.appID.Store(app)
	}
	return b.api.OverwriteCommands(ctx, app, b.cfg.GuildID, Commands())
}
