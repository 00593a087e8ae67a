package escalation_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/escalation"
	"tradeguard/advisor/store/storetest"
)

const secret = "whsec_test_5e1f"

func notice(t *testing.T) advisor.Notice {
	c := storetest.NewCase(storetest.Buyer, "k", storetest.Start)
	c.Ref, c.Status = "ACE-2026-000123", advisor.CaseNew
	c.Notices = []advisor.NoticeStatus{{Kind: "case_created", Destination: "webhook", State: "pending"}}
	return advisor.Notice{ID: 7, Key: "ACE-2026-000123:case_created:webhook", Kind: advisor.NoticeCaseCreated, Case: c,
		Attempt: 2, Destination: "webhook", Token: "tok"}
}

// receiver records signed requests and answers with the next status.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	headers  []http.Header
	bodies   [][]byte
	verified []error
	retry    string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := escalation.VerifyRequest(r, secret, 10<<20, time.Now())
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.headers = append(rc.headers, r.Header.Clone())
	rc.bodies = append(rc.bodies, body)
	rc.verified = append(rc.verified, err)
	status := http.StatusOK
	if len(rc.statuses) > 0 {
		status, rc.statuses = rc.statuses[0], rc.statuses[1:]
	}
	if rc.retry != "" {
		w.Header().Set("Retry-After", rc.retry)
	}
	w.WriteHeader(status)
}

func TestWebhookNotify(t *testing.T) {
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	w := &escalation.Webhook{URL: srv.URL, Secret: secret}
	n := notice(t)
	if err := w.Notify(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 1 || rc.verified[0] != nil {
		t.Fatalf("receiver got %d requests, verification %v", len(rc.bodies), rc.verified)
	}
	h := rc.headers[0]
	if h.Get("Idempotency-Key") != n.Key || h.Get("X-TradeGuard-Event") != "case_created" ||
		!strings.HasPrefix(h.Get("X-TradeGuard-Signature"), "v1=") || h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", h)
	}
	ts, err := strconv.ParseInt(h.Get("X-TradeGuard-Timestamp"), 10, 64)
	if err != nil || time.Since(time.Unix(ts, 0)).Abs() > time.Minute {
		t.Errorf("timestamp %q", h.Get("X-TradeGuard-Timestamp"))
	}
	var ev escalation.WebhookEvent
	if err := json.Unmarshal(rc.bodies[0], &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Event != "case_created" || ev.IdempotencyKey != n.Key || ev.Attempt != 2 || ev.Case.Ref != "ACE-2026-000123" ||
		ev.Case.Inputs[0] != n.Case.Inputs[0] || ev.Case.Advice.Flags[0].Evidence != "our bank account is under audit" ||
		ev.Case.Consent.Version != "2026-11-1" || ev.Case.Buyer.UserID != "U0BUYER1" || ev.Case.Notices != nil {
		t.Errorf("body %s", rc.bodies[0])
	}
}

func TestWebhookStatuses(t *testing.T) {
	for _, tt := range []struct {
		status     int
		retryAfter string
		want       string // "ok", "retry", "dead"
		wait       time.Duration
	}{
		{200, "", "ok", 0},
		{202, "", "ok", 0},
		{204, "", "ok", 0},
		{400, "", "dead", 0},
		{401, "", "dead", 0},
		{404, "", "dead", 0},
		{410, "", "dead", 0},
		{408, "", "retry", 0},
		{429, "120", "retry", 2 * time.Minute},
		{500, "", "retry", 0},
		{503, "7", "retry", 7 * time.Second},
		{302, "", "retry", 0},
	} {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			rc := &receiver{statuses: []int{tt.status}, retry: tt.retryAfter}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			err := (&escalation.Webhook{URL: srv.URL, Secret: secret}).Notify(context.Background(), notice(t))
			got := "retry"
			if err == nil {
				got = "ok"
			} else if advisor.IsPermanent(err) {
				got = "dead"
			}
			if got != tt.want {
				t.Fatalf("HTTP %d: %v (%s), want %s", tt.status, err, got, tt.want)
			}
			d, ok := advisor.RetryAfterOf(err)
			if ok != (tt.wait > 0) || d != tt.wait {
				t.Errorf("Retry-After %v %v, want %v", d, ok, tt.wait)
			}
			if err != nil && !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(tt.status)) {
				t.Errorf("error %q does not name the status", err)
			}
		})
	}
}

