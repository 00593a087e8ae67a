package advisor

import (
	"context"
	"time"
)

// AdviceRecord is the audit trail of one piece of advice. It never holds the
// raw input: only hashes, the verdict and the rule IDs.
type AdviceRecord struct {
	At        time.Time `json:"at"`
	Platform  string    `json:"platform"`
	UserHash  string    `json:"user_hash"`
	InputHash string    `json:"input_hash"`
	Level     Level     `json:"level"`
	Score     int       `json:"score"`
	Flags     []string  `json:"flags"`
	Ruleset   string    `json:"ruleset"`
}

// AuditLog records advice given.
type AuditLog interface {
	RecordAdvice(ctx context.Context, r AdviceRecord) error
}

// AdviceFilter selects audit records; zero fields match everything.
type AdviceFilter struct {
	Platform string
	UserHash string
	Since    time.Time
	Limit    int
}

// AuditStore is an AuditLog that can be read and pruned.
type AuditStore interface {
	AuditLog
	// FindAdvice lists audit records, oldest first.
	FindAdvice(ctx context.Context, f AdviceFilter) ([]AdviceRecord, error)
	// PruneAdvice deletes the records made before before and returns how
	// many (ADVICE_RETENTION_DAYS).
	PruneAdvice(ctx context.Context, before time.Time) (int64, error)
}
