package advisor

import (
	"context"
	"time"
)

// AdviceRecord is the audit trail of one piece of advice. It never holds the
// raw input: only hashes, the verdict and the rule IDs.
type AdviceRecord struct {
	At        time.Time
	Platform  string
	UserHash  string
	InputHash string
	Level     Level
	Score     int
	Flags     []string
	Ruleset   string
}

// AuditLog records advice given.
type AuditLog interface {
	RecordAdvice(ctx context.Context, r AdviceRecord) error
}