func TestWebhookTimeoutAndDown(t *testing.T) {
	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer slow.Close()
	defer close(block)
	start := time.Now()
	err := (&escalation.Webhook{URL: slow.URL + "/hook?token=s3cr3t-in-url", Secret: secret, Timeout: 200 * time.Millisecond}).
		Notify(context.Background(), notice(t))
	if err == nil || advisor.IsPermanent(err) || time.Since(start) > 5*time.Second {
		t.Fatalf("slow receiver: %v after %v; want a retryable timeout", err, time.Since(start))
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error %q repeats the URL's token", err)
	}
	down := httptest.NewServer(http.NotFoundHandler())
	url := down.URL
	down.Close()
	err = (&escalation.Webhook{URL: url, Secret: secret}).Notify(context.Background(), notice(t))
	if err == nil || advisor.IsPermanent(err) {
		t.Errorf("receiver down: %v; want a retryable error", err)
	}
	err = (&escalation.Webhook{URL: url}).Notify(context.Background(), notice(t))
	if !advisor.IsPermanent(err) {
		t.Errorf("no secret: %v; want permanent", err)
	}
}

func TestVerifyWebhook(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"event":"case_created"}`)
	good := "v1=" + escalation.Sign(secret, ts, body)
	for _, tt := range []struct {
		name      string
		secret    string
		ts        string
		body      []byte
		sig       string
		now       time.Time
		wantError error
	}{
		{"good", secret, ts, body, good, now, nil},
		{"good, clock 4 min ahead", secret, ts, body, good, now.Add(4 * time.Minute), nil},
		{"rotation: second signature matches", secret, ts, body, "v1=" + strings.Repeat("ab", 32) + ", " + good, now, nil},
		{"stale", secret, ts, body, good, now.Add(6 * time.Minute), escalation.ErrStale},
		{"from the future", secret, ts, body, good, now.Add(-6 * time.Minute), escalation.ErrStale},
		{"body changed", secret, ts, []byte(`{"event":"case_createe"}`), good, now, escalation.ErrBadSignature},
		{"timestamp changed", secret, strconv.FormatInt(now.Unix()+1, 10), body, good, now, escalation.ErrBadSignature},
		{"wrong secret", "other", ts, body, good, now, escalation.ErrBadSignature},
		{"no v1 prefix", secret, ts, body, strings.TrimPrefix(good, "v1="), now, escalation.ErrBadSignature},
		{"v0 scheme", secret, ts, body, "v0=" + strings.TrimPrefix(good, "v1="), now, escalation.ErrBadSignature},
		{"upper-case hex", secret, ts, body, strings.ToUpper(good), now, escalation.ErrBadSignature},
		{"empty signature", secret, ts, body, "", now, escalation.ErrBadSignature},
		{"empty secret", "", ts, body, good, now, escalation.ErrNoSecret},
		{"empty timestamp", secret, "", body, good, now, escalation.ErrBadTimestamp},
		{"timestamp with sign", secret, "+" + ts, body, good, now, escalation.ErrBadTimestamp},
		{"timestamp in ms", secret, ts + "000", body, good, now, escalation.ErrBadTimestamp},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := escalation.VerifyWebhook(tt.secret, tt.ts, tt.body, tt.sig, tt.now)
			if !errors.Is(err, tt.wantError) || (tt.wantError == nil) != (err == nil) {
				t.Errorf("VerifyWebhook = %v, want %v", err, tt.wantError)
			}
		})
	}
}

// FuzzVerifyWebhook: a signature made for (secret, ts, body) verifies, and
// no change to the body, timestamp or signature does.
func FuzzVerifyWebhook(f *testing.F) {
	f.Add("whsec", int64(1780000000), []byte(`{"event":"case_created"}`), byte(0), 0, "v1=00")
	f.Add("s", int64(1), []byte{}, byte(1), 3, "")
	f.Add("секрет", int64(99999999999), []byte("\x00\xff"), byte(0x80), 100, "v1=,v1=")
	f.Fuzz(func(t *testing.T, secret string, ts int64, body []byte, flip byte, at int, junk string) {
		if secret == "" || ts <= 0 || ts > 1e11 {
			return
		}
		now := time.Unix(ts, 0)
		tss := strconv.FormatInt(ts, 10)
		sig := "v1=" + escalation.Sign(secret, tss, body)
		if err := escalation.VerifyWebhook(secret, tss, body, sig, now); err != nil {
			t.Fatalf("own signature rejected: %v", err)
		}
		// Junk alone never verifies (it cannot know the HMAC by chance).
		if escalation.VerifyWebhook(secret, tss, body, junk, now) == nil && !strings.Contains(junk, sig[3:]) {
			t.Fatalf("junk signature %q accepted", junk)
		}
		if flip != 0 && len(body) > 0 {
			changed := append([]byte(nil), body...)
			changed[(at%len(changed)+len(changed))%len(changed)] ^= flip
			if escalation.VerifyWebhook(secret, tss, changed, sig, now) == nil {
				t.Fatal("changed body accepted")
			}
		}
		if escalation.VerifyWebhook(secret, tss, append(append([]byte(nil), body...), 'x'), sig, now) == nil {
			t.Fatal("extended body accepted")
		}
		if escalation.VerifyWebhook(secret+"x", tss, body, sig, now) == nil {
			t.Fatal("other secret accepted")
		}
	})
}
