// Package sqlstore is the SQL shared by the PostgreSQL and SQLite stores:
// cases and their events, the outbox of notices, the advice audit log and
// erasure. Queries use $N placeholders, which both databases accept; what
// differs (case numbers, row locks, time encoding, NOTIFY, which errors are
// worth a retry) is a Dialect.
package sqlstore
