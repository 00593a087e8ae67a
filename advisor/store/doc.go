// Package store holds TradeGuard's escalation stores: postgres (pgx, for
// production and several replicas) and sqlite (embedded, the zero-config
// default). Both implement advisor.Store with the same SQL core
// (internal/sqlstore) and pass the same contract suite (storetest).
package store
