-- Embeddings of guide sections for hybrid retrieval (OPENAI_EMBEDDING_MODEL),
-- so a restart does not re-embed the guide. Keyed by model and the SHA-256 of
-- the embedded text (knowledge.ContentKey); the vector is little-endian
-- float32. Rows are a cache: deleting them only costs a re-embed.

-- +goose Up
CREATE TABLE embeddings (
	model        TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	dims         INTEGER NOT NULL CHECK (dims > 0),
	vector       BYTEA NOT NULL CHECK (octet_length(vector) = 4 * dims),
	created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
	PRIMARY KEY (model, content_hash)
);

-- +goose Down
DROP TABLE embeddings;
