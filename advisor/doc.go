// Package advisor is TradeGuard's deterministic core: it turns a buyer's message
// into Advice (facts, red flags, verdict, escalation decision and a cited answer)
// without any network, SQL or chat-platform types.
package advisor
