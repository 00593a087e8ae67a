package escalation_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor/escalation"
)

// verify is the receiver snippet of README.md ("Verifying the signature"),
// verbatim, so the documentation cannot drift from what Webhook sends.
func verify(secret, ts string, body []byte, header string, now time.Time) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return false // stale or malformed: a replay, or a clock problem
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, part := range strings.Split(header, ",") { // several while a secret is rotated
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "v1="); ok {
			if got, err := hex.DecodeString(v); err == nil && hmac.Equal(got, want) {
				return true
			}
		}
	}
	return false
}

func TestReadmeVerifySnippet(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"event":"case_created","idempotency_key":"ACE-2026-000123:case_created:webhook"}`)
	sig := "v1=" + escalation.Sign(secret, ts, body)
	for _, tt := range []struct {
		name string
		body []byte
		sig  string
		now  time.Time
		want bool
	}{
		{"good", body, sig, now, true},
		{"changed body", append([]byte(" "), body...), sig, now, false},
		{"stale", body, sig, now.Add(10 * time.Minute), false},
		{"wrong scheme", body, strings.Replace(sig, "v1=", "v2=", 1), now, false},
	} {
		got := verify(secret, ts, tt.body, tt.sig, tt.now)
		lib := escalation.VerifyWebhook(secret, ts, tt.body, tt.sig, tt.now) == nil
		if got != tt.want || lib != tt.want {
			t.Errorf("%s: README snippet %v, VerifyWebhook %v, want %v", tt.name, got, lib, tt.want)
		}
	}
}
