-- Cases handed to the AC&E lawyers, their events, the outbox of notices
-- (lawyers and buyers), and the advice audit log. Times are TIMESTAMPTZ.

-- +goose Up
CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	ref             TEXT NOT NULL UNIQUE,
	idempotency_key TEXT NOT NULL UNIQUE,
	status          TEXT NOT NULL CHECK (status IN ('new', 'accepted', 'closed', 'withdrawn')),
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL,
	platform        TEXT NOT NULL,
	user_id         TEXT NOT NULL,
	level           TEXT NOT NULL DEFAULT '',
	score           INTEGER NOT NULL DEFAULT 0,
	lawyer          TEXT NOT NULL DEFAULT '',
	resolution      TEXT NOT NULL DEFAULT '',
	legal_hold      BOOLEAN NOT NULL DEFAULT FALSE,
	-- buyer, consent, inputs, transcript and advice (the evidence packet)
	packet          JSONB NOT NULL
);
CREATE INDEX cases_buyer ON cases (platform, user_id);
CREATE INDEX cases_created ON cases (created_at DESC, id DESC);

CREATE TABLE case_events (
	id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	at      TIMESTAMPTZ NOT NULL,
	actor   TEXT NOT NULL,
	kind    TEXT NOT NULL,
	detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE outbox (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	case_id      BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	destination  TEXT NOT NULL,
	notice_key   TEXT NOT NULL UNIQUE,
	state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'cancelled', 'skipped', 'fanned')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      TIMESTAMPTZ NOT NULL,
	locked_until TIMESTAMPTZ,
	claim_token  TEXT NOT NULL DEFAULT '',
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL,
	sent_at      TIMESTAMPTZ,
	UNIQUE (case_id, kind, destination)
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE state = 'pending';

CREATE TABLE advice_log (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at         TIMESTAMPTZ NOT NULL,
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

-- A record that an erasure happened, without the user id itself.
CREATE TABLE erasures (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at             TIMESTAMPTZ NOT NULL,
	platform       TEXT NOT NULL,
	user_hash      TEXT NOT NULL,
	cases_deleted  INTEGER NOT NULL,
	advice_deleted BIGINT NOT NULL,
	held_refs      TEXT NOT NULL
);

-- +goose Down
DROP TABLE erasures;
DROP TABLE advice_log;
DROP TABLE outbox;
DROP TABLE case_events;
DROP TABLE cases;
DROP SEQUENCE case_number_seq;
