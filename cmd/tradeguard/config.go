package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything TradeGuard reads from the environment. Only this file
// reads configuration; zero values mean the zero-config defaults (built-in
// guide, embedded SQLite in ./data, no chat tokens, no LLM).
type Config struct {
	ListenAddr   string // LISTEN_ADDR, default :8080
	DataDir      string // DATA_DIR, default ./data
	DatabaseURL  string // DATABASE_URL: PostgreSQL; empty means SQLite in DataDir
	KnowledgeDir string // KNOWLEDGE_DIR: operator guide files
	LogLevel     string // LOG_LEVEL: debug, info, warn, error

	EscalationThresholdUSD float64 // ESCALATION_THRESHOLD_USD, default 5000
	MaxInputBytes          int     // MAX_INPUT_BYTES, default 65536
	DisputeWindowDays      int     // DISPUTE_WINDOW_DAYS, default 30

	EscalationWebhookURL    string // ESCALATION_WEBHOOK_URL
	EscalationWebhookSecret string // ESCALATION_WEBHOOK_SECRET
	AdviceRetentionDays     int    // ADVICE_RETENTION_DAYS, default 90

	SlackBotToken       string   // SLACK_BOT_TOKEN (xoxb-)
	SlackAppToken       string   // SLACK_APP_TOKEN (xapp-), enables Socket Mode
	SlackSigningSecret  string   // SLACK_SIGNING_SECRET
	SlackCommand        string   // SLACK_COMMAND, default /tradeguard
	SlackLawyersChannel string   // SLACK_LAWYERS_CHANNEL
	SlackLawyerUserIDs  []string // SLACK_LAWYER_USER_IDS, comma-separated

	DiscordBotToken         string // DISCORD_BOT_TOKEN
	DiscordAppID            string // DISCORD_APP_ID
	DiscordPublicKey        string // DISCORD_PUBLIC_KEY (hex)
	DiscordGuildID          string // DISCORD_GUILD_ID
	DiscordLawyersChannelID string // DISCORD_LAWYERS_CHANNEL_ID
	DiscordLawyerRoleID     string // DISCORD_LAWYER_ROLE_ID
	// DiscordGateway runs the gateway bot when DISCORD_BOT_TOKEN is set
	// (DISCORD_GATEWAY, default on). With several replicas turn it off on
	// all but one: every gateway connection receives every message, while
	// REST (notifiers, command registration) works on all of them.
	DiscordGateway bool

	OpenAIAPIKey         string        // OPENAI_API_KEY
	OpenAIBaseURL        string        // OPENAI_BASE_URL
	OpenAIModel          string        // OPENAI_MODEL, default gpt-4o-mini
	OpenAIEmbeddingModel string        // OPENAI_EMBEDDING_MODEL
	OpenAITimeout        time.Duration // OPENAI_TIMEOUT, default 20s
	LLMMaxInputTokens    int           // LLM_MAX_INPUT_TOKENS, default 6000
	LLMDailyQuota        int           // LLM_DAILY_QUOTA per user, default 50
}

