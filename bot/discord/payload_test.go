package discord

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/knowledge"
)

// TestRecordedPayloads posts interactions shaped exactly like Discord's
// (testdata/interactions, fields as the API sends them) through the signed
// endpoint; the payloads must parse and get the right kind of answer.
func TestRecordedPayloads(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	// The escalation click needs the conversation it points at (a DM).
	tb.Engine.Advise(t.Context(), advisor.Request{Platform: "discord", User: buyerID, Channel: "610000000000000077", Text: fraudPaste})
	tests := []struct {
		file string
		want discordgo.InteractionResponseType
		has  string
	}{
		{"ping.json", discordgo.InteractionResponsePong, `{"type":1}`},
		{"ask.json", discordgo.InteractionResponseChannelMessageWithSource, `"flags":64`},
		{"check_modal_submit.json", discordgo.InteractionResponseChannelMessageWithSource, "Critical risk"},
		{"escalate_click_dm.json", discordgo.InteractionResponseChannelMessageWithSource, "Send this conversation to AC\u0026E?"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "interactions", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, raw); err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(signedRequest(t, tb.http.URL, tb.key, time.Now(), compact.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var out response
			if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != 200 || out.Type != tt.want {
				t.Fatalf("status %d type %d (want %d), err %v: %s", resp.StatusCode, out.Type, tt.want, err, body)
			}
			if !strings.Contains(string(body), tt.has) && !strings.Contains(string(body), strings.ReplaceAll(tt.has, "&", `\u0026`)) {
				t.Errorf("response lacks %q: %s", tt.has, body)
			}
		})
	}
}

// TestNoPersonalDataInLogs runs a paste with bank details and an e-mail
// through every path that logs (answer, escalation, a failing notifier,
// rate-limited and refused REST calls) and checks the log.
func TestNoPersonalDataInLogs(t *testing.T) {
	const account, mail = "6222021001123456789", "cindy.wang@163.com"
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	paste := fraudPaste + " Account " + account + ", contact " + mail
	tb.post(t, mustJSON(t, slashAsk("9001", paste)))
	s := Scope{Owner: buyerID, Channel: channelID}
	tb.f.limit("POST", "/channels/700000000000000001/messages", 10, 0.01, false) // the lawyers' post fails
	tb.post(t, mustJSON(t, modalSubmit("9002", s.customID(actNoteModal), channelID, buyer(),
		map[string]string{"contact": mail, "note": "account " + account}, "m-consent")))
	tb.f.waitFor("PATCH", "/tok-9002/messages/@original")
	tb.post(t, mustJSON(t, click("9003", s.customID(actShare), channelID, buyer(), "m")))
	tb.Buyers().Notify(t.Context(), advisor.Notice{Kind: advisor.NoticeCaseClosed, Case: testCase(advisor.CaseClosed)})
	logged := tb.logs.String()
	if logged == "" {
		t.Fatal("nothing was logged; the test would prove nothing")
	}
	for _, secret := range []string{account, mail, "changed our bank account", "Recovered the deposit"} {
		if strings.Contains(logged, secret) {
			t.Errorf("the log contains %q:\n%s", secret, logged)
		}
	}
}

// BenchmarkInteractionRoundTrip measures a signed interaction through the
// real handler over HTTP (httptest): signing, verifying, parsing, advising,
// rendering and the response.
func BenchmarkInteractionRoundTrip(b *testing.B) {
	real := advisor.New(rules.Default(), knowledge.NewIndex(knowledge.Builtin()), advisor.Config{})
	for _, tc := range []struct {
		name string
		body []byte
		real bool // the real ruleset and built-in guide instead of the two test rules
	}{
		{"ping", mustJSON(b, map[string]any{"id": "1", "application_id": fakeAppID, "type": 1, "token": "t", "version": 1}), false},
		{"ask_test_rules", nil, false},
		{"ask_real_rules_and_guide", nil, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tb := newTestBot(b, func(c *Config) { c.Gateway = false })
			if tc.real {
				tb.Engine.Advisor = real
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				body := tc.body
				if body == nil {
					in := slashAsk("b"+strconv.Itoa(i), fraudPaste)
					in["member"] = member(strconv.Itoa(530000000000000000+i), "u") // one conversation each
					body = mustJSON(b, in)
				}
				resp, err := http.DefaultClient.Do(signedRequest(b, tb.http.URL, tb.key, time.Now(), body))
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
