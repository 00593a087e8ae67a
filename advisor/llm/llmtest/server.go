// Package llmtest is a local stand-in for an OpenAI-compatible server
// (chat completions, embeddings, errors, slow answers), for tests in any
// package. It records every request it receives, so tests can check what
// left the process.
package llmtest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// Chat is a chat completion request as the server received it.
type Chat struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
	Tools    []any     `json:"tools,omitempty"`
	// MaxTokens and MaxCompletionTokens as sent.
	MaxTokens           int `json:"max_tokens,omitempty"`
	MaxCompletionTokens int `json:"max_completion_tokens,omitempty"`
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// System returns the system message's text.
func (c Chat) System() string { return c.role("system") }

// User returns the user message's text.
func (c Chat) User() string { return c.role("user") }

func (c Chat) role(r string) string {
	var b strings.Builder
	for _, m := range c.Messages {
		if m.Role == r {
			b.WriteString(m.Content)
		}
	}
	return b.String()
}

var (
	untrustedRe = regexp.MustCompile(`(?s)<<UNTRUSTED-([0-9a-f]+)>>\n(.*?)\n<</UNTRUSTED-[0-9a-f]+>>`)
	buyerRe     = regexp.MustCompile(`(?s)<<BUYER-([0-9a-f]+)>>\n(.*?)\n<</BUYER-[0-9a-f]+>>`)
)

// Paste returns the untrusted supplier text of the user message ("" if none).
func (c Chat) Paste() string {
	m := untrustedRe.FindStringSubmatch(c.User())
	if m == nil {
		return ""
	}
	return m[2]
}

// Question returns the buyer's message block of the user message ("" if none).
func (c Chat) Question() string {
	m := buyerRe.FindStringSubmatch(c.User())
	if m == nil {
		return ""
	}
	return m[2]
}

// Outside returns the user message with both data blocks cut out: the text
// TradeGuard itself wrote (passages, findings, framing).
func (c Chat) Outside() string {
	u := untrustedRe.ReplaceAllString(c.User(), "")
	return buyerRe.ReplaceAllString(u, "")
}

var passageIDRe = regexp.MustCompile(`(?m)^\[(G\d+)\] `)

// PassageIDs returns the passage IDs the prompt offers, in order.
func (c Chat) PassageIDs() []string {
	var ids []string
	for _, m := range passageIDRe.FindAllStringSubmatch(c.User(), -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// Reply is what the server answers to one chat request.
type Reply struct {
	// Status is the HTTP status (default 200).
	Status int
	// Content is the assistant message for a 200, the error message otherwise.
	Content string
	// Header is added to the response (e.g. Retry-After).
	Header http.Header
	// Body, when set, is sent as is (malformed JSON, an HTML error page).
	Body string
	// Delay holds the answer back; the handler returns early when the
	// client gives up. Hang holds it until the client gives up.
	Delay time.Duration
	Hang  bool
}

// Request is one HTTP request the server received.
type Request struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// Server is the stand-in server. Set ChatFn before use (default: Grounded).
type Server struct {
	*httptest.Server
	// ChatFn answers chat completions; n counts chat requests from 1.
	ChatFn func(n int, c Chat) Reply
	// EmbedFn, when set, answers embedding requests instead of the built-in
	// hashed bag-of-words vectors; return a non-200 Reply to fail.
	EmbedFn func(n int, inputs []string) *Reply
	// Dim is the length of built-in embeddings (default 256).
	Dim int

	mu       sync.Mutex
	requests []Request
	chats    []Chat
	embeds   [][]string
	inflight chan struct{}
}

// NewServer starts a server that is closed when tb's test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{ChatFn: func(_ int, c Chat) Reply { return Grounded(c) }, Dim: 256, inflight: make(chan struct{}, 1024)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.Close)
	return s
}

// URL returns the OpenAI-style base URL (ending in /v1).
func (s *Server) BaseURL() string { return s.Server.URL + "/v1" }

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Chats returns the chat requests received so far.
func (s *Server) Chats() []Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Chat(nil), s.chats...)
}

// Embeds returns the inputs of each embedding request received so far.
func (s *Server) Embeds() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]string(nil), s.embeds...)
}

