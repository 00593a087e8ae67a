package slack

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Slack's documented example (docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	docSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	docTS     = "1531420618"
	docBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

var docTime = time.Unix(1531420618, 0)

func docVerifier(now time.Time) *Verifier {
	return &Verifier{Secret: []byte(docSecret), Now: func() time.Time { return now }}
}

func docRequest(body, ts, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	if ts != "" {
		r.Header.Set("X-Slack-Request-Timestamp", ts)
	}
	if sig != "" {
		r.Header.Set("X-Slack-Signature", sig)
	}
	return r
}

func TestSignSlackExample(t *testing.T) {
	if got := Sign([]byte(docSecret), docTS, []byte(docBody)); got != docSig {
		t.Fatalf("Sign = %s, want %s", got, docSig)
	}
}

func TestVerify(t *testing.T) {
	flipBody := []byte(docBody)
	flipBody[10] ^= 1
	flipSig := []byte(docSig)
	flipSig[len(flipSig)-1] = '4'
	tests := []struct {
		name      string
		secret    string
		now       time.Time
		body      string
		ts, sig   string
		maxBody   int64
		wantErr   error
		wantValid bool
	}{
		{name: "documented example", now: docTime, wantValid: true},
		{name: "299 s late", now: docTime.Add(299 * time.Second), wantValid: true},
		{name: "299 s early", now: docTime.Add(-299 * time.Second), wantValid: true},
		{name: "301 s late (replay)", now: docTime.Add(301 * time.Second), wantErr: errStale},
		{name: "301 s early", now: docTime.Add(-301 * time.Second), wantErr: errStale},
		{name: "a day late", now: docTime.Add(24 * time.Hour), wantErr: errStale},
		{name: "wrong secret", secret: "8f742231b10e8888abcd99yyyzzz85a6", now: docTime, wantErr: errBadSignature},
		{name: "empty secret", secret: "-", now: docTime, wantErr: errBadSignature},
		{name: "one bit of the body flipped", body: string(flipBody), now: docTime, wantErr: errBadSignature},
		{name: "body with extra byte", body: docBody + "&", now: docTime, wantErr: errBadSignature},
		{name: "last hex digit changed", sig: string(flipSig), now: docTime, wantErr: errBadSignature},
		{name: "signature in upper case", sig: "v0=" + strings.ToUpper(docSig[3:]), now: docTime, wantErr: errBadSignature},
		{name: "no v0= prefix", sig: "v1=" + docSig[3:], now: docTime, wantErr: errNoSignature},
		{name: "bare hex", sig: docSig[3:], now: docTime, wantErr: errNoSignature},
		{name: "missing signature", sig: "-", now: docTime, wantErr: errNoSignature},
		{name: "missing timestamp", ts: "-", now: docTime, wantErr: errNoSignature},
		{name: "timestamp not a number", ts: "15314206l8", now: docTime, wantErr: errNoSignature},
		{name: "timestamp with a sign", ts: "+1531420618", now: docTime, wantErr: errBadSignature},
		{name: "timestamp with leading zero", ts: "01531420618", now: docTime, wantErr: errBadSignature},
		{name: "other timestamp, same signature", ts: "1531420619", now: docTime, wantErr: errBadSignature},
		{name: "body over the cap", maxBody: 100, now: docTime, wantErr: errTooLarge},
		{name: "body exactly at the cap", maxBody: int64(len(docBody)), now: docTime, wantValid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := docVerifier(tt.now)
			v.MaxBody = tt.maxBody
			switch tt.secret {
			case "":
			case "-":
				v.Secret = nil
			default:
				v.Secret = []byte(tt.secret)
			}
			body, ts, sig := docBody, docTS, docSig
			if tt.body != "" {
				body = tt.body
			}
			if tt.ts == "-" {
				ts = ""
			} else if tt.ts != "" {
				ts = tt.ts
			}
			if tt.sig == "-" {
				sig = ""
			} else if tt.sig != "" {
				sig = tt.sig
			}
			got, err := v.Verify(httptest.NewRecorder(), docRequest(body, ts, sig))
			if tt.wantValid {
				if err != nil {
					t.Fatalf("Verify: %v, want valid", err)
				}
				if string(got) != body {
					t.Fatalf("body = %q, want the request body", got)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if got != nil {
				t.Fatalf("body returned for a refused request")
			}
		})
	}
}

var hex64 = regexp.MustCompile(`[0-9a-fA-F]{64}`)

// TestRefusedRequestsRevealNothing sends forged requests through the real
// endpoints: each gets a bare 401 (413 when too big), no handler runs, and
// no signature appears in the response or the logs.
func TestRefusedRequestsRevealNothing(t *testing.T) {
	h := newHarness(t, nil)
	body := []byte("team_id=T9TK3CUKW&channel_id=C0SOURCING&user_id=U0BUYER01&text=" + strings.Repeat("x", 10))
	fresh := func(r *http.Request) { SignRequest(r, []byte(testSecret), testNow, body) }
	tests := []struct {
		name   string
		sign   func(r *http.Request)
		body   []byte
		status int
	}{
		{"unsigned", func(r *http.Request) {}, body, 401},
		{"wrong secret", func(r *http.Request) { SignRequest(r, []byte("not-the-secret"), testNow, body) }, body, 401},
		{"stale", func(r *http.Request) { SignRequest(r, []byte(testSecret), testNow.Add(-6*time.Minute), body) }, body, 401},
		{"body changed after signing", fresh, append(bytes.Clone(body), 'y'), 401},
		{"too large", func(r *http.Request) {}, bytes.Repeat([]byte("a"), DefaultMaxBody+1), 413},
	}
	for _, path := range []string{"/slack/commands", "/slack/interactions", "/slack/events"} {
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(tt.body))
				if tt.status == 413 {
					// A correct, fresh signature of an oversized body is still refused, before hashing.
					SignRequest(r, []byte(testSecret), testNow, tt.body)
				} else {
					tt.sign(r)
				}
				w := httptest.NewRecorder()
				h.h.ServeHTTP(w, r)
				if w.Code != tt.status {
					t.Fatalf("status %d, want %d", w.Code, tt.status)
				}
				if got := w.Body.String(); got != "unauthorized\n" && got != "request too large\n" {
					t.Fatalf("body %q: want a fixed text", got)
				}
			})
		}
	}
	h.idle()
	if n := len(h.slack.callsTo("chat.postMessage")) + len(h.slack.callsTo("views.open")); n != 0 {
		t.Fatalf("%d Slack calls made for forged requests", n)
	}
	if hex64.MatchString(h.logs.String()) {
		t.Fatalf("a 64-hex string (a signature) reached the logs:\n%s", h.logs.String())
	}
}

