package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
)

// Lawyers returns the notifier that posts new cases to the lawyers' channel
// (register it as the "slack" lawyers' destination).
func (b *Bot) Lawyers() advisor.Notifier { return advisor.NotifierFunc(b.notifyLawyers) }

// Buyers returns the notifier that tells a Slack buyer, in a DM with the
// bot, that a lawyer accepted or closed their case.
func (b *Bot) Buyers() advisor.Notifier { return advisor.NotifierFunc(b.notifyBuyer) }

// permanentErrors are Web API errors that retrying cannot fix.
var permanentErrors = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "invalid_blocks": true,
	"invalid_blocks_format": true, "msg_too_long": true, "msg_blocks_too_long": true, "no_text": true,
	"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true,
	"missing_scope": true, "user_not_found": true, "cannot_dm_bot": true, "user_disabled": true,
}

// classify marks err for the relay: Permanent when Slack rejected the
// message itself, RetryAfter when it asked us to wait.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := advisor.RetryAfterOf(err); ok {
		return err
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return advisor.RetryAfter(err, rl.RetryAfter)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && permanentErrors[se.Err] {
		return advisor.Permanent(err)
	}
	return err
}

// once delivers a notice at most once per process by its key: the outbox is
// at least once, so a notice whose settlement was lost comes back.
func (b *Bot) once(ctx context.Context, n advisor.Notice, deliver func() error) error {
	key := n.Key
	if key == "" {
		key = n.Kind + ":" + n.Case.Ref + ":" + n.Destination
	}
	if first, _ := b.notified.First(ctx, key); !first {
		b.log.Info("slack notice already delivered", "case", n.Case.Ref, "kind", n.Kind)
		return nil
	}
	if err := deliver(); err != nil {
		b.notified.Forget(ctx, key)
		return classify(err)
	}
	return nil
}

func (b *Bot) notifyLawyers(ctx context.Context, n advisor.Notice) error {
	if n.Case == nil {
		return advisor.Permanent(errors.New("slack lawyers' notice without a case"))
	}
	if b.cfg.LawyersChannel == "" {
		return advisor.Permanent(errors.New("SLACK_LAWYERS_CHANNEL is not set"))
	}
	c := n.Case
	switch n.Kind {
	case advisor.NoticeCaseCreated:
		return b.once(ctx, n, func() error {
			ts, err := b.post(ctx, b.cfg.LawyersChannel, "", lawyerFallback(c), LawyerBlocks(c))
			if err == nil {
				b.rememberCase(c.Ref, msgLoc{b.cfg.LawyersChannel, ts})
				b.log.Info("slack lawyers notified", "case", c.Ref)
			}
			return err
		})
	case advisor.NoticeCaseWithdrawn:
		return b.once(ctx, n, func() error {
			text := fmt.Sprintf(":leftwards_arrow_with_hook: The buyer withdrew consent for *%s*: do not act on it.", esc(c.Ref))
			loc, known := b.caseMessage(c.Ref)
			if known {
				b.showCase(ctx, c, loc)
			}
			_, err := b.post(ctx, b.cfg.LawyersChannel, loc.ts, "Case "+c.Ref+" withdrawn", []slack.Block{section(text)})
			return err
		})
	}
	return nil
}

func (b *Bot) notifyBuyer(ctx context.Context, n advisor.Notice) error {
	if n.Case == nil {
		return advisor.Permanent(errors.New("slack buyer notice without a case"))
	}
	text, ok := buyerNotice(n)
	if !ok {
		return nil
	}
	c := n.Case
	if c.Buyer.Platform != "slack" || !slackID(c.Buyer.UserID) {
		return advisor.Permanent(fmt.Errorf("case %s has no Slack buyer", c.Ref))
	}
	return b.once(ctx, n, func() error {
		// Case news is private: in the buyer's DM with the bot (their thread
		// there, when the case started in it), never in a shared channel.
		channel, thread := c.Buyer.Channel, c.Buyer.Thread
		if !strings.HasPrefix(channel, "D") {
			var ch *slack.Channel
			err := b.send(ctx, "im:"+c.Buyer.UserID, func() (err error) {
				ch, _, _, err = b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{c.Buyer.UserID}})
				return err
			})
			if err != nil {
				return err
			}
			channel, thread = ch.ID, ""
		}
		blocks := []slack.Block{section(text), note("Check it any time: `" + esc(b.cfg.Command) + " case " + esc(c.Ref) + "`")}
		_, err := b.post(ctx, channel, thread, "Update on your case "+c.Ref, blocks)
		if err == nil {
			b.log.Info("slack buyer notified", "case", c.Ref, "kind", n.Kind)
		}
		return err
	})
}

func (b *Bot) rememberCase(ref string, loc msgLoc) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.caseMsgs) > 10000 {
		clear(b.caseMsgs)
	}
	b.caseMsgs[ref] = loc
}

func (b *Bot) caseMessage(ref string) (msgLoc, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	loc, ok := b.caseMsgs[ref]
	return loc, ok
}
