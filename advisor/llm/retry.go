package llm

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// go-openai turns an error response into *openai.APIError without its
// headers, so Retry-After would be lost. headerTransport reads it on the way
// through and leaves it in the hint the request's context carries.
type headerTransport struct {
	base http.RoundTripper
}

type hintKey struct{}

// retryHint receives the server's Retry-After for one attempt.
type retryHint struct {
	mu    sync.Mutex
	after time.Duration
	set   bool
}

func (h *retryHint) get() (time.Duration, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.after, h.set
}

func withHint(ctx context.Context) (context.Context, *retryHint) {
	h := &retryHint{}
	return context.WithValue(ctx, hintKey{}, h), h
}

func (t headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if h, ok := req.Context().Value(hintKey{}).(*retryHint); ok {
			if d, ok := parseRetryAfter(resp.Header, time.Now()); ok {
				h.mu.Lock()
				h.after, h.set = d, true
				h.mu.Unlock()
			}
		}
	}
	return resp, nil
}

// parseRetryAfter reads Retry-After (seconds or an HTTP date) and the
// retry-after-ms header some OpenAI-compatible servers send.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// statusOf returns the HTTP status of a go-openai error (0 if none).
func statusOf(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// retryable reports whether an attempt that failed with err may be tried
// again: rate limits and transient server errors. Timeouts are not retried:
// the budget is already spent.
func retryable(err error) bool {
	switch statusOf(err) {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number n (1-based) when the server gave no
// Retry-After: 250 ms, 500 ms, 1 s…
func backoff(n int) time.Duration {
	d := 250 * time.Millisecond
	for i := 1; i < n && d < 8*time.Second; i++ {
		d *= 2
	}
	return d
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
