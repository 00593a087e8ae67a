package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tradeguard/advisor/store"
	"tradeguard/knowledge"
)

var _ knowledge.VectorCache = (*DB)(nil)

// LoadVectors returns the cached embeddings of model for those keys it has
// (knowledge.VectorCache).
func (db *DB) LoadVectors(ctx context.Context, model string, keys []string) (map[string][]float32, error) {
	rows, err := db.Pool.Query(ctx, `SELECT content_hash, vector FROM embeddings WHERE model = $1 AND content_hash = ANY($2)`, model, keys)
	if err != nil {
		return nil, fmt.Errorf("postgres: load embeddings: %w", err)
	}
	defer rows.Close()
	out := map[string][]float32{}
	for rows.Next() {
		var key string
		var raw []byte
		if err := rows.Scan(&key, &raw); err != nil {
			return nil, fmt.Errorf("postgres: load embeddings: %w", err)
		}
		if v, err := store.DecodeVector(raw); err == nil {
			out[key] = v
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: load embeddings: %w", err)
	}
	return out, nil
}

// SaveVectors stores embeddings of model by key, replacing any there, in one
// batch (knowledge.VectorCache). Replicas starting at once may both embed the
// guide; the last write wins and both hold the same vectors.
func (db *DB) SaveVectors(ctx context.Context, model string, vecs map[string][]float32) error {
	b := &pgx.Batch{}
	for k, v := range vecs {
		if len(v) == 0 {
			continue
		}
		b.Queue(`INSERT INTO embeddings (model, content_hash, dims, vector) VALUES ($1, $2, $3, $4)
			ON CONFLICT (model, content_hash) DO UPDATE SET dims = EXCLUDED.dims, vector = EXCLUDED.vector, created_at = now()`,
			model, k, len(v), store.EncodeVector(v))
	}
	if b.Len() == 0 {
		return nil
	}
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: save embeddings: %w", err)
	}
	return nil
}
