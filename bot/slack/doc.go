// Package slack is TradeGuard's Slack front end: signed HTTP endpoints and
// Socket Mode for the slash command, mentions, DMs and buttons, Block Kit
// rendering of advice, and the lawyers' and buyers' case notices.
package slack
