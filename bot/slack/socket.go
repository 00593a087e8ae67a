package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// socketHandlers bounds the envelopes handled at once; each is acknowledged
// as soon as its (fast) handling is done, and slow work goes to the pool.
const socketHandlers = 16

// runSocket serves Socket Mode until ctx is done: the library reconnects on
// Slack's disconnect frames and dropped sockets, and this loop restarts it
// with back-off if it ever gives up. A refused app token stops serve with a
// clear error.
func (b *Bot) runSocket(ctx context.Context) error {
	if b.client == nil {
		return errors.New("socket mode needs the Slack client made by New")
	}
	backoff := time.Second
	for {
		sm := socketmode.New(b.client)
		err := b.socketOnce(ctx, sm)
		b.connected.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		if name := authErrorName(err); name != "" {
			return fmt.Errorf("SLACK_APP_TOKEN was refused by Slack (%s): create an app-level token with the connections:write scope under Basic Information", name)
		}
		b.log.Warn("slack socket mode stopped; restarting", "err", err, "in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// errInvalidAppToken is reported when Slack answers apps.connections.open
// with 404 (socketmode's invalid_auth event).
var errInvalidAppToken = slack.SlackErrorResponse{Err: "invalid_auth"}

func (b *Bot) socketOnce(ctx context.Context, sm *socketmode.Client) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	sem := make(chan struct{}, socketHandlers)
	for {
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			return ctx.Err()
		case evt := <-sm.Events:
			switch evt.Type {
			case socketmode.EventTypeConnecting:
				b.log.Debug("slack socket mode connecting")
			case socketmode.EventTypeConnected:
				b.connected.Store(true)
				b.log.Info("slack socket mode connected")
			case socketmode.EventTypeConnectionError:
				b.connected.Store(false)
				if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
					b.log.Warn("slack socket mode connection failed", "err", e.ErrorObj, "attempt", e.Attempt, "backoff", e.Backoff)
				}
			case socketmode.EventTypeInvalidAuth:
				return errInvalidAppToken
			case socketmode.EventTypeDisconnect:
				b.connected.Store(false)
				b.log.Info("slack socket mode disconnect requested; reconnecting")
			case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
				b.log.Warn("slack socket mode frame problem", "type", string(evt.Type))
			case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
				if evt.Request == nil {
					continue
				}
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					return ctx.Err()
				}
				go func(evt socketmode.Event) {
					defer func() { <-sem }()
					b.envelope(ctx, sm, evt)
				}(evt)
			}
		}
	}
}

// envelope handles one Socket Mode request through the same code as HTTP
// and acknowledges it by envelope_id, with the response payload if any.
func (b *Bot) envelope(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	req := *evt.Request
	var payload any
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			break
		}
		payload = b.command(ctx, cmd)
		if msg, ok := payload.(*slack.WebhookMessage); ok && msg != nil {
			var err error
			if tooBigForAck(msg) {
				err = errors.New("answer over the Socket Mode ack limit")
			} else {
				err = sm.Ack(req, msg)
			}
			if err != nil {
				// Over Socket Mode's 20 KB limit: acknowledge empty and
				// send the answer to response_url instead.
				b.log.Warn("slack socket ack too large; answering on response_url", "err", err)
				b.ack(sm, req, nil)
				url := cmd.ResponseURL
				b.submit("respond", func(ctx context.Context) {
					if err := b.respond(ctx, url, msg); err != nil {
						b.log.Warn("slack answer not delivered", "err", err)
					}
				})
			}
			return
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			break
		}
		payload = b.interaction(ctx, cb)
	case socketmode.EventTypeEventsAPI:
		res := b.event(ctx, req.Payload, req.RetryAttempt)
		if res.busy {
			return // not acknowledged: Slack delivers it again
		}
	}
	b.ack(sm, req, payload)
}

// maxAck is the largest Socket Mode acknowledgement Slack accepts (it drops
// 20 KB and more silently; slack-go refuses to send them).
const maxAck = 20*1024 - 512

// tooBigForAck reports whether payload would break the Socket Mode limit,
// measured as slack-go encodes it (HTML-escaped JSON, so each & < > of the
// mrkdwn escapes costs six bytes).
func tooBigForAck(payload any) bool {
	raw, err := json.Marshal(payload)
	return err != nil || len(raw) >= maxAck
}

func (b *Bot) ack(sm *socketmode.Client, req socketmode.Request, payload any) {
	var err error
	if payload == nil {
		err = sm.Ack(req)
	} else {
		err = sm.Ack(req, payload)
	}
	if err != nil {
		b.log.Warn("slack socket ack failed", "err", err, "envelope", req.EnvelopeID)
	}
}