// Entered receives a value whenever a request reaches a handler, so tests
// can act while it is in flight without sleeping.
func (s *Server) Entered() <-chan struct{} { return s.inflight }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	select {
	case s.inflight <- struct{}{}:
	default:
	}
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/chat/completions"):
		s.chat(w, r, body)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/embeddings"):
		s.embed(w, r, body)
	default:
		writeError(w, http.StatusNotFound, "unknown endpoint "+r.URL.Path)
	}
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request, body []byte) {
	var c Chat
	if err := json.Unmarshal(body, &c); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error())
		return
	}
	s.mu.Lock()
	s.chats = append(s.chats, c)
	n := len(s.chats)
	fn := s.ChatFn
	s.mu.Unlock()
	rep := fn(n, c)
	if !wait(r, rep) {
		return
	}
	if rep.send(w) {
		return
	}
	writeJSON(w, map[string]any{
		"id": fmt.Sprintf("chatcmpl-%d", n), "object": "chat.completion", "created": 1767225600, "model": c.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": rep.Content}}},
		"usage": map[string]int{"prompt_tokens": len(body) / 4, "completion_tokens": len(rep.Content) / 4, "total_tokens": (len(body) + len(rep.Content)) / 4},
	})
}

// wait applies Delay or Hang; false means the client went away.
func wait(r *http.Request, rep Reply) bool {
	if rep.Hang {
		<-r.Context().Done()
		return false
	}
	if rep.Delay > 0 {
		t := time.NewTimer(rep.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	return true
}

// send writes a non-200 or raw reply; false means the caller writes a 200.
func (rep Reply) send(w http.ResponseWriter) bool {
	for k, vs := range rep.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if rep.Body != "" {
		st := rep.Status
		if st == 0 {
			st = http.StatusOK
		}
		w.WriteHeader(st)
		io.WriteString(w, rep.Body)
		return true
	}
	if rep.Status != 0 && rep.Status != http.StatusOK {
		writeError(w, rep.Status, rep.Content)
		return true
	}
	return false
}

func (s *Server) embed(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Input json.RawMessage `json:"input"`
		Model string          `json:"model"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error())
		return
	}
	var inputs []string
	if err := json.Unmarshal(req.Input, &inputs); err != nil {
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			writeError(w, http.StatusBadRequest, "input must be a string or a list of strings")
			return
		}
		inputs = []string{one}
	}
	s.mu.Lock()
	s.embeds = append(s.embeds, inputs)
	n := len(s.embeds)
	fn, dim := s.EmbedFn, s.Dim
	s.mu.Unlock()
	if fn != nil {
		if rep := fn(n, inputs); rep != nil {
			if !wait(r, *rep) || rep.send(w) {
				return
			}
		}
	}
	data := make([]any, len(inputs))
	for i, in := range inputs {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": Vector(in, dim)}
	}
	writeJSON(w, map[string]any{"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": len(body) / 4, "total_tokens": len(body) / 4}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	typ := "server_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_exceeded"
	case status < 500:
		typ = "invalid_request_error"
	}
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "code": nil}})
}

// Vector is the stand-in embedding: a hashed bag of lower-cased, crudely
// stemmed words (and word pairs), unit length. Texts that share words are
// close. It is not a language model: recall measured with it only shows that
// the embedding plumbing works.
func Vector(text string, dim int) []float32 {
	if dim <= 0 {
		dim = 256
	}
	v := make([]float64, dim)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	prev := ""
	for _, w := range words {
		if stop[w] {
			prev = ""
			continue
		}
		w = stem(w)
		add(v, w, 1)
		if prev != "" {
			add(v, prev+" "+w, 0.5)
		}
		prev = w
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, dim)
	if norm == 0 {
		out[0] = 1
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

func add(v []float64, tok string, weight float64) {
	h := fnv.New64a()
	h.Write([]byte(tok))
	sum := h.Sum64()
	sign := 1.0
	if sum>>63 == 1 {
		sign = -1
	}
	v[sum%uint64(len(v))] += sign * weight
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on for with is are was were be been it its this that
		i you we they my your our do does did how what when where which who can could should would will if as at by
		from about me not no yes so than then there here have has had any all`) {
		stop[w] = true
	}
}
