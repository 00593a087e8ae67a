package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// MaxBodyBytes caps an HTTP interaction before it is verified. Interactions
// carry at most a 4,000-character modal or a message with its embeds; 1 MiB
// is ample.
const MaxBodyBytes = 1 << 20

// Path is where Discord posts interactions (the Interactions Endpoint URL).
const Path = "/discord/interactions"

// Register adds the interactions endpoint to mux (only with a public key).
func (b *Bot) Register(mux *http.ServeMux) {
	if b.cfg.PublicKey != nil {
		mux.Handle("POST "+Path, b)
	}
}

// ServeHTTP is the interactions endpoint: it caps the body, verifies the
// Ed25519 signature and the timestamp window (anything unverified gets a bare
// 401: Discord probes this with bad signatures), answers PING with PONG,
// answers each interaction ID once, and replies within Discord's 3 seconds;
// slow work continues in the pool after the response is flushed.
func (b *Bot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength > MaxBodyBytes {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	v := b.verifier
	v.Now = b.now
	if !v.Verify(r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp"), body) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil || i.ID == "" {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, []byte(`{"type":1}`))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2500*time.Millisecond)
	defer cancel()
	written := make(chan struct{})
	defer close(written) // releases the queued work even if writing fails
	resp, first, err := b.replies.do(ctx, "i:"+i.ID, func() []byte { return b.handleHTTP(ctx, &i, written) })
	if err != nil || resp == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if !first {
		b.Log.Info("discord: duplicate interaction answered from cache", "interaction", i.ID)
	}
	writeJSON(w, resp)
	if f, ok := w.(http.Flusher); ok {
		f.Flush() // the follow-up work needs the response to be out first
	}
}

// handleHTTP makes the response body for one verified interaction, and queues
// its slow work to start once written is closed. Too busy to queue it, the
// user is told so instead of getting a response that never completes.
func (b *Bot) handleHTTP(ctx context.Context, i *discordgo.Interaction, written <-chan struct{}) []byte {
	select {
	case b.busy <- struct{}{}:
		defer func() { <-b.busy }()
	case <-ctx.Done():
		raw, _ := json.Marshal(reply(RenderNotice(msgBusy), true).resp)
		return raw
	}
	out := b.interact(ctx, i)
	if out.after != nil {
		after := out.after
		if !b.jobs.submit(func(ctx context.Context) {
			select {
			case <-written:
			case <-ctx.Done():
				return
			}
			after(ctx)
		}) {
			b.Log.Warn("discord: work queue full", "interaction", i.ID, "promised", out.must)
			if out.must {
				out = reply(RenderNotice(msgBusy), true)
			}
		}
	}
	raw, err := json.Marshal(out.resp)
	if err != nil {
		b.Log.Error("discord: encoding a response failed", "err", err)
		raw, _ = json.Marshal(reply(RenderNotice("Something went wrong on our side; please try again."), true).resp)
	}
	return raw
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
