// Package discord is TradeGuard's Discord front end: a gateway bot for
// mentions, DMs and threads, application commands and buttons over the gateway
// or a signed HTTP interactions endpoint, and the lawyers' and buyers'
// notifiers.
package discord
