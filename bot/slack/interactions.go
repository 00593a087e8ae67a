package slack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
)

// interaction handles a button click or a modal submission, over HTTP or
// Socket Mode. The return value is the acknowledgement's body (nil for an
// empty one); anything slower than opening a modal goes to the pool.
func (b *Bot) interaction(ctx context.Context, cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		return b.blockAction(ctx, cb)
	case slack.InteractionTypeViewSubmission:
		return b.viewSubmission(ctx, cb)
	}
	return nil
}

// firstTime reports whether this delivery of key is the first; a retried
// click or submission is acknowledged and otherwise ignored.
func (b *Bot) firstTime(ctx context.Context, key string) bool {
	first, err := b.seen.First(ctx, key)
	if err != nil {
		b.log.Warn("slack dedupe unavailable; handling the interaction", "err", err)
		return true
	}
	if !first {
		b.log.Info("slack duplicate interaction dropped")
	}
	return first
}

// tell answers the person who clicked, visible only to them, from the pool.
func (b *Bot) tell(cb slack.InteractionCallback, mrkdwn string) {
	url := cb.ResponseURL
	if !b.submit("tell", func(ctx context.Context) {
		if err := b.respond(ctx, url, textMsg(mrkdwn)); err != nil {
			b.log.Warn("slack reply not delivered", "err", err)
		}
	}) {
		b.log.Warn("slack reply dropped: queue full")
	}
}

func (b *Bot) blockAction(ctx context.Context, cb slack.InteractionCallback) any {
	if len(cb.ActionCallback.BlockActions) == 0 {
		return nil
	}
	act := cb.ActionCallback.BlockActions[0]
	if !b.firstTime(ctx, "act:"+cb.User.ID+":"+act.ActionID+":"+act.ActionTs) {
		return nil
	}
	user := cb.User.ID
	switch act.ActionID {
	case actionEscalate, actionEvidence, actionShare:
		ref, ok := parseConvRef(act.Value)
		if !ok {
			return nil
		}
		if user != ref.User {
			b.tell(cb, "Only the person who asked can use this button.")
			return nil
		}
		switch act.ActionID {
		case actionEscalate:
			b.startEscalation(ctx, cb, ref)
		case actionEvidence:
			b.submit("evidence", func(ctx context.Context) { b.showEvidence(ctx, cb, ref) })
		case actionShare:
			b.submit("share", func(ctx context.Context) { b.share(ctx, cb, ref) })
		}
	case actionWithdraw:
		ref := act.Value
		b.submit("withdraw", func(ctx context.Context) {
			msg := b.withdraw(ctx, advisor.Identity{Platform: "slack", UserID: user}, ref)
			msg.ReplaceOriginal = true
			if err := b.respond(ctx, cb.ResponseURL, msg); err != nil {
				b.log.Warn("slack withdraw reply not delivered", "err", err)
			}
		})
	case actionAccept, actionClose:
		if !b.lawyers[user] {
			b.tell(cb, "Only the AC&amp;E lawyers listed in SLACK_LAWYER_USER_IDS can accept or close cases.")
			return nil
		}
		if b.engine.Cases == nil {
			b.tell(cb, "Escalation is not set up on this TradeGuard.")
			return nil
		}
		ref, err := advisor.ParseRef(act.Value)
		if err != nil {
			return nil
		}
		loc := msgLoc{channel: cb.Container.ChannelID, ts: cb.Container.MessageTs}
		if act.ActionID == actionAccept {
			b.submit("accept", func(ctx context.Context) { b.accept(ctx, cb, ref, loc) })
			return nil
		}
		meta := viewMeta{Ref: ref, Channel: loc.channel, MessageTS: loc.ts}
		ctx, cancel := context.WithTimeout(ctx, viewsOpenBudget)
		defer cancel()
		if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, CloseView(ref, meta)); err != nil {
			b.log.Warn("slack close form not opened", "err", err)
			b.tell(cb, "The close form did not open; press *Close* again.")
		}
	}
	return nil
}

// startEscalation opens the consent modal: what will be shared, the consent
// statement, optional contact and note. Nothing is sent before it is
// submitted.
func (b *Bot) startEscalation(ctx context.Context, cb slack.InteractionCallback, ref ConvRef) {
	if b.engine.Cases == nil {
		b.tell(cb, "Escalation is not set up on this TradeGuard; nothing was sent.")
		return
	}
	conv, ok := b.engine.Conversation(ref.request())
	if !ok || len(conv.Inputs) == 0 {
		b.tell(cb, "I no longer have this conversation (it expired or the service restarted). Paste the supplier's details again, then escalate; nothing was sent.")
		return
	}
	// One case per button: a retried or repeated click on the same answer
	// carries the same key, so the store returns the case it already made.
	msgTS := cb.Container.MessageTs
	if msgTS == "" {
		msgTS = cb.ActionCallback.BlockActions[0].ActionTs
	}
	meta := viewMeta{Channel: ref.Channel, Thread: ref.Thread, User: ref.User, ResponseURL: cb.ResponseURL,
		Key: "slack:" + cb.Team.ID + ":" + ref.Channel + ":" + msgTS + ":" + ref.User}
	ctx, cancel := context.WithTimeout(ctx, viewsOpenBudget)
	defer cancel()
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, ConsentView(conv, meta)); err != nil {
		b.log.Warn("slack consent form not opened", "err", err)
		b.tell(cb, "The confirmation form did not open; press *Escalate to AC&amp;E* again. Nothing was sent.")
	}
}

