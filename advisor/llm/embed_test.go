package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor/llm/llmtest"
)

func mustEmbedder(tb testing.TB, s *llmtest.Server, mod func(*Config)) (*Embedder, *[]time.Duration) {
	tb.Helper()
	cfg := Config{BaseURL: s.BaseURL(), EmbeddingModel: "nomic-embed-text", Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	e, err := NewEmbedder(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	waits := &[]time.Duration{}
	e.sleep = func(ctx context.Context, d time.Duration) error { *waits = append(*waits, d); return ctx.Err() }
	return e, waits
}

func TestEmbedBatchesInOrder(t *testing.T) {
	s := llmtest.NewServer(t)
	e, _ := mustEmbedder(t, s, nil)
	texts := make([]string, 150)
	for i := range texts {
		texts[i] = fmt.Sprintf("section %d about topic %d", i, i%7)
	}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		want := llmtest.Vector(texts[i], 256)
		if len(v) != len(want) || v[3] != want[3] || v[200] != want[200] {
			t.Fatalf("vector %d is not text %d's", i, i)
		}
	}
	if got := len(s.Embeds()); got != 3 {
		t.Errorf("%d requests, want 3 batches of at most %d", got, embedBatch)
	}
	if r := s.Requests()[0]; r.Path != "/v1/embeddings" {
		t.Errorf("path %q", r.Path)
	}
}

func TestEmbedErrors(t *testing.T) {
	tests := []struct {
		name    string
		replies []*llmtest.Reply
		ok      bool
		calls   int
	}{
		{"429 then ok", []*llmtest.Reply{{Status: 429, Header: http.Header{"Retry-After": {"1"}}}, nil}, true, 2},
		{"500 three times", []*llmtest.Reply{{Status: 500}, {Status: 500}, {Status: 500}}, false, 3},
		{"missing vectors", []*llmtest.Reply{{Body: `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}]}`}}, false, 1},
		{"repeated index", []*llmtest.Reply{{Body: `{"object":"list","data":[{"index":0,"embedding":[0.1]},{"index":0,"embedding":[0.2]}]}`}}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.NewServer(t)
			s.EmbedFn = func(n int, _ []string) *llmtest.Reply {
				if n > len(tt.replies) {
					return &llmtest.Reply{Status: 500}
				}
				return tt.replies[n-1]
			}
			e, _ := mustEmbedder(t, s, nil)
			_, err := e.Embed(context.Background(), []string{"a b c", "d e f"})
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok %v", err, tt.ok)
			}
			if got := len(s.Embeds()); got != tt.calls {
				t.Errorf("calls = %d, want %d", got, tt.calls)
			}
		})
	}
}

func TestEmbedBreaker(t *testing.T) {
	clock := newClock()
	s := llmtest.NewServer(t)
	s.EmbedFn = func(int, []string) *llmtest.Reply { return &llmtest.Reply{Status: 503} }
	e, _ := mustEmbedder(t, s, func(c *Config) { c.Now = clock.Now; c.MaxRetries = -1; c.BreakerFailures = 2 })
	for i := 0; i < 2; i++ {
		if _, err := e.Embed(context.Background(), []string{"x"}); err == nil {
			t.Fatal("want an error")
		}
	}
	if _, err := e.Embed(context.Background(), []string{"x"}); !errors.Is(err, ErrCircuitOpen) {
		t.Fatalf("err = %v, want ErrCircuitOpen", err)
	}
	if len(s.Embeds()) != 2 {
		t.Errorf("server saw %d calls, want 2", len(s.Embeds()))
	}
}

func TestNewEmbedderNeedsModel(t *testing.T) {
	if _, err := NewEmbedder(Config{APIKey: "sk"}); err == nil {
		t.Error("NewEmbedder without a model succeeded")
	}
}

func TestEmbedMasks(t *testing.T) {
	s := llmtest.NewServer(t)
	e, _ := mustEmbedder(t, s, nil)
	if _, err := e.Embed(context.Background(), []string{"refund to IBAN DE89 3704 0044 0532 0130 00? mail cindy.wang@163.com"}); err != nil {
		t.Fatal(err)
	}
	body := string(s.Requests()[0].Body)
	if strings.Contains(body, "3704 0044") || strings.Contains(body, "cindy.wang") || !strings.Contains(body, "refund to IBAN") {
		t.Errorf("embedding request not masked: %s", body)
	}
}
