package slack

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
)

// signed wraps an endpoint with signature verification: the handler only
// ever sees verified bodies, and a failure gets a bare 401 (413 for an
// oversized body) with nothing about the cause.
func (b *Bot) signed(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := b.verifier.Verify(w, r)
		if err != nil {
			b.log.Warn("slack request refused", "path", r.URL.Path, "reason", err.Error(),
				"remote_hash", advisor.Hash(r.RemoteAddr))
			refuse(w, err)
			return
		}
		h(w, r, body)
	})
}

// writeJSON answers 200 with v, or with an empty body when v is nil (an
// acknowledgement that shows nothing).
func writeJSON(w http.ResponseWriter, v any) {
	if v == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	raw, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(raw)
}

// serveCommand answers POST /slack/commands (a form body).
func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID:      vals.Get("team_id"),
		TeamDomain:  vals.Get("team_domain"),
		ChannelID:   vals.Get("channel_id"),
		ChannelName: vals.Get("channel_name"),
		UserID:      vals.Get("user_id"),
		UserName:    vals.Get("user_name"),
		Command:     vals.Get("command"),
		Text:        vals.Get("text"),
		ResponseURL: vals.Get("response_url"),
		TriggerID:   vals.Get("trigger_id"),
		APIAppID:    vals.Get("api_app_id"),
	}
	writeJSON(w, b.command(r.Context(), cmd))
}

// serveInteraction answers POST /slack/interactions (a form with a JSON
// payload field).
func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request, body []byte) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(vals.Get("payload")), &cb); err != nil {
		b.log.Warn("slack interaction unreadable", "err", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	writeJSON(w, b.interaction(r.Context(), cb))
}

// serveEvent answers POST /slack/events: the url_verification challenge, or
// an event acknowledged at once and worked on in the pool.
func (b *Bot) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
	res := b.event(r.Context(), body, retry)
	switch {
	case res.bad:
		http.Error(w, "bad request", http.StatusBadRequest)
	case res.busy:
		// Slack retries later (and the event was not marked as seen).
		http.Error(w, "busy", http.StatusServiceUnavailable)
	case res.challenge != "":
		writeJSON(w, map[string]string{"challenge": res.challenge})
	default:
		w.WriteHeader(http.StatusOK)
	}
}
