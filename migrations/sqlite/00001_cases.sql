-- Same tables as migrations/postgres/00001_cases.sql. Times are INTEGER unix
-- microseconds in UTC (SQLite has no time type; one format keeps
-- comparisons right), JSON is TEXT checked with json_valid, and the case
-- number comes from a counter row instead of a sequence.

-- +goose Up
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('case_number', 0);

CREATE TABLE cases (
	id              INTEGER PRIMARY KEY,
	ref             TEXT NOT NULL UNIQUE,
	idempotency_key TEXT NOT NULL UNIQUE,
	status          TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'closed', 'withdrawn')),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	platform        TEXT NOT NULL,
	user_id         TEXT NOT NULL,
	level           TEXT NOT NULL DEFAULT '',
	score           INTEGER NOT NULL DEFAULT 0,
	lawyer          TEXT NOT NULL DEFAULT '',
	resolution      TEXT NOT NULL DEFAULT '',
	legal_hold      BOOLEAN NOT NULL DEFAULT FALSE,
	packet          TEXT NOT NULL CHECK (json_valid(packet))
);
CREATE INDEX cases_buyer ON cases (platform, user_id);
CREATE INDEX cases_created ON cases (created_at DESC, id DESC);

CREATE TABLE case_events (
	id      INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE outbox (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	destination  TEXT NOT NULL,
	notice_key   TEXT NOT NULL UNIQUE,
	state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'cancelled', 'skipped', 'fanned')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	locked_until INTEGER,
	claim_token  TEXT NOT NULL DEFAULT '',
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	sent_at      INTEGER,
	UNIQUE (case_id, kind, destination)
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE state = 'pending';

CREATE TABLE advice_log (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	platform   TEXT NOT NULL,
	user_hash  TEXT NOT NULL,
	input_hash TEXT NOT NULL,
	level      TEXT NOT NULL,
	score      INTEGER NOT NULL,
	flags      TEXT NOT NULL,
	ruleset    TEXT NOT NULL
);
CREATE INDEX advice_log_at ON advice_log (at);
CREATE INDEX advice_log_user ON advice_log (user_hash);

CREATE TABLE erasures (
	id             INTEGER PRIMARY KEY,
	at             INTEGER NOT NULL,
	platform       TEXT NOT NULL,
	user_hash      TEXT NOT NULL,
	cases_deleted  INTEGER NOT NULL,
	advice_deleted INTEGER NOT NULL,
	held_refs      TEXT NOT NULL
);

-- +goose Down
DROP TABLE erasures;
DROP TABLE advice_log;
DROP TABLE outbox;
DROP TABLE case_events;
DROP TABLE cases;
DROP TABLE counters;
