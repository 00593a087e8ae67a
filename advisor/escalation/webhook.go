package escalation

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tradeguard/advisor"
)

// Webhook headers.
const (
	HeaderSignature      = "X-TradeGuard-Signature"
	HeaderTimestamp      = "X-TradeGuard-Timestamp"
	HeaderIdempotencyKey = "Idempotency-Key"
	HeaderEvent          = "X-TradeGuard-Event"
)

// WebhookEvent is the JSON body TradeGuard POSTs to ESCALATION_WEBHOOK_URL.
type WebhookEvent struct {
	// Event is the notice kind: case_created (a new case with the whole
	// evidence packet) or case_withdrawn (the buyer took consent back; the
	// packet no longer holds their words).
	Event string `json:"event"`
	// IdempotencyKey is the same on every retry of this notice; drop repeats.
	IdempotencyKey string `json:"idempotency_key"`
	// Attempt is 1 on the first try.
	Attempt int           `json:"attempt"`
	SentAt  time.Time     `json:"sent_at"`
	Case    *advisor.Case `json:"case"`
}

// Webhook is the generic lawyers' notifier: it POSTs a signed WebhookEvent.
// 2xx means delivered; 408, 429, 5xx and network errors are retried (with
// the Retry-After the receiver gives); any other 4xx is permanent.
type Webhook struct {
	URL    string
	Secret string
	// Timeout bounds one request (default 15 s).
	Timeout time.Duration
	// Client sends the requests (default: one with Timeout that does not
	// follow redirects, so the packet never goes where it was not sent).
	Client *http.Client
	Now    func() time.Time
}

var _ advisor.Notifier = (*Webhook)(nil)

// Notify POSTs n.
func (w *Webhook) Notify(ctx context.Context, n advisor.Notice) error {
	if w.URL == "" || w.Secret == "" {
		return advisor.Permanent(errors.New("webhook: URL or secret not configured"))
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	at := now().UTC()
	c := *n.Case
	c.Notices, c.NoticeState = nil, "" // delivery bookkeeping is ours
	body, err := json.Marshal(WebhookEvent{Event: n.Kind, IdempotencyKey: n.Key, Attempt: n.Attempt, SentAt: at, Case: &c})
	if err != nil {
		return advisor.Permanent(fmt.Errorf("webhook: %w", err))
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return advisor.Permanent(errors.New("webhook: bad ESCALATION_WEBHOOK_URL"))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "TradeGuard-Webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, "v1="+Sign(w.Secret, ts, body))
	req.Header.Set(HeaderIdempotencyKey, n.Key)
	req.Header.Set(HeaderEvent, n.Kind)
	resp, err := w.client().Do(req)
	if err != nil {
		// A *url.Error repeats the URL, which may hold a token: keep the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("webhook: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		err := fmt.Errorf("webhook: HTTP %d", code)
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), at); ok {
			return advisor.RetryAfter(err, d)
		}
		return err
	case code >= 400:
		return advisor.Permanent(fmt.Errorf("webhook: HTTP %d (rejected; fix the receiver, then `tradeguard cases retry`)", code))
	}
	return fmt.Errorf("webhook: HTTP %d", code)
}

func (w *Webhook) client() *http.Client {
	if w.Client != nil {
		return w.Client
	}
	t := w.Timeout
	if t <= 0 {
		t = 15 * time.Second
	}
	return &http.Client{Timeout: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Sign returns the hex HMAC-SHA256 of timestamp + "." + body under secret:
// the value after "v1=" in X-TradeGuard-Signature.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// WebhookTolerance is how far a request's timestamp may be from the
// receiver's clock (replay protection).
const WebhookTolerance = 5 * time.Minute

// Webhook verification errors.
var (
	ErrNoSecret     = errors.New("webhook: no secret configured")
	ErrBadTimestamp = errors.New("webhook: missing or malformed timestamp")
	ErrStale        = errors.New("webhook: timestamp too far from now")
	ErrBadSignature = errors.New("webhook: signature does not match")
)

// VerifyWebhook checks a request a receiver got: timestamp is the
// X-TradeGuard-Timestamp header (unix seconds), body the raw body, signature
// the X-TradeGuard-Signature header ("v1=<hex>", possibly several separated
// by commas while a secret is rotated). It returns nil only when a v1
// signature matches secret and the timestamp is within WebhookTolerance of
// now. Compare in constant time; never trust the body before this returns
// nil.
func VerifyWebhook(secret, timestamp string, body []byte, signature string, now time.Time) error {
	if secret == "" {
		return ErrNoSecret
	}
	if timestamp == "" || len(timestamp) > 12 {
		return ErrBadTimestamp
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || ts <= 0 || strconv.FormatInt(ts, 10) != timestamp {
		return ErrBadTimestamp
	}
	if d := now.Sub(time.Unix(ts, 0)); d > WebhookTolerance || d < -WebhookTolerance {
		return ErrStale
	}
	want, _ := hex.DecodeString(Sign(secret, timestamp, body))
	for _, part := range strings.Split(signature, ",") {
		v, ok := strings.CutPrefix(strings.TrimSpace(part), "v1=")
		if !ok || len(v) != 2*sha256.Size {
			continue
		}
		got, err := hex.DecodeString(v)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return ErrBadSignature
}

// VerifyRequest reads r's body (at most maxBody bytes) and verifies it with
// VerifyWebhook; it returns the body only when the signature is good.
func VerifyRequest(r *http.Request, secret string, maxBody int64, now time.Time) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > maxBody {
		return nil, errors.New("webhook: body too large")
	}
	if err := VerifyWebhook(secret, r.Header.Get(HeaderTimestamp), body, r.Header.Get(HeaderSignature), now); err != nil {
		return nil, err
	}
	return body, nil
}