// showEvidence posts every flag in full, visible only to the buyer.
func (b *Bot) showEvidence(ctx context.Context, cb slack.InteractionCallback, ref ConvRef) {
	conv, ok := b.engine.Conversation(ref.request())
	if !ok {
		b.respond(ctx, cb.ResponseURL, textMsg("I no longer have this conversation (it expired or the service restarted). Paste the supplier's details again."))
		return
	}
	for _, page := range EvidencePages(conv.Last) {
		if err := b.respond(ctx, cb.ResponseURL, ephemeralMsg("All evidence", page)); err != nil {
			b.log.Warn("slack evidence not delivered", "err", err)
			return
		}
	}
}

// share posts the redacted summary in the channel, as the bot (never through
// a slash command's response_url, which could echo the command's text).
func (b *Bot) share(ctx context.Context, cb slack.InteractionCallback, ref ConvRef) {
	conv, ok := b.engine.Conversation(ref.request())
	if !ok {
		b.respond(ctx, cb.ResponseURL, textMsg("I no longer have this conversation; nothing was shared."))
		return
	}
	adv := conv.Last
	if _, err := b.post(ctx, ref.Channel, "", FallbackText(adv), ShareBlocks(adv, ref.User)); err != nil {
		var se slack.SlackErrorResponse
		msg := "The summary could not be posted; nothing was shared."
		if errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found") {
			msg = "I can't post in this channel. Invite me with `/invite @TradeGuard`, then press *Share in channel* again. Nothing was shared."
		} else {
			b.log.Warn("slack share failed", "err", err)
		}
		b.respond(ctx, cb.ResponseURL, textMsg(msg))
		return
	}
	b.respond(ctx, cb.ResponseURL, textMsg(":white_check_mark: A summary without evidence, bank or contact details was posted in the channel."))
}

// accept assigns the case to the lawyer who clicked and updates the
// lawyers' message.
func (b *Bot) accept(ctx context.Context, cb slack.InteractionCallback, ref string, loc msgLoc) {
	c, err := b.engine.Cases.AcceptCase(ctx, ref, "slack:"+cb.User.ID)
	if err != nil {
		b.logErr("slack accept failed", err)
		b.respond(ctx, cb.ResponseURL, textMsg(esc(advisor.ErrorMessage(err))))
		return
	}
	b.showCase(ctx, c, loc)
}

// showCase updates the lawyers' message of c.
func (b *Bot) showCase(ctx context.Context, c *advisor.Case, loc msgLoc) {
	if loc.channel == "" || loc.ts == "" {
		return
	}
	b.rememberCase(c.Ref, loc)
	if err := b.update(ctx, loc.channel, loc.ts, lawyerFallback(c), LawyerBlocks(c)); err != nil {
		b.log.Warn("slack lawyers' message not updated", "err", err, "case", c.Ref)
	}
}

func (b *Bot) viewSubmission(ctx context.Context, cb slack.InteractionCallback) any {
	meta, ok := decodeMeta(cb.View.PrivateMetadata)
	if !ok {
		return nil
	}
	// A redelivered submission (Socket Mode retry_attempt) has the same
	// view, hash and values; one that was sent back with errors may come
	// again with the same values, so it is forgotten.
	state, _ := json.Marshal(cb.View.State)
	key := "view:" + cb.View.ID + ":" + cb.View.Hash + ":" + advisor.Hash(string(state))
	if !b.firstTime(ctx, key) {
		return nil
	}
	var res any
	switch cb.View.CallbackID {
	case callbackPaste:
		res = b.submitPaste(cb, meta)
	case callbackEscalate:
		res = b.submitEscalation(cb, meta)
	case callbackClose:
		res = b.submitClose(cb, meta)
	}
	if r, ok := res.(*slack.ViewSubmissionResponse); ok && r.ResponseAction == slack.RAErrors {
		b.seen.Forget(ctx, key)
	}
	return res
}

