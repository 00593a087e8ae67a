// Package knowledge holds TradeGuard's guide content (the built-in guide and
// operators' own files), splits it into sections and retrieves passages.
package knowledge
