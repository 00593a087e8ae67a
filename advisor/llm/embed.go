package llm

import (
	"context"
	"errors"
	"fmt"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"tradeguard/advisor"
)

// embeddingsCreator is the part of the go-openai client the Embedder uses.
type embeddingsCreator interface {
	CreateEmbeddings(ctx context.Context, conv openai.EmbeddingRequestConverter) (openai.EmbeddingResponse, error)
}

// Embedder turns texts into vectors with an OpenAI-compatible embeddings
// endpoint (OPENAI_EMBEDDING_MODEL). It implements knowledge.Embedder and is
// safe for concurrent use. Like the Writer it has a deadline per call, a
// circuit breaker and Retry-After-aware retries; it has no quota (it embeds
// guide sections once and each query at most once).
type Embedder struct {
	cfg     Config
	client  embeddingsCreator
	breaker *Breaker
	sleep   func(ctx context.Context, d time.Duration) error
}

// embedBatch is how many texts go in one request.
const embedBatch = 64

// NewEmbedder returns an Embedder for cfg.EmbeddingModel.
func NewEmbedder(cfg Config) (*Embedder, error) {
	cfg = cfg.withDefaults()
	if cfg.EmbeddingModel == "" {
		return nil, errors.New("llm: OPENAI_EMBEDDING_MODEL is not set")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cc, err := cfg.clientConfig()
	if err != nil {
		return nil, err
	}
	return &Embedder{cfg: cfg, client: openai.NewClientWithConfig(cc),
		breaker: NewBreaker(cfg.BreakerFailures, cfg.BreakerCooldown, cfg.Now), sleep: sleepCtx}, nil
}

// Model returns the embedding model's name (cache entries are keyed by it).
func (e *Embedder) Model() string { return e.cfg.EmbeddingModel }

// Embed returns one vector per text, in order, within ctx and the configured
// timeout per request. Texts are masked with advisor.Redact before they leave. It fails with ErrCircuitOpen without calling while the
// server is considered down.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += embedBatch {
		end := min(start+embedBatch, len(texts))
		vecs, err := e.batch(ctx, texts[start:end])
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (e *Embedder) batch(ctx context.Context, texts []string) ([][]float32, error) {
	if !e.breaker.Allow() {
		return nil, ErrCircuitOpen
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	masked := make([]string, len(texts))
	for i, t := range texts {
		// Queries are buyers' words: mask them like everything else that leaves.
		masked[i] = clean(advisor.Redact(t))
	}
	req := openai.EmbeddingRequest{Model: openai.EmbeddingModel(e.cfg.EmbeddingModel), Input: masked}
	for attempt := 0; ; attempt++ {
		actx, hint := withHint(ctx)
		resp, err := e.client.CreateEmbeddings(actx, req)
		if err == nil {
			vecs, err := ordered(resp, len(texts))
			e.breaker.Done(err == nil)
			return vecs, err
		}
		if ctx.Err() != nil || !retryable(err) || attempt >= e.cfg.MaxRetries {
			e.breaker.Done(false)
			return nil, fmt.Errorf("llm: embeddings: %w", err)
		}
		wait, ok := hint.get()
		if !ok {
			wait = backoff(attempt + 1)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+minAttemptTime {
			e.breaker.Done(false)
			return nil, fmt.Errorf("llm: embeddings: %w (retry after %v is past the deadline)", err, wait)
		}
		if err := e.sleep(ctx, wait); err != nil {
			e.breaker.Done(false)
			return nil, fmt.Errorf("llm: embeddings: %w", err)
		}
	}
}

// ordered places each returned vector by its index and checks that every
// text got one of the same length.
func ordered(resp openai.EmbeddingResponse, n int) ([][]float32, error) {
	if len(resp.Data) != n {
		return nil, fmt.Errorf("llm: embeddings: %d vectors for %d texts", len(resp.Data), n)
	}
	out := make([][]float32, n)
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil || len(d.Embedding) == 0 {
			return nil, fmt.Errorf("llm: embeddings: bad or repeated index %d", d.Index)
		}
		if len(d.Embedding) != len(resp.Data[0].Embedding) {
			return nil, errors.New("llm: embeddings: vectors of different lengths")
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
