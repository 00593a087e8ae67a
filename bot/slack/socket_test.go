package slack

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"

	"tradeguard/bot"
)

// socket waits for the bot's next Socket Mode connection and says hello.
func (h *harness) socket() *websocket.Conn {
	h.t.Helper()
	select {
	case conn := <-h.slack.sockets:
		h.t.Cleanup(func() { conn.Close() })
		h.send(conn, []byte(readTestdata(h.t, "socket_hello.json")))
		return conn
	case <-time.After(10 * time.Second):
		h.t.Fatal("the bot did not open a Socket Mode connection")
		return nil
	}
}

func (h *harness) send(conn *websocket.Conn, frame []byte) {
	h.t.Helper()
	if err := conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		h.t.Fatal(err)
	}
}

// ack reads the next acknowledgement.
func (h *harness) ack(conn *websocket.Conn) (ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}) {
	h.t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := conn.ReadJSON(&ack); err != nil {
		h.t.Fatalf("no acknowledgement: %v", err)
	}
	return ack
}

// TestSocketMode drives the same handlers over a local Socket Mode server:
// a slash command answered in its ack, a DM answered in its thread, a
// redelivered envelope (retry_attempt) answered once, a button, and a
// reconnection after Slack's disconnect frame.
func TestSocketMode(t *testing.T) {
	h := newHarness(t, func(c *Config, _ *bot.Engine) { c.SocketMode = true; c.SigningSecret = "" })
	conn := h.socket()

	slash := patched(t, "socket_slash_commands.json", func(m map[string]any) {
		obj(m, "payload")["response_url"] = h.slack.responseURL("socket-command")
	})
	h.send(conn, slash)
	ack := h.ack(conn)
	if ack.EnvelopeID != "1d3c79ab-0ffb-41f3-a080-d19e85f53649" {
		t.Fatalf("ack for %q", ack.EnvelopeID)
	}
	if text := textOf(t, ack.Payload); !strings.Contains(text, "The supplier says its bank account changed") {
		t.Fatalf("slash command ack payload: %s", ack.Payload)
	}
	if !h.bot.connected.Load() || h.bot.Ready(t.Context()) != nil {
		t.Errorf("not ready while connected")
	}

	event := []byte(readTestdata(t, "socket_events_api.json"))
	h.send(conn, event)
	if ack := h.ack(conn); ack.EnvelopeID != "dbdd0ef3-1543-4f94-bfb4-133d0e6c1545" || len(ack.Payload) != 0 {
		t.Fatalf("events_api ack: %+v", ack)
	}
	post := h.slack.waitFor(t, "chat.postMessage", 1)[0]
	if post.Form.Get("channel") != "D0BUYERDM" || post.Form.Get("thread_ts") != "1780000300.000500" {
		t.Errorf("DM answered in %s/%s", post.Form.Get("channel"), post.Form.Get("thread_ts"))
	}
	retry := patched(t, "socket_events_api.json", func(m map[string]any) {
		m["envelope_id"] = "0f1e2d3c-retry"
		m["retry_attempt"], m["retry_reason"] = 1, "timeout"
	})
	h.send(conn, retry)
	if ack := h.ack(conn); ack.EnvelopeID != "0f1e2d3c-retry" {
		t.Fatalf("retry not acknowledged: %+v", ack)
	}

	click := patched(t, "socket_interactive.json", func(m map[string]any) {
		obj(m, "payload")["response_url"] = h.slack.responseURL("socket-click")
	})
	h.send(conn, click)
	h.ack(conn)
	if got := h.slack.waitFor(t, "response", 1)[0]; !strings.Contains(got.Raw, "All evidence") {
		t.Errorf("evidence: %s", got.Raw)
	}

	// Slack asks for a reconnection; the bot opens a new socket and goes on.
	h.send(conn, []byte(readTestdata(t, "socket_disconnect.json")))
	conn2 := h.socket()
	if n := len(h.slack.callsTo("apps.connections.open")); n < 2 {
		t.Errorf("apps.connections.open called %d times", n)
	}
	again := patched(t, "socket_events_api.json", func(m map[string]any) {
		m["envelope_id"] = "second-connection"
		p := obj(m, "payload")
		p["event_id"] = "Ev0SOCKET02"
		obj(p, "event")["ts"] = "1780000400.000100"
	})
	h.send(conn2, again)
	if ack := h.ack(conn2); ack.EnvelopeID != "second-connection" {
		t.Fatalf("ack on the new connection: %+v", ack)
	}
	h.slack.waitFor(t, "chat.postMessage", 2)
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")); n != 2 {
		t.Fatalf("%d replies, want 2 (the retried envelope must not be answered again)", n)
	}
}

func TestSocketModeRefusedTokenStopsRun(t *testing.T) {
	f := newFakeSlack(t)
	f.setFail(func(w http.ResponseWriter, method string) bool {
		if method != "apps.connections.open" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
		return true
	})
	client := slack.New("xoxb-test", slack.OptionAPIURL(f.apiURL()), slack.OptionAppLevelToken("xapp-1-bad"))
	b := New(client, testEngine(t), Config{SocketMode: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	err := b.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN was refused by Slack (invalid_auth)") {
		t.Fatalf("Run: %v", err)
	}
}