// ConfigFromEnv reads the configuration through getenv (os.Getenv in main,
// a map in tests). It reports every malformed value at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	var errs []error
	str := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	num := func(key string, def int) int {
		v := strings.TrimSpace(getenv(key))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("%s must be a whole number ≥ 0, got %q", key, v))
			return def
		}
		return n
	}
	c := Config{
		ListenAddr:   str("LISTEN_ADDR", ":8080"),
		DataDir:      str("DATA_DIR", "data"),
		DatabaseURL:  str("DATABASE_URL", ""),
		KnowledgeDir: str("KNOWLEDGE_DIR", ""),
		LogLevel:     str("LOG_LEVEL", "info"),

		MaxInputBytes:     num("MAX_INPUT_BYTES", 64<<10),
		DisputeWindowDays: num("DISPUTE_WINDOW_DAYS", 30),

		EscalationWebhookURL:    str("ESCALATION_WEBHOOK_URL", ""),
		EscalationWebhookSecret: str("ESCALATION_WEBHOOK_SECRET", ""),
		AdviceRetentionDays:     num("ADVICE_RETENTION_DAYS", 90),

		SlackBotToken:       str("SLACK_BOT_TOKEN", ""),
		SlackAppToken:       str("SLACK_APP_TOKEN", ""),
		SlackSigningSecret:  str("SLACK_SIGNING_SECRET", ""),
		SlackCommand:        str("SLACK_COMMAND", "/tradeguard"),
		SlackLawyersChannel: str("SLACK_LAWYERS_CHANNEL", ""),
		SlackLawyerUserIDs:  list(getenv("SLACK_LAWYER_USER_IDS")),

		DiscordBotToken:         str("DISCORD_BOT_TOKEN", ""),
		DiscordAppID:            str("DISCORD_APP_ID", ""),
		DiscordPublicKey:        str("DISCORD_PUBLIC_KEY", ""),
		DiscordGuildID:          str("DISCORD_GUILD_ID", ""),
		DiscordLawyersChannelID: str("DISCORD_LAWYERS_CHANNEL_ID", ""),
		DiscordLawyerRoleID:     str("DISCORD_LAWYER_ROLE_ID", ""),
		DiscordGateway:          true,

		OpenAIAPIKey:         str("OPENAI_API_KEY", ""),
		OpenAIBaseURL:        str("OPENAI_BASE_URL", ""),
		OpenAIModel:          str("OPENAI_MODEL", "gpt-4o-mini"),
		OpenAIEmbeddingModel: str("OPENAI_EMBEDDING_MODEL", ""),
		LLMMaxInputTokens:    num("LLM_MAX_INPUT_TOKENS", 6000),
		LLMDailyQuota:        num("LLM_DAILY_QUOTA", 50),
	}
	if v := strings.TrimSpace(getenv("ESCALATION_THRESHOLD_USD")); v != "" {
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err != nil || f <= 0 {
			errs = append(errs, fmt.Errorf("ESCALATION_THRESHOLD_USD must be a positive amount, got %q", v))
		}
		c.EscalationThresholdUSD = f
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("DISCORD_GATEWAY"))); v {
	case "", "on", "true", "1", "yes":
	case "off", "false", "0", "no":
		c.DiscordGateway = false
	default:
		errs = append(errs, fmt.Errorf("DISCORD_GATEWAY must be on or off, got %q", v))
	}
	c.OpenAITimeout = 20 * time.Second
	if v := strings.TrimSpace(getenv("OPENAI_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			if n, nerr := strconv.Atoi(v); nerr == nil {
				d, err = time.Duration(n)*time.Second, nil
			}
		}
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("OPENAI_TIMEOUT must be a duration such as 20s, got %q", v))
		} else {
			c.OpenAITimeout = d
		}
	}
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// Validate checks token shapes, so a pasted wrong token fails at start-up with
// a clear message rather than at the first message.
func (c Config) Validate() error {
	var errs []error
	prefix := func(key, val, want, what string) {
		if val != "" && !strings.HasPrefix(val, want) {
			errs = append(errs, fmt.Errorf("%s must start with %q (%s); check you copied the right token", key, want, what))
		}
	}
	prefix("SLACK_BOT_TOKEN", c.SlackBotToken, "xoxb-", "the Bot User OAuth Token")
	prefix("SLACK_APP_TOKEN", c.SlackAppToken, "xapp-", "an app-level token with connections:write")
	if c.SlackAppToken != "" && c.SlackBotToken == "" {
		errs = append(errs, errors.New("SLACK_APP_TOKEN (Socket Mode) also needs SLACK_BOT_TOKEN"))
	}
	if c.DiscordPublicKey != "" && len(c.DiscordPublicKey) != 64 {
		errs = append(errs, errors.New("DISCORD_PUBLIC_KEY must be the 64-character hex public key from the Developer Portal"))
	}
	if c.EscalationWebhookURL != "" && !strings.HasPrefix(c.EscalationWebhookURL, "http://") && !strings.HasPrefix(c.EscalationWebhookURL, "https://") {
		errs = append(errs, errors.New("ESCALATION_WEBHOOK_URL must be an http:// or https:// URL"))
	}
	if c.EscalationWebhookURL != "" && c.EscalationWebhookSecret == "" {
		errs = append(errs, errors.New("ESCALATION_WEBHOOK_URL needs ESCALATION_WEBHOOK_SECRET: notices carry the evidence packet and are signed with it"))
	}
	return errors.Join(errs...)
}

// SQLitePath is where the embedded store lives when DATABASE_URL is unset.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "tradeguard.db") }

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
