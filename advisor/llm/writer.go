package llm

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"tradeguard/advisor"
)

// Errors that mean no call was made.
var (
	// ErrNoPassages: there is nothing to ground an answer on.
	ErrNoPassages = errors.New("llm: no guide passages to answer from")
	// ErrQuota: the user has used today's LLM answers (LLM_DAILY_QUOTA).
	ErrQuota = errors.New("llm: daily quota used")
	// ErrCircuitOpen: the server failed repeatedly; calls are paused.
	ErrCircuitOpen = errors.New("llm: circuit breaker open after repeated failures")
)

// chatCompleter is the part of the go-openai client the Writer uses.
type chatCompleter interface {
	CreateChatCompletion(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)
}

// Writer writes grounded, cited answers with an OpenAI-compatible chat model.
// It implements advisor.Writer and is safe for concurrent use.
type Writer struct {
	cfg     Config
	client  chatCompleter
	breaker *Breaker
	quota   *Quota
	// sleep waits between retries; tests replace it to avoid real waits.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ advisor.Writer = (*Writer)(nil)

// New returns a Writer for cfg. It fails only on a malformed configuration;
// it does not contact the server.
func New(cfg Config) (*Writer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cc, err := cfg.clientConfig()
	if err != nil {
		return nil, err
	}
	return &Writer{
		cfg:     cfg,
		client:  openai.NewClientWithConfig(cc),
		breaker: NewBreaker(cfg.BreakerFailures, cfg.BreakerCooldown, cfg.Now),
		quota:   NewQuota(cfg.DailyQuota, cfg.Now),
		sleep:   sleepCtx,
	}, nil
}

// Model returns the chat model's name.
func (w *Writer) Model() string { return w.cfg.Model }

// Timeout returns the per-call deadline, which callers can use as their
// answer budget.
func (w *Writer) Timeout() time.Duration { return w.cfg.Timeout }

// BreakerState returns "closed", "open" or "half-open", for health checks.
func (w *Writer) BreakerState() string { return w.breaker.State() }

// thinkRe matches the reasoning blocks some local models (DeepSeek-R1, Qwen3
// through Ollama) put before their answer.
var thinkRe = regexp.MustCompile(`(?is)<think>.*?</think>|^.*?</think>`)

// Write asks the model for an answer to req and returns it as plain text with
// citations renumbered [1], [2]… in the order of the returned citations. Any
// error means the caller keeps its extractive answer: ErrNoPassages,
// ErrQuota and ErrCircuitOpen before a call; a server, timeout or rate-limit
// error; or ErrEmpty, ErrNoCitation, ErrCanary, ErrUnsafeClaim or ErrEcho for
// an answer that cannot be used.
func (w *Writer) Write(ctx context.Context, req advisor.WriteRequest) (string, []advisor.Citation, error) {
	if len(req.Passages) == 0 {
		return "", nil, ErrNoPassages
	}
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	if !w.breaker.Allow() {
		return "", nil, ErrCircuitOpen
	}
	if !w.quota.Take(advisor.Hash(req.User)) {
		w.breaker.Release()
		return "", nil, ErrQuota
	}
	p, err := buildPrompt(req, w.cfg.MaxInputTokens)
	if err != nil {
		w.breaker.Release()
		return "", nil, err
	}
	callCtx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	raw, err := w.complete(callCtx, p)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			w.breaker.Release() // the caller went away; that says nothing about the server
		} else {
			w.done(false)
		}
		return "", nil, err
	}
	raw = strings.TrimSpace(thinkRe.ReplaceAllString(raw, ""))
	out, err := checkAnswer(raw, p, req.Advice)
	switch {
	case err == nil:
		w.done(true)
	case errors.Is(err, ErrEmpty), errors.Is(err, ErrNoCitation):
		// A server that answers nonsense is failing too.
		w.done(false)
	default:
		// Canary, unsafe claims and echoes come from a hostile paste, not a
		// broken server.
		w.done(true)
	}
	if err != nil {
		return "", nil, err
	}
	return out.answer, out.citations, nil
}

// done reports a call's outcome to the breaker and logs when it opens or
// closes.
func (w *Writer) done(ok bool) {
	before := w.breaker.State()
	w.breaker.Done(ok)
	if after := w.breaker.State(); after != before && (after == "open" || after == "closed") {
		w.cfg.Log.Warn("llm circuit breaker "+after, "server", hostOf(w.cfg.BaseURL), "model", w.cfg.Model,
			"cooldown", w.cfg.BreakerCooldown.String())
	}
}

// complete sends the prompt, retrying 429 and 5xx answers while the deadline
// allows: it waits as long as Retry-After says (or 250 ms, 500 ms… without
// one) and gives up at once when that wait would pass the deadline.
func (w *Writer) complete(ctx context.Context, p *prompt) (string, error) {
	req := openai.ChatCompletionRequest{
		Model: w.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.system},
			{Role: openai.ChatMessageRoleUser, Content: p.user},
		},
	}
	if reasoningModel(w.cfg.Model) {
		req.MaxCompletionTokens = w.cfg.MaxAnswerTokens * 4 // reasoning tokens count too
	} else {
		req.MaxTokens = w.cfg.MaxAnswerTokens
		req.Temperature = 0.2
	}
	for attempt := 0; ; attempt++ {
		actx, hint := withHint(ctx)
		resp, err := w.client.CreateChatCompletion(actx, req)
		if err == nil {
			if len(resp.Choices) == 0 {
				return "", fmt.Errorf("%w: no choices in the response", ErrEmpty)
			}
			return resp.Choices[0].Message.Content, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("llm: %w", ctx.Err())
		}
		if !retryable(err) || attempt >= w.cfg.MaxRetries {
			return "", fmt.Errorf("llm: %w", err)
		}
		wait, ok := hint.get()
		if !ok {
			wait = backoff(attempt + 1)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+minAttemptTime {
			return "", fmt.Errorf("llm: %w (the server asks to wait %v, past the deadline)", err, wait.Round(time.Millisecond))
		}
		if err := w.sleep(ctx, wait); err != nil {
			return "", fmt.Errorf("llm: %w", err)
		}
	}
}

// hostOf returns the host of a base URL (no credentials or path), for logs.
func hostOf(base string) string {
	if base == "" {
		return "api.openai.com"
	}
	if u, err := url.Parse(base); err == nil {
		return u.Host
	}
	return ""
}

// minAttemptTime is the least time worth starting another attempt with.
const minAttemptTime = 500 * time.Millisecond

// reasoningModel reports whether the model takes max_completion_tokens and no
// temperature (OpenAI's o-series and GPT-5 and later).
func reasoningModel(m string) bool {
	for _, p := range []string{"o1", "o3", "o4", "gpt-5", "gpt-6"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}
