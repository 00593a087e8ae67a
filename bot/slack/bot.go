package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// slackAPI is the part of the Slack Web API the bot uses; *slack.Client
// implements it.
type slackAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
}

var _ slackAPI = (*slack.Client)(nil)

// Config is the Slack front end's settings. Zero values mean the defaults.
type Config struct {
	// SigningSecret verifies HTTP requests; without it the HTTP endpoints
	// refuse everything (Socket Mode needs no secret).
	SigningSecret string
	// Command is the slash command's name (default /tradeguard), for help.
	Command string
	// LawyersChannel gets each new case; LawyerIDs are the Slack user IDs
	// allowed to accept and close cases.
	LawyersChannel string
	LawyerIDs      []string
	// SocketMode makes Run also serve Socket Mode; the client given to New
	// must then carry the app-level token (slack.OptionAppLevelToken).
	SocketMode bool
	// Workers and Queue size the pool that does everything slower than an
	// acknowledgement (default 8 workers, 512 queued jobs).
	Workers, Queue int
	// JobTimeout bounds one job (default 60 s, above the LLM budget).
	JobTimeout time.Duration
	// PostInterval spaces the bot's messages in one channel (default 1 s,
	// chat.postMessage's documented pace).
	PostInterval time.Duration
	// MaxBody caps a request body (default 1 MiB).
	MaxBody int64
	// HTTPClient posts to response_url (default: 10 s timeout).
	HTTPClient *http.Client
	// Dedupe remembers handled deliveries (default: in memory, 1 hour).
	Dedupe Deduper
	// Now is the clock (default time.Now) and Log the logger.
	Now func() time.Time
	Log *slog.Logger
}

// Bot is the Slack front end. Create it with New, mount it with Register,
// and keep Run running: it owns the worker pool and Socket Mode.
type Bot struct {
	cfg      Config
	api      slackAPI
	client   *slack.Client // for Socket Mode; nil in tests of the HTTP side
	engine   *bot.Engine
	verifier Verifier
	log      *slog.Logger
	hc       *http.Client
	jobs     chan job
	seen     Deduper
	notified *memDedupe // notice keys already delivered
	pace     *pacer
	lawyers  map[string]bool

	botUserID atomic.Value // string, from auth.test
	stopping  atomic.Bool
	connected atomic.Bool
	pending   atomic.Int64 // jobs queued or running

	mu       sync.Mutex
	caseMsgs map[string]msgLoc // lawyers' message of each case, by ref
}

// msgLoc is where a message is.
type msgLoc struct{ channel, ts string }

type job struct {
	name string
	run  func(ctx context.Context)
}

// New returns a Bot that answers with e and calls Slack through client.
func New(client *slack.Client, e *bot.Engine, cfg Config) *Bot {
	b := newBot(client, e, cfg)
	b.client = client
	return b
}