// submitPaste answers the long-paste form on the command's response_url.
func (b *Bot) submitPaste(cb slack.InteractionCallback, meta viewMeta) any {
	text := pasteText(cb.View.State)
	if text == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"profile": "Paste something in at least one box."})
	}
	ref := ConvRef{Channel: meta.Channel, User: cb.User.ID}
	ok := b.submit("paste", func(ctx context.Context) {
		req := b.request(ref, text)
		adv := b.engine.Advise(ctx, req)
		opt := Options{Ref: ref, Share: true, Pending: b.engine.Writer != nil}
		deliver := func(ctx context.Context, msg *slack.WebhookMessage) error {
			if meta.ResponseURL != "" {
				return b.respond(ctx, meta.ResponseURL, msg)
			}
			return b.ephemeral(ctx, ref.Channel, "", ref.User, msg.Text, msg.Blocks.BlockSet)
		}
		if err := deliver(ctx, ephemeralMsg(FallbackText(adv), Blocks(adv, opt))); err != nil {
			b.log.Warn("slack answer not delivered", "err", err, "req", req)
			return
		}
		b.log.Info("slack form answered", "req", req, "level", adv.Level, "flags", len(adv.Flags))
		if opt.Pending {
			b.rewrite(ctx, req, adv, opt, func(ctx context.Context, msg *slack.WebhookMessage) error {
				msg.ReplaceOriginal = meta.ResponseURL != ""
				return deliver(ctx, msg)
			})
		}
	})
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"profile": "TradeGuard is busy. Try again in a minute."})
	}
	return nil
}

// submitEscalation creates the case after the buyer confirmed: the modal
// says "sending" at once, and then the reference (or why nothing was sent).
func (b *Bot) submitEscalation(cb slack.InteractionCallback, meta viewMeta) any {
	if cb.User.ID != meta.User {
		return nil
	}
	state := cb.View.State
	consent := advisor.Consent{
		Buyer: advisor.Identity{Platform: "slack", UserID: cb.User.ID, UserName: cb.User.Name, TeamID: cb.Team.ID,
			Channel: meta.Channel, Thread: meta.Thread},
		Contact:        strings.TrimSpace(inputValue(state, "contact")),
		Note:           strings.TrimSpace(inputValue(state, "note")),
		IdempotencyKey: meta.Key,
	}
	viewID := cb.View.ID
	ok := b.submit("escalate", func(ctx context.Context) {
		c, err := b.engine.Escalate(ctx, meta.conv().request(), consent)
		var result slack.ModalViewRequest
		if err != nil {
			b.logErr("slack escalation failed", err)
			result = statusView("Not sent", ":x: "+esc(advisor.ErrorMessage(err))+"\nNothing was sent to AC&amp;E.")
		} else {
			b.log.Info("slack case created", "case", c.Ref, "user_hash", advisor.Hash(cb.User.ID))
			result = statusView("Sent to AC&E", ":white_check_mark: Your case reference is *"+esc(c.Ref)+"*. "+
				"The AC&amp;E legal team has been notified; you will be told here when a lawyer accepts it.")
			msg := ephemeralMsg("Case "+c.Ref+" sent to AC&E", append([]slack.Block{
				section(":white_check_mark: Sent to the AC&amp;E legal team. Your case reference is *" + esc(c.Ref) + "*."),
			}, CaseBlocks(c)...))
			if err := b.respond(ctx, meta.ResponseURL, msg); err != nil {
				b.log.Warn("slack case reference not delivered in the conversation", "err", err, "case", c.Ref)
			}
		}
		if _, err := b.api.UpdateViewContext(ctx, result, "", "", viewID); err != nil {
			b.log.Warn("slack escalation modal not updated", "err", err)
		}
	})
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"contact": "TradeGuard is busy and nothing was sent. Try again in a minute."})
	}
	sending := statusView("Escalate to AC&E", ":hourglass_flowing_sand: Sending your case to the AC&amp;E legal team…")
	return slack.NewUpdateViewSubmissionResponse(&sending)
}

// submitClose closes a case with the lawyer's resolution.
func (b *Bot) submitClose(cb slack.InteractionCallback, meta viewMeta) any {
	if !b.lawyers[cb.User.ID] || b.engine.Cases == nil {
		return nil
	}
	resolution := strings.TrimSpace(inputValue(cb.View.State, "resolution"))
	if resolution == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"resolution": "Write the resolution the buyer will see."})
	}
	lawyerID := cb.User.ID
	ok := b.submit("close", func(ctx context.Context) {
		c, err := b.engine.Cases.CloseCase(ctx, meta.Ref, "slack:"+lawyerID, resolution)
		if err != nil {
			b.logErr("slack close failed", err)
			if meta.Channel != "" {
				b.ephemeral(ctx, meta.Channel, "", lawyerID, advisor.ErrorMessage(err), []slack.Block{section(esc(advisor.ErrorMessage(err)))})
			}
			return
		}
		b.showCase(ctx, c, msgLoc{channel: meta.Channel, ts: meta.MessageTS})
	})
	if !ok {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"resolution": "TradeGuard is busy. Try again in a minute."})
	}
	return nil
}
