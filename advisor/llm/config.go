package llm

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Config configures a Writer. Only APIKey or BaseURL is required; the zero
// values of the rest mean the documented defaults.
type Config struct {
	// APIKey is sent as "Authorization: Bearer …" (as "api-key" to Azure).
	// Local servers (Ollama, LM Studio, vLLM without --api-key) ignore it.
	APIKey string
	// BaseURL is the server's OpenAI-compatible root, ending in /v1 for most
	// (http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:1234/v1 for LM
	// Studio, http://vllm:8000/v1 for vLLM). Empty means api.openai.com. An
	// Azure OpenAI resource (https://NAME.openai.azure.com) is recognised by
	// its host; add ?api-version=… to pick the API version, and set Model to
	// the deployment name.
	BaseURL string
	// Model is the chat model (default gpt-4o-mini).
	Model string
	// EmbeddingModel turns on Embedder (hybrid retrieval); empty means off.
	EmbeddingModel string
	// Timeout bounds every call: its context deadline, and the HTTP client's
	// own timeout (default 20 s).
	Timeout time.Duration
	// MaxInputTokens caps the prompt by a rough estimate (see EstimateTokens);
	// passages and the paste are trimmed to fit (default 6000).
	MaxInputTokens int
	// MaxAnswerTokens caps the answer (default 600).
	MaxAnswerTokens int
	// DailyQuota is the number of LLM answers each user may get per UTC day;
	// 0 means no limit.
	DailyQuota int
	// BreakerFailures consecutive failures open the circuit breaker for
	// BreakerCooldown (defaults 5 and 60 s).
	BreakerFailures int
	BreakerCooldown time.Duration
	// MaxRetries is how many times a 429 or 5xx is retried within the
	// deadline (default 2).
	MaxRetries int
	// Now is the clock for the quota and the breaker (default time.Now).
	Now func() time.Time
	// HTTPClient replaces the HTTP client; its Transport is wrapped to read
	// Retry-After. Default: a client with Timeout+5 s timeout.
	HTTPClient *http.Client
	// Log receives circuit-breaker changes (never prompt or paste text).
	Log *slog.Logger
}

// Defaults.
const (
	DefaultModel          = "gpt-4o-mini"
	DefaultTimeout        = 20 * time.Second
	DefaultMaxInputTokens = 6000
	DefaultMaxAnswer      = 600
	defaultAzureVersion   = "2024-06-01"
)

func (c Config) withDefaults() Config {
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxInputTokens <= 0 {
		c.MaxInputTokens = DefaultMaxInputTokens
	}
	if c.MaxAnswerTokens <= 0 {
		c.MaxAnswerTokens = DefaultMaxAnswer
	}
	if c.BreakerFailures <= 0 {
		c.BreakerFailures = 5
	}
	if c.BreakerCooldown <= 0 {
		c.BreakerCooldown = time.Minute
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	} else if c.MaxRetries == 0 {
		c.MaxRetries = 2
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	return c
}

// Enabled reports whether the configuration asks for an LLM at all: an API
// key or a base URL is set.
func (c Config) Enabled() bool {
	return strings.TrimSpace(c.APIKey) != "" || strings.TrimSpace(c.BaseURL) != ""
}

// validate checks the base URL.
func (c Config) validate() error {
	if !c.Enabled() {
		return errors.New("llm: neither an API key nor a base URL is set")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("llm: OPENAI_BASE_URL must be an http:// or https:// URL such as http://127.0.0.1:11434/v1, got %q", c.BaseURL)
		}
	}
	if c.MaxInputTokens < minPromptTokens {
		return fmt.Errorf("llm: LLM_MAX_INPUT_TOKENS must be at least %d, got %d", minPromptTokens, c.MaxInputTokens)
	}
	return nil
}

// clientConfig turns c into a go-openai configuration with a bounded HTTP
// client. It also returns the HTTP client, for the embedder.
func (c Config) clientConfig() (openai.ClientConfig, error) {
	key := c.APIKey
	if key == "" {
		key = "none" // local servers ignore it; some reject an empty bearer
	}
	var cfg openai.ClientConfig
	base := strings.TrimRight(c.BaseURL, "/")
	u, _ := url.Parse(base)
	if u != nil && strings.HasSuffix(strings.ToLower(u.Hostname()), ".openai.azure.com") {
		version := u.Query().Get("api-version")
		if version == "" {
			version = defaultAzureVersion
		}
		u.RawQuery = ""
		cfg = openai.DefaultAzureConfig(key, strings.TrimRight(u.String(), "/"))
		cfg.APIVersion = version
		// The model names the deployment as it is, dots included.
		cfg.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		cfg = openai.DefaultConfig(key)
		if base != "" {
			cfg.BaseURL = base
		}
	}
	hc := &http.Client{Timeout: c.Timeout + 5*time.Second}
	if c.HTTPClient != nil {
		own := *c.HTTPClient // a copy: the caller's client keeps its transport
		hc = &own
		if hc.Timeout <= 0 {
			hc.Timeout = c.Timeout + 5*time.Second
		}
	}
	hc.Transport = headerTransport{base: hc.Transport}
	cfg.HTTPClient = hc
	return cfg, nil
}