// newBot is New with the Web API behind the slackAPI seam.
func newBot(api slackAPI, e *bot.Engine, cfg Config) *Bot {
	if cfg.Command == "" {
		cfg.Command = "/tradeguard"
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 512
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 60 * time.Second
	}
	if cfg.PostInterval <= 0 {
		cfg.PostInterval = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Dedupe == nil {
		cfg.Dedupe = newMemDedupe(time.Hour, 100000, cfg.Now)
	}
	b := &Bot{
		cfg:      cfg,
		api:      api,
		engine:   e,
		verifier: Verifier{Secret: []byte(cfg.SigningSecret), Now: cfg.Now, MaxBody: cfg.MaxBody},
		log:      cfg.Log.With("frontend", "slack"),
		hc:       cfg.HTTPClient,
		jobs:     make(chan job, cfg.Queue),
		seen:     cfg.Dedupe,
		notified: newMemDedupe(24*time.Hour, 100000, cfg.Now),
		pace:     newPacer(cfg.PostInterval),
		lawyers:  map[string]bool{},
		caseMsgs: map[string]msgLoc{},
	}
	b.pace.now = cfg.Now
	for _, id := range cfg.LawyerIDs {
		b.lawyers[id] = true
	}
	b.botUserID.Store("")
	return b
}

// Register mounts the signed HTTP endpoints on mux.
func (b *Bot) Register(mux *http.ServeMux) {
	mux.Handle("POST /slack/commands", b.signed(b.serveCommand))
	mux.Handle("POST /slack/interactions", b.signed(b.serveInteraction))
	mux.Handle("POST /slack/events", b.signed(b.serveEvent))
}

// Handler returns the three endpoints on a mux of their own (tests and
// benchmarks).
func (b *Bot) Handler() http.Handler {
	mux := http.NewServeMux()
	b.Register(mux)
	return mux
}

// CheckAuth calls auth.test, so a revoked or mistyped token fails at start
// rather than at the first message. It learns the bot's user ID (to strip its
// mention and skip its own messages). A network error is not a token error:
// it is logged and start-up goes on.
func (b *Bot) CheckAuth(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	res, err := b.api.AuthTestContext(ctx)
	if err != nil {
		var se slack.SlackErrorResponse
		switch {
		case errors.As(err, &se), isAuthError(err):
			return fmt.Errorf("SLACK_BOT_TOKEN was refused by Slack (%s): copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions and reinstall the app", authErrorName(err))
		}
		b.log.Warn("could not reach Slack to check the bot token; going on", "err", err)
		return nil
	}
	b.botUserID.Store(res.UserID)
	b.log.Info("slack bot authenticated", "team_hash", advisor.Hash(res.TeamID), "bot_user_hash", advisor.Hash(res.UserID))
	return nil
}

// authErrors are the auth.test errors that mean the token itself is bad.
var authErrors = []string{"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}

func isAuthError(err error) bool { return authErrorName(err) != "" }

func authErrorName(err error) string {
	for _, name := range authErrors {
		if err.Error() == name {
			return name
		}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// Ready fails while Socket Mode (when used) is not connected.
func (b *Bot) Ready(ctx context.Context) error {
	if b.cfg.SocketMode && !b.connected.Load() {
		return errors.New("slack socket mode is not connected")
	}
	return nil
}

// Run works the job queue, and serves Socket Mode when configured, until
// ctx is done; then it lets queued jobs finish for up to 15 seconds.
func (b *Bot) Run(ctx context.Context) error {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stop, stopped := context.WithCancel(ctx)
	defer stopped()
	var wg sync.WaitGroup
	for range b.cfg.Workers {
		wg.Go(func() { b.work(work, stop.Done()) })
	}
	var err error
	if b.cfg.SocketMode {
		err = b.runSocket(ctx)
	} else {
		<-ctx.Done()
	}
	b.stopping.Store(true)
	stopped()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		cancelWork()
		<-done
	}
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// work runs jobs until stop, then drains what is already queued.
func (b *Bot) work(ctx context.Context, stop <-chan struct{}) {
	for {
		select {
		case j := <-b.jobs:
			b.runJob(ctx, j)
		case <-stop:
			for {
				select {
				case j := <-b.jobs:
					b.runJob(ctx, j)
				default:
					return
				}
			}
		}
	}
}

func (b *Bot) runJob(ctx context.Context, j job) {
	defer b.pending.Add(-1)
	ctx, cancel := context.WithTimeout(ctx, b.cfg.JobTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("slack job panicked", "job", j.name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	j.run(ctx)
}

// submit queues work without blocking; false means the queue is full (or
// the bot is stopping) and the caller must degrade.
func (b *Bot) submit(name string, run func(ctx context.Context)) bool {
	if b.stopping.Load() {
		return false
	}
	b.pending.Add(1)
	select {
	case b.jobs <- job{name, run}:
		return true
	default:
		b.pending.Add(-1)
		b.log.Warn("slack job queue full", "job", name)
		return false
	}
}

// send calls the Web API for channel at the channel's pace, waiting out a
// 429's Retry-After up to twice; a later 429 comes back wrapped with
// advisor.RetryAfter.
func (b *Bot) send(ctx context.Context, channel string, call func() error) error {
	for attempt := 0; ; attempt++ {
		if err := b.pace.wait(ctx, channel); err != nil {
			return err
		}
		err := call()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			return err
		}
		wait := max(rl.RetryAfter, time.Second)
		b.pace.hold(channel, wait)
		b.log.Warn("slack rate limited", "channel_hash", advisor.Hash(channel), "retry_after", wait, "attempt", attempt+1)
		if attempt == 2 {
			return advisor.RetryAfter(err, wait)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return advisor.RetryAfter(err, wait)
		}
	}
}

// post sends a message to channel (in thread when set) and returns its ts.
func (b *Bot) post(ctx context.Context, channel, thread, text string, blocks []slack.Block) (string, error) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(), slack.MsgOptionDisableMediaUnfurl()}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	var ts string
	err := b.send(ctx, channel, func() (err error) {
		_, ts, err = b.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// update replaces the message at channel/ts.
func (b *Bot) update(ctx context.Context, channel, ts, text string, blocks []slack.Block) error {
	return b.send(ctx, channel, func() error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		return err
	})
}

// ephemeral shows a message only to user in channel (thread when set).
func (b *Bot) ephemeral(ctx context.Context, channel, thread, user, text string, blocks []slack.Block) error {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return b.send(ctx, channel, func() error {
		_, err := b.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// respond posts msg to an interaction's response_url (30 minutes, 5 uses).
func (b *Bot) respond(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	if url == "" {
		return errors.New("no response_url")
	}
	for attempt := 0; ; attempt++ {
		err := slack.PostWebhookCustomHTTPContext(ctx, url, b.hc, msg)
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || attempt == 2 {
			return err
		}
		t := time.NewTimer(max(rl.RetryAfter, time.Second))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// ephemeralMsg is a response visible only to the person who asked.
func ephemeralMsg(text string, blocks []slack.Block) *slack.WebhookMessage {
	m := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text}
	if len(blocks) > 0 {
		m.Blocks = &slack.Blocks{BlockSet: blocks}
	}
	return m
}

// textMsg is a one-section ephemeral message of our own mrkdwn.
func textMsg(mrkdwn string) *slack.WebhookMessage {
	return ephemeralMsg(mrkdwn, []slack.Block{section(mrkdwn)})
}

func (b *Bot) botUser() string { return b.botUserID.Load().(string) }
