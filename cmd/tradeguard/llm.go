package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/llm"
	"tradeguard/bot"
	"tradeguard/knowledge"
)

// llmConfig maps the OPENAI_* and LLM_* settings to the LLM client's.
func llmConfig(cfg Config, now func() time.Time, log *slog.Logger) llm.Config {
	return llm.Config{
		APIKey:         cfg.OpenAIAPIKey,
		BaseURL:        cfg.OpenAIBaseURL,
		Model:          cfg.OpenAIModel,
		EmbeddingModel: cfg.OpenAIEmbeddingModel,
		Timeout:        cfg.OpenAITimeout,
		MaxInputTokens: cfg.LLMMaxInputTokens,
		DailyQuota:     cfg.LLMDailyQuota,
		Now:            now,
		Log:            log,
	}
}

// wireLLM gives e an LLM writer when OPENAI_API_KEY or OPENAI_BASE_URL is
// set, with the answer budget OPENAI_TIMEOUT; otherwise it leaves e alone.
// serve calls it too. It fails only on a malformed setting.
func (m *Main) wireLLM(e *bot.Engine, cfg Config) error {
	lc := llmConfig(cfg, m.Now, e.Log)
	if !lc.Enabled() {
		return nil
	}
	w, err := llm.New(lc)
	if err != nil {
		return err
	}
	e.Writer, e.WriteBudget = w, w.Timeout()
	return nil
}

// rewrite lets the LLM rewrite a one-shot answer (advise) when one is
// configured, judged at now.
func (m *Main) rewrite(ctx context.Context, cfg Config, a *advisor.Advisor, req advisor.Request, adv advisor.Advice, now time.Time) (advisor.Advice, error) {
	e := bot.NewEngine(a)
	e.Now = func() time.Time { return now }
	e.Log = slog.New(bot.NewRedactHandler(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	if err := m.wireLLM(e, cfg); err != nil {
		return adv, err
	}
	if e.Writer == nil {
		return adv, nil
	}
	out, _ := e.Rewrite(ctx, req, adv)
	return out, nil
}

// withEmbeddings returns ix fused with embeddings when OPENAI_EMBEDDING_MODEL
// is set (hybrid retrieval), caching section vectors in DATA_DIR; on any
// failure it says so on stderr and returns ix (BM25 alone).
func (m *Main) withEmbeddings(cfg Config, ix *knowledge.Index) advisor.Searcher {
	lc := llmConfig(cfg, m.Now, nil)
	if cfg.OpenAIEmbeddingModel == "" || !lc.Enabled() {
		return ix
	}
	emb, err := llm.NewEmbedder(lc)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: embeddings off: %v\n", err)
		return ix
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*cfg.OpenAITimeout)
	defer cancel()
	cache := &knowledge.FileVectorCache{Dir: filepath.Join(cfg.DataDir, "cache")}
	h, _, err := knowledge.NewHybrid(ctx, ix, emb, cache, knowledge.HybridConfig{})
	if err != nil {
		fmt.Fprintf(m.Stderr, "tradeguard: embeddings: %v\n", err)
		if h == nil {
			return ix
		}
	}
	return h
}
