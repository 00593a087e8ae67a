// Package bot is what every front end (Slack, Discord, the terminal) calls: an
// Engine around the advisor core that remembers conversations, records the
// audit trail, asks the optional LLM for a fluent answer and hands cases over.
package bot
