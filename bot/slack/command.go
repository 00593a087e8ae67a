package slack

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
)

// viewsOpenBudget bounds a views.open call made before acknowledging:
// trigger_id expires about 3 seconds after the click or command.
const viewsOpenBudget = 2500 * time.Millisecond

// adviseBudget bounds an inline Advise call (see command).
const adviseBudget = 2 * time.Second

// command answers a slash command, over HTTP or Socket Mode. The returned
// message (nil for none) is the acknowledgement itself, so the deterministic
// verdict reaches the buyer inline; an LLM answer follows on response_url.
func (b *Bot) command(ctx context.Context, cmd slack.SlashCommand) any {
	text := strings.TrimSpace(plainText(cmd.Text))
	who := advisor.Identity{Platform: "slack", UserID: cmd.UserID, UserName: cmd.UserName, TeamID: cmd.TeamID, Channel: cmd.ChannelID}
	word, rest, _ := strings.Cut(text, " ")
	rest = strings.TrimSpace(rest)
	switch {
	case text == "":
		return b.openPasteForm(ctx, cmd)
	case strings.EqualFold(text, "help") || text == "?":
		return ephemeralMsg("How to use TradeGuard", HelpBlocks(b.commandName(cmd)))
	case strings.EqualFold(word, "case") && isRefLike(rest):
		return b.caseStatus(ctx, who, rest)
	case strings.EqualFold(word, "withdraw") && isRefLike(rest):
		return b.withdraw(ctx, who, rest)
	}
	ref := ConvRef{Channel: cmd.ChannelID, User: cmd.UserID}
	req := b.request(ref, text)
	// The verdict itself takes about a millisecond; the budget bounds what
	// Advise may wait on (the audit record in the store), so the answer is
	// back within Slack's 3 seconds even when the database is slow.
	actx, cancel := context.WithTimeout(ctx, adviseBudget)
	adv := b.engine.Advise(actx, req)
	cancel()
	opt := Options{Ref: ref, Share: true, Pending: b.engine.Writer != nil}
	if opt.Pending {
		url := cmd.ResponseURL
		if url == "" || !b.submit("rewrite-command", func(ctx context.Context) {
			b.rewrite(ctx, req, adv, opt, func(ctx context.Context, msg *slack.WebhookMessage) error {
				msg.ReplaceOriginal = true
				return b.respond(ctx, url, msg)
			})
		}) {
			opt.Pending = false
		}
	}
	b.log.Info("slack command answered", "req", req, "level", adv.Level, "flags", len(adv.Flags))
	return ephemeralMsg(FallbackText(adv), Blocks(adv, opt))
}

func (b *Bot) commandName(cmd slack.SlashCommand) string {
	if cmd.Command != "" {
		return cmd.Command
	}
	return b.cfg.Command
}

// request is the advisor.Request for text in the conversation ref; the
// engine adds the conversation's earlier paste.
func (b *Bot) request(ref ConvRef, text string) advisor.Request {
	req := ref.request()
	req.Text = text
	return req
}

// rewrite asks the engine's LLM for a fuller answer and delivers the
// re-rendered message; when the LLM fails the same advice is delivered
// again, without the "writing a fuller answer" note.
func (b *Bot) rewrite(ctx context.Context, req advisor.Request, adv advisor.Advice, opt Options, deliver func(context.Context, *slack.WebhookMessage) error) {
	out, ok := b.engine.Rewrite(ctx, req, adv)
	opt.Pending = false
	if err := deliver(ctx, ephemeralMsg(FallbackText(out), Blocks(out, opt))); err != nil {
		b.log.Warn("slack rewritten answer not delivered", "err", err, "llm", ok)
	}
}

// isRefLike reports whether s is meant as a case reference.
func isRefLike(s string) bool {
	return len(s) >= 4 && strings.EqualFold(s[:4], "ACE-") && !strings.ContainsAny(s, " \n")
}

// openPasteForm opens the long-paste modal; its submission comes back as a
// view_submission. The modal carries the command's response_url, where the
// answer goes.
func (b *Bot) openPasteForm(ctx context.Context, cmd slack.SlashCommand) any {
	meta := viewMeta{Channel: cmd.ChannelID, User: cmd.UserID, ResponseURL: cmd.ResponseURL}
	ctx, cancel := context.WithTimeout(ctx, viewsOpenBudget)
	defer cancel()
	if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, PasteView(meta)); err != nil {
		b.log.Warn("slack paste form not opened", "err", err)
		return ephemeralMsg("Paste the supplier's details after the command", HelpBlocks(b.commandName(cmd)))
	}
	return nil
}

// caseStatus shows the buyer their own case.
func (b *Bot) caseStatus(ctx context.Context, who advisor.Identity, ref string) any {
	ref, err := advisor.ParseRef(ref)
	if err != nil {
		return textMsg(esc(advisor.ErrorMessage(err)))
	}
	c, err := b.engine.BuyerCase(ctx, ref, who)
	if err != nil {
		b.logErr("slack case lookup failed", err)
		return textMsg(esc(advisor.ErrorMessage(err)))
	}
	return ephemeralMsg("Case "+c.Ref+": "+string(c.Status), CaseBlocks(c))
}

// withdraw takes the buyer's consent back before a lawyer accepts.
func (b *Bot) withdraw(ctx context.Context, who advisor.Identity, ref string) *slack.WebhookMessage {
	ref, err := advisor.ParseRef(ref)
	if err != nil {
		return textMsg(esc(advisor.ErrorMessage(err)))
	}
	if b.engine.Cases == nil {
		return textMsg("Escalation is not set up on this TradeGuard.")
	}
	c, err := b.engine.Cases.WithdrawCase(ctx, ref, advisor.Identity{Platform: "slack", UserID: who.UserID})
	if err != nil {
		b.logErr("slack withdraw failed", err)
		if advisor.ErrorCode(err) == advisor.EFORBIDDEN {
			return textMsg("No case " + esc(ref) + " of yours was found.")
		}
		return textMsg(esc(advisor.ErrorMessage(err)))
	}
	return ephemeralMsg("Case "+c.Ref+" withdrawn", append([]slack.Block{
		section(":leftwards_arrow_with_hook: Your consent for *" + esc(c.Ref) + "* is withdrawn. If a lawyer was already notified, they are told to disregard it."),
	}, CaseBlocks(c)...))
}

// logErr logs err when it is internal (user-facing codes are not faults).
func (b *Bot) logErr(msg string, err error) {
	if advisor.ErrorCode(err) == advisor.EINTERNAL {
		b.log.Error(msg, "err", err)
	}
}