// FuzzSlackVerify: no mutation of Slack's documented request (body,
// timestamp or signature) ever verifies; the original always does.
func FuzzSlackVerify(f *testing.F) {
	f.Add([]byte(docBody), docTS, docSig)
	f.Add([]byte(docBody+" "), docTS, docSig)
	f.Add([]byte(docBody), "1531420619", docSig)
	f.Add([]byte(docBody), docTS, "v0="+strings.ToUpper(docSig[3:]))
	f.Add([]byte(""), docTS, docSig)
	f.Add([]byte(docBody), " "+docTS, docSig)
	f.Fuzz(func(t *testing.T, body []byte, ts, sig string) {
		v := docVerifier(docTime)
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", bytes.NewReader(body))
		r.Header["X-Slack-Request-Timestamp"] = []string{ts}
		r.Header["X-Slack-Signature"] = []string{sig}
		w := httptest.NewRecorder()
		got, err := v.Verify(w, r)
		original := string(body) == docBody && ts == docTS && sig == docSig
		if original != (err == nil) {
			t.Fatalf("Verify(body=%q, ts=%q, sig=%q) err=%v; original request: %v", body, ts, sig, err, original)
		}
		if err == nil && !bytes.Equal(got, body) {
			t.Fatalf("verified body differs")
		}
		if w.Body.Len() != 0 {
			t.Fatalf("Verify wrote a response: %q", w.Body.String())
		}
	})
}
