// Package migrations embeds TradeGuard's SQL migrations: postgres/ for
// PostgreSQL and sqlite/ for the embedded store, with matching numbers and
// the same table and column names. goose applies them (each file in its own
// transaction); see advisor/store/postgres and advisor/store/sqlite.
package migrations
