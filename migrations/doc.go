// Package migrations embeds TradeGuard's SQL migrations: postgres/ for
// PostgreSQL and sqlite/ for the embedded store, with matching numbers.
package migrations
