// Package llm writes TradeGuard's optional LLM answers through any
// OpenAI-compatible server (github.com/sashabaranov/go-openai): grounded in
// the guide passages, cited, time-boxed, and unable to change the verdict.
//
// Construct once at start-up and share (both are safe for concurrent use):
//
//	w, err := llm.New(llm.Config{APIKey: …, BaseURL: …, Model: …, Timeout: …,
//		MaxInputTokens: …, DailyQuota: …})
//	engine.Writer, engine.WriteBudget = w, w.Timeout()
//
//	emb, err := llm.NewEmbedder(llm.Config{BaseURL: …, EmbeddingModel: …})
//	guide, _, err := knowledge.NewHybrid(ctx, index, emb, store, knowledge.HybridConfig{})
//
// New and NewEmbedder fail only on a malformed configuration and make no
// call. A Writer sends the passages, the rule findings, and the buyer's
// message and supplier paste as randomly delimited data, all masked with
// advisor.Redact; it accepts an answer only if it cites a given passage,
// does not leak the prompt's canary, does not contradict the findings and
// does not echo the paste, and it strips mentions, markup and links the
// passages did not contain. Every call has a deadline, 429 and 5xx replies
// are retried within it (honouring Retry-After), a circuit breaker stops
// calls to a failing server, and a per-user daily quota bounds use. Any
// error means the caller keeps its extractive answer.
//
// Package llmtest is a local OpenAI-compatible server for tests.
package llm
