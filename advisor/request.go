package advisor

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
)

// Request is one buyer message, normalised by a front end (Slack, Discord,
// terminal). The core never sees platform types.
type Request struct {
	// Text is what the buyer wrote or pasted.
	Text string
	// Context is the earlier paste of the same conversation, so a follow-up
	// question is judged and answered against it.
	Context string
	// Platform is "terminal", "cli", "slack", "discord" or "web".
	Platform string
	User     string
	Channel  string
	Thread   string
}

// LogValue keeps pastes (bank accounts, e-mails, phone numbers) out of logs:
// only sizes and short hashes are logged.
func (r Request) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("platform", r.Platform),
		slog.String("user", Hash(r.User)),
		slog.Int("text_len", len(r.Text)),
		slog.String("text_sha", Hash(r.Text)),
		slog.Int("context_len", len(r.Context)),
	)
}

// Hash returns a short, stable, non-reversible tag for a value that must not
// be logged in clear ("" for "").
func Hash(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
