package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tradeguard/advisor/store"
	"tradeguard/knowledge"
)

var _ knowledge.VectorCache = (*DB)(nil)

// sqliteMaxVars keeps IN lists under SQLite's bound-parameter limit.
const sqliteMaxVars = 500

// LoadVectors returns the cached embeddings of model for those keys it has
// (knowledge.VectorCache).
func (db *DB) LoadVectors(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	out := map[string][]float32{}
	for start := 0; start < len(keys); start += sqliteMaxVars {
		chunk := keys[start:min(start+sqliteMaxVars, len(keys))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, model)
		for _, k := range chunk {
			args = append(args, k)
		}
		rows, err := db.sql.QueryContext(ctx, `SELECT content_hash, vector FROM embeddings
			WHERE model = ? AND content_hash IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: load embeddings: %w", err)
		}
		for rows.Next() {
			var key string
			var raw []byte
			if err := rows.Scan(&key, &raw); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: load embeddings: %w", err)
			}
			if v, err := store.DecodeVector(raw); err == nil {
				out[key] = v
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: load embeddings: %w", err)
		}
	}
	return out, nil
}

// SaveVectors stores embeddings of model by key, replacing any there, in one
// transaction (knowledge.VectorCache).
func (db *DB) SaveVectors(ctx context.Context, model string, vecs map[string][]float32) (err error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save embeddings: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	now := time.Now().UTC().UnixMicro()
	for k, v := range vecs {
		if len(v) == 0 {
			continue
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO embeddings (model, content_hash, dims, vector, created_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (model, content_hash) DO UPDATE SET dims = excluded.dims, vector = excluded.vector, created_at = excluded.created_at`,
			model, k, len(v), store.EncodeVector(v), now); err != nil {
			return fmt.Errorf("sqlite: save embeddings: %w", err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: save embeddings: %w", err)
	}
	return nil
}
