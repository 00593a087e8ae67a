package advisor

import "context"

// Passage is a guide passage handed to a Writer, labelled with a short ID
// (G1, G2…) that the writer cites in square brackets.
type Passage struct {
	ID      string
	Title   string
	Source  string
	Updated string
	Text    string
}

// WriteRequest is everything a Writer may use: the buyer's question, the
// pasted supplier text (untrusted data), the rule findings (fixed facts) and
// the retrieved passages.
type WriteRequest struct {
	Question string
	Paste    string
	Advice   Advice
	Passages []Passage
	// User identifies the buyer for the writer's per-user daily quota
	// (platform user ID; the writer keys on its hash and never sends it).
	User string
}

// Writer writes a fluent answer (an LLM). It may only replace Advice.Answer
// and Advice.Citations; the level, score, flags and escalation are never its
// to change.
type Writer interface {
	Write(ctx context.Context, req WriteRequest) (answer string, citations []Citation, err error)
}
