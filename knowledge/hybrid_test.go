package knowledge_test

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor/llm"
	"tradeguard/advisor/llm/llmtest"
	"tradeguard/knowledge"
)

// memCache is an in-memory VectorCache that counts its use.
type memCache struct {
	mu    sync.Mutex
	vecs  map[string][]float32 // model + "\x00" + key
	saves int
}

func (c *memCache) LoadVectors(_ context.Context, model string, keys []string) (map[string][]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string][]float32{}
	for _, k := range keys {
		if v, ok := c.vecs[model+"\x00"+k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

func (c *memCache) SaveVectors(_ context.Context, model string, vecs map[string][]float32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.vecs == nil {
		c.vecs = map[string][]float32{}
	}
	for k, v := range vecs {
		c.vecs[model+"\x00"+k] = v
	}
	c.saves++
	return nil
}

func mustEmbedder(tb testing.TB, s *llmtest.Server, model string) *llm.Embedder {
	tb.Helper()
	e, err := llm.NewEmbedder(llm.Config{BaseURL: s.BaseURL(), EmbeddingModel: model, Timeout: 5 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func embeddedTexts(s *llmtest.Server) int {
	n := 0
	for _, in := range s.Embeds() {
		n += len(in)
	}
	return n
}

func TestHybridCache(t *testing.T) {
	s := llmtest.NewServer(t)
	ctx := context.Background()
	secs := knowledge.Builtin()
	if len(secs) < 3 {
		t.Fatalf("built-in guide has %d sections", len(secs))
	}
	cache := &memCache{}
	ix := knowledge.NewIndex(secs)

	_, st, err := knowledge.NewHybrid(ctx, ix, mustEmbedder(t, s, "embed-a"), cache, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Embedded != len(secs) || st.Cached != 0 || embeddedTexts(s) != len(secs) {
		t.Fatalf("first start: %+v, server embedded %d texts; want all %d embedded", st, embeddedTexts(s), len(secs))
	}

	// A restart with the same guide and model embeds nothing.
	_, st, err = knowledge.NewHybrid(ctx, knowledge.NewIndex(secs), mustEmbedder(t, s, "embed-a"), cache, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Embedded != 0 || st.Cached != len(secs) || embeddedTexts(s) != len(secs) {
		t.Fatalf("restart: %+v, server embedded %d texts in all; want none new", st, embeddedTexts(s))
	}

	// An edited section is embedded again, alone.
	edited := slices.Clone(secs)
	edited[1].Body += "\nA new sentence the operator added."
	before := embeddedTexts(s)
	_, st, err = knowledge.NewHybrid(ctx, knowledge.NewIndex(edited), mustEmbedder(t, s, "embed-a"), cache, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Embedded != 1 || embeddedTexts(s)-before != 1 {
		t.Fatalf("edit: %+v, %d new texts; want exactly 1", st, embeddedTexts(s)-before)
	}

	// Another model has its own vectors.
	before = embeddedTexts(s)
	if _, st, err = knowledge.NewHybrid(ctx, ix, mustEmbedder(t, s, "embed-b"), cache, knowledge.HybridConfig{}); err != nil || st.Embedded != len(secs) {
		t.Fatalf("new model: %+v, %v; want all re-embedded", st, err)
	}
	if embeddedTexts(s)-before != len(secs) {
		t.Errorf("new model embedded %d texts, want %d", embeddedTexts(s)-before, len(secs))
	}
}

func TestHybridStartFailsWhenServerDown(t *testing.T) {
	s := llmtest.NewServer(t)
	s.EmbedFn = func(int, []string) *llmtest.Reply { return &llmtest.Reply{Status: 500, Content: "down"} }
	e, err := llm.NewEmbedder(llm.Config{BaseURL: s.BaseURL(), EmbeddingModel: "m", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := knowledge.NewHybrid(context.Background(), knowledge.NewIndex(knowledge.Builtin()), e, nil, knowledge.HybridConfig{}); err == nil {
		t.Fatal("NewHybrid succeeded with a failing server")
	}
}

func TestHybridFallsBackToBM25(t *testing.T) {
	s := llmtest.NewServer(t)
	ix := knowledge.NewIndex(knowledge.Builtin())
	h, _, err := knowledge.NewHybrid(context.Background(), ix, mustEmbedder(t, s, "m"), nil, knowledge.HybridConfig{QueryTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	const q = "how many days do I have to open a dispute?"
	titles := func(hs []knowledge.Hit) string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Section.Title)
		}
		return strings.Join(out, " | ")
	}
	// The server hangs: the search waits at most QueryTimeout and is BM25's.
	s.EmbedFn = func(int, []string) *llmtest.Reply { return &llmtest.Reply{Hang: true} }
	start := time.Now()
	got := h.Search(q, 3)
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("search took %v with a 200 ms query timeout", elapsed)
	}
	if titles(got) != titles(ix.Search(q, 3)) {
		t.Errorf("with the server hanging got %s, want BM25's %s", titles(got), titles(ix.Search(q, 3)))
	}
	// Down: the same.
	s.Close()
	if titles(h.Search(q+" now", 3)) != titles(ix.Search(q+" now", 3)) {
		t.Error("with the server down the search is not BM25's")
	}
}

func TestHybridQueryCache(t *testing.T) {
	s := llmtest.NewServer(t)
	h, _, err := knowledge.NewHybrid(context.Background(), knowledge.NewIndex(knowledge.Builtin()), mustEmbedder(t, s, "m"), nil, knowledge.HybridConfig{QueryCache: 2})
	if err != nil {
		t.Fatal(err)
	}
	start := len(s.Embeds())
	for _, q := range []string{"refund", "refund", "dispute", "refund", "customs", "dispute"} {
		h.Search(q, 3)
	}
	// refund, dispute, (refund cached), customs evicts dispute → dispute again.
	if got := len(s.Embeds()) - start; got != 4 {
		t.Errorf("%d query embeddings, want 4", got)
	}
}

func TestHybridFusion(t *testing.T) {
	secs := []knowledge.Section{
		{Title: "Wire transfers", Source: "t", Body: "Pay by telegraphic transfer only to the company account shown on the order page."},
		{Title: "Refunds", Source: "t", Body: "Money comes back to the original card after a ruling in your favour."},
		{Title: "Shipping", Source: "t", Body: "Goods leave the port after the supplier books the vessel."},
	}
	// Embeddings that know what a made-up word means, which BM25 cannot.
	s := llmtest.NewServer(t)
	emb := &fixedEmbedder{inner: mustEmbedder(t, s, "m"), alias: map[string]string{"qwzx vrrp": "Wire transfers telegraphic transfer company account"}}
	h, _, err := knowledge.NewHybrid(context.Background(), knowledge.NewIndex(secs), emb, nil, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if hs := knowledge.NewIndex(secs).Search("qwzx vrrp", 3); len(hs) != 0 {
		t.Fatalf("BM25 found %d hits; the test needs a query it cannot match", len(hs))
	}
	hs := h.Search("qwzx vrrp", 3)
	if len(hs) == 0 || hs[0].Section.Title != "Wire transfers" || hs[0].Excerpt == "" {
		t.Fatalf("hybrid hits = %+v, want Wire transfers first with an excerpt", hs)
	}
	// Nothing similar enough: nothing found.
	if hs := h.Search("zebra migration patterns", 3); len(hs) != 0 {
		t.Errorf("unrelated query got %d hits", len(hs))
	}
}

// fixedEmbedder embeds aliased queries as other text (a stand-in for a model
// that knows synonyms).
type fixedEmbedder struct {
	inner *llm.Embedder
	alias map[string]string
}

func (f *fixedEmbedder) Model() string { return "fixed" }
func (f *fixedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	in := slices.Clone(texts)
	for i, t := range in {
		if a, ok := f.alias[t]; ok {
			in[i] = a
		}
	}
	return f.inner.Embed(ctx, in)
}

type evalQuery struct {
	Q    string   `json:"q"`
	Want []string `json:"want"`
}

func recallAt(search func(string, int) []knowledge.Hit, qs []evalQuery, k int) float64 {
	var sum float64
	for _, q := range qs {
		found := 0
		for i, h := range search(q.Q, k) {
			if i < k && slices.Contains(q.Want, h.Section.Title) {
				found++
			}
		}
		sum += float64(found) / float64(len(q.Want))
	}
	return sum / float64(len(qs))
}

// TestHybridRecall measures recall@3 on the retrieval question set with BM25
// alone and BM25 + embeddings. The embeddings come from llmtest's hashed
// bag-of-words stand-in, not a language model: the numbers show that the
// plumbing (embedding, caching, fusion) works and does not hurt, nothing
// about a real model. Run with -v to see them.
func TestHybridRecall(t *testing.T) {
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		t.Skipf("no question set yet: %v", err)
	}
	defer f.Close()
	var qs []evalQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q evalQuery
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	s := llmtest.NewServer(t)
	ix := knowledge.NewIndex(knowledge.Builtin())
	h, _, err := knowledge.NewHybrid(context.Background(), ix, mustEmbedder(t, s, "stand-in"), nil, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	bm := recallAt(ix.Search, qs, 3)
	hy := recallAt(h.Search, qs, 3)
	titles := map[string]bool{}
	for _, sec := range ix.Sections() {
		titles[sec.Title] = true
	}
	t.Logf("recall@3 over %d queries, %d sections: BM25 %.3f, hybrid (stand-in embeddings) %.3f", len(qs), len(slices.Collect(maps.Keys(titles))), bm, hy)
	if hy < bm-0.05 {
		t.Errorf("hybrid recall@3 %.3f is well below BM25's %.3f: fusion is broken", hy, bm)
	}
}

func TestFileVectorCache(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	c := &knowledge.FileVectorCache{Dir: dir}
	if got, err := c.LoadVectors(ctx, "m/1:latest", []string{"a"}); err != nil || len(got) != 0 {
		t.Fatalf("empty cache: %v, %v", got, err)
	}
	if err := c.SaveVectors(ctx, "m/1:latest", map[string][]float32{"a": {1, 2}, "b": {3}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveVectors(ctx, "other", map[string][]float32{"a": {9}}); err != nil {
		t.Fatal(err)
	}
	// A new process (a new value) reads what the first saved.
	c2 := &knowledge.FileVectorCache{Dir: dir}
	got, err := c2.LoadVectors(ctx, "m/1:latest", []string{"a", "b", "c"})
	if err != nil || len(got) != 2 || got["a"][1] != 2 || got["b"][0] != 3 {
		t.Fatalf("reloaded %v, %v", got, err)
	}
	if got, _ := c2.LoadVectors(ctx, "other", []string{"a"}); got["a"][0] != 9 {
		t.Errorf("models share entries: %v", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "/") || strings.HasPrefix(e.Name(), ".embeddings-") {
			t.Errorf("stray file %q", e.Name())
		}
	}
}

func TestHybridListsSentencesLikeTheIndex(t *testing.T) {
	s := llmtest.NewServer(t)
	ix := knowledge.NewIndex(knowledge.Builtin())
	h, _, err := knowledge.NewHybrid(context.Background(), ix, mustEmbedder(t, s, "m"), nil, knowledge.HybridConfig{})
	if err != nil {
		t.Fatal(err)
	}
	// The answer composer picks each flag's step from every sentence of the
	// flag's section; hybrid retrieval must not narrow that to one window.
	const title, q = "Bank Account Change Fraud", "new account under audit"
	hs, hsent := h.Sentences(title, q)
	is, isent := ix.Sentences(title, q)
	if hs == nil || hs != is || len(hsent) == 0 || len(hsent) != len(isent) {
		t.Errorf("Hybrid.Sentences = %v, %d sentences; Index.Sentences = %v, %d", hs, len(hsent), is, len(isent))
	}
}
