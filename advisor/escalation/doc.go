// Package escalation delivers the outbox of escalated cases: a Relay claims
// due notices from the store and hands each to its Notifier (the lawyers'
// webhook, Slack or Discord channel, or the buyer's own platform) at least
// once, with exponential back-off and jitter, until it is sent or dead.
// Webhook is the generic notifier; VerifyWebhook is what a receiver uses to
// check its signature.
package escalation
