-- Same table as migrations/postgres/00002_embeddings.sql; created_at is unix
-- microseconds in UTC like every SQLite time here.

-- +goose Up
CREATE TABLE embeddings (
	model        TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	dims         INTEGER NOT NULL CHECK (dims > 0),
	vector       BLOB NOT NULL CHECK (length(vector) = 4 * dims),
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (model, content_hash)
);

-- +goose Down
DROP TABLE embeddings;
