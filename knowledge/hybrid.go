package knowledge

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"
)

// Embedder turns texts into vectors (an embeddings server); llm.Embedder
// implements it.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	// Model names the embedding model; cached vectors are keyed by it.
	Model() string
}

// VectorCache keeps section embeddings across restarts, keyed by model and
// content hash (see ContentKey). The stores implement it.
type VectorCache interface {
	// LoadVectors returns the cached vectors of model for those keys it has.
	LoadVectors(ctx context.Context, model string, keys []string) (map[string][]float32, error)
	// SaveVectors stores vectors of model by key, replacing any there.
	SaveVectors(ctx context.Context, model string, vecs map[string][]float32) error
}

// HybridConfig tunes hybrid retrieval; zero values mean the defaults.
type HybridConfig struct {
	// RRFK is the reciprocal rank fusion constant k in Σ 1/(k + rank)
	// (default 60, the value of Cormack et al. 2009).
	RRFK float64
	// Depth is how many candidates each ranking contributes (default 20).
	Depth int
	// MinSimilarity drops embedding candidates whose cosine similarity to the
	// query is below it (default 0.3), so a question the guide does not cover
	// gets no answer from embeddings alone.
	MinSimilarity float64
	// QueryTimeout bounds the wait for a query's embedding; past it the
	// search is BM25 alone (default 1 s).
	QueryTimeout time.Duration
	// QueryCache is how many query embeddings are kept (default 1024).
	QueryCache int
	// MaxEmbedChars cuts a section's text before embedding (default 4000,
	// which fits the 2,048-token context of small local models).
	MaxEmbedChars int
}

func (c HybridConfig) withDefaults() HybridConfig {
	if c.RRFK <= 0 {
		c.RRFK = 60
	}
	if c.Depth <= 0 {
		c.Depth = 20
	}
	if c.MinSimilarity == 0 {
		c.MinSimilarity = 0.3
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = time.Second
	}
	if c.QueryCache <= 0 {
		c.QueryCache = 1024
	}
	if c.MaxEmbedChars <= 0 {
		c.MaxEmbedChars = 4000
	}
	return c
}

// Hybrid searches with BM25 and embeddings and fuses the two rankings by
// reciprocal rank fusion. It implements the same Search as Index, so the
// advisor takes either. When the embeddings server is slow or down a search
// is BM25 alone: retrieval never fails and never waits past QueryTimeout.
// It is safe for concurrent use.
type Hybrid struct {
	ix   *Index
	emb  Embedder
	cfg  HybridConfig
	vecs [][]float32 // per section of ix; nil when it could not be embedded

	mu     sync.Mutex
	lru    *list.List
	byText map[string]*list.Element
}

type cachedQuery struct {
	text string
	vec  []float32
}

// HybridStats says how the section embeddings were obtained.
type HybridStats struct {
	Sections, Cached, Embedded int
}

// NewHybrid embeds every section of ix that cache (which may be nil) does not
// already hold for emb's model, saves the new vectors, and returns the
// hybrid searcher. It fails when the sections cannot be embedded; callers
// then use ix alone.
func NewHybrid(ctx context.Context, ix *Index, emb Embedder, cache VectorCache, cfg HybridConfig) (*Hybrid, HybridStats, error) {
	cfg = cfg.withDefaults()
	h := &Hybrid{ix: ix, emb: emb, cfg: cfg, lru: list.New(), byText: map[string]*list.Element{}}
	secs := ix.Sections()
	st := HybridStats{Sections: len(secs)}
	h.vecs = make([][]float32, len(secs))
	keys := make([]string, len(secs))
	texts := make([]string, len(secs))
	for i := range secs {
		texts[i] = embedText(&secs[i], cfg.MaxEmbedChars)
		keys[i] = ContentKey(texts[i])
	}
	var have map[string][]float32
	if cache != nil {
		var err error
		if have, err = cache.LoadVectors(ctx, emb.Model(), unique(keys)); err != nil {
			have = nil // a broken cache costs a re-embed, not the feature
		}
	}
	var todo []int
	for i, k := range keys {
		if v, ok := have[k]; ok && len(v) > 0 {
			h.vecs[i] = normalized(v)
			st.Cached++
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		batch := make([]string, len(todo))
		for j, i := range todo {
			batch[j] = texts[i]
		}
		vecs, err := emb.Embed(ctx, batch)
		if err != nil {
			return nil, st, fmt.Errorf("knowledge: embedding %d guide sections: %w", len(todo), err)
		}
		if len(vecs) != len(todo) {
			return nil, st, fmt.Errorf("knowledge: %d embeddings for %d sections", len(vecs), len(todo))
		}
		save := map[string][]float32{}
		for j, i := range todo {
			h.vecs[i] = normalized(vecs[j])
			save[keys[i]] = vecs[j]
		}
		st.Embedded = len(todo)
		if cache != nil {
			if err := cache.SaveVectors(ctx, emb.Model(), save); err != nil {
				return h, st, fmt.Errorf("knowledge: caching embeddings (search works; the next start re-embeds): %w", err)
			}
		}
	}
	if !sameDims(h.vecs) {
		return nil, st, errors.New("knowledge: embeddings of different lengths (model changed?)")
	}
	return h, st, nil
}

// ContentKey is the cache key of an embedded text: the hex SHA-256 of it.
func ContentKey(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// embedText is what gets embedded for a section: its title and body, cut.
func embedText(s *Section, max int) string {
	return cutText(s.Title+"\n"+s.Body, max)
}

// cutText cuts t to at most max bytes on a rune boundary.
func cutText(t string, max int) string {
	if len(t) > max {
		cut := max
		for cut > 0 && t[cut]&0xC0 == 0x80 {
			cut--
		}
		t = t[:cut]
	}
	return t
}

func unique(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func sameDims(vs [][]float32) bool {
	n := -1
	for _, v := range vs {
		if v == nil {
			continue
		}
		if n >= 0 && len(v) != n {
			return false
		}
		n = len(v)
	}
	return true
}

func normalized(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if s == 0 {
		return out
	}
	n := math.Sqrt(s)
	for i, x := range v {
		out[i] = float32(float64(x) / n)
	}
	return out
}

// Sections returns the indexed sections.
func (h *Hybrid) Sections() []Section { return h.ix.Sections() }

// Index returns the BM25 index underneath.
func (h *Hybrid) Index() *Index { return h.ix }

// Sentences lists every sentence of a named section scored against query,
// as Index.Sentences does (flag steps do not need embeddings).
func (h *Hybrid) Sentences(title, query string) (*Section, []Sentence) {
	return h.ix.Sentences(title, query)
}

// SearchSection is Index.SearchSection.
func (h *Hybrid) SearchSection(title, query string) (Hit, bool) {
	return h.ix.SearchSection(title, query)
}

// Search returns up to k hits for query: the BM25 ranking and the embedding
// ranking fused by reciprocal rank. Hit.Score is the fused score. Sections
// found only by embeddings carry the excerpt BM25 gives them for the query.
func (h *Hybrid) Search(query string, k int) []Hit {
	if k <= 0 {
		return nil
	}
	bm := h.ix.Search(query, h.cfg.Depth)
	qv := h.queryVector(query)
	if qv == nil {
		if len(bm) > k {
			bm = bm[:k]
		}
		return bm
	}
	secs := h.ix.Sections()
	type cand struct {
		doc   int
		score float64
		hit   *Hit
	}
	fused := map[*Section]*cand{}
	docOf := map[*Section]int{}
	for i := range secs {
		docOf[&secs[i]] = i
	}
	for r := range bm {
		d, ok := docOf[bm[r].Section]
		if !ok {
			continue
		}
		fused[bm[r].Section] = &cand{doc: d, score: 1 / (h.cfg.RRFK + float64(r+1)), hit: &bm[r]}
	}
	for r, v := range h.vectorRanking(qv) {
		s := &secs[v]
		c, ok := fused[s]
		if !ok {
			c = &cand{doc: v}
			fused[s] = c
		}
		c.score += 1 / (h.cfg.RRFK + float64(r+1))
	}
	all := make([]*cand, 0, len(fused))
	for _, c := range fused {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].doc < all[j].doc
	})
	if len(all) > k {
		all = all[:k]
	}
	out := make([]Hit, 0, len(all))
	for _, c := range all {
		var hit Hit
		if c.hit != nil {
			hit = *c.hit
		} else if sh, ok := h.ix.SearchSection(secs[c.doc].Title, query); ok && sh.Section == &secs[c.doc] {
			hit = sh
		} else {
			hit = Hit{Section: &secs[c.doc], Excerpt: lead(secs[c.doc].Body), Passage: lead(secs[c.doc].Body)}
		}
		hit.Score = c.score
		out = append(out, hit)
	}
	return out
}

// lead is the start of a body, for a section without a BM25 excerpt.
func lead(body string) string {
	const max = 480
	if len(body) <= max {
		return body
	}
	cut := max
	for cut > 0 && body[cut]&0xC0 == 0x80 {
		cut--
	}
	return body[:cut] + "…"
}

// vectorRanking returns up to Depth section indexes by cosine similarity to
// qv, best first, above MinSimilarity.
func (h *Hybrid) vectorRanking(qv []float32) []int {
	type sim struct {
		doc int
		cos float64
	}
	var sims []sim
	for i, v := range h.vecs {
		if len(v) != len(qv) {
			continue
		}
		var dot float64
		for j := range v {
			dot += float64(v[j]) * float64(qv[j])
		}
		if dot >= h.cfg.MinSimilarity {
			sims = append(sims, sim{i, dot})
		}
	}
	sort.Slice(sims, func(i, j int) bool {
		if sims[i].cos != sims[j].cos {
			return sims[i].cos > sims[j].cos
		}
		return sims[i].doc < sims[j].doc
	})
	if len(sims) > h.cfg.Depth {
		sims = sims[:h.cfg.Depth]
	}
	out := make([]int, len(sims))
	for i, s := range sims {
		out[i] = s.doc
	}
	return out
}

// queryVector returns the normalised embedding of query from the cache or
// the server, or nil when the server fails or is late.
func (h *Hybrid) queryVector(query string) []float32 {
	h.mu.Lock()
	if e, ok := h.byText[query]; ok {
		h.lru.MoveToFront(e)
		v := e.Value.(*cachedQuery).vec
		h.mu.Unlock()
		return v
	}
	h.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.QueryTimeout)
	defer cancel()
	vs, err := h.emb.Embed(ctx, []string{cutText(query, h.cfg.MaxEmbedChars)})
	if err != nil || len(vs) != 1 || len(vs[0]) == 0 {
		return nil
	}
	v := normalized(vs[0])
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.byText[query]; !ok {
		h.byText[query] = h.lru.PushFront(&cachedQuery{text: query, vec: v})
		for h.lru.Len() > h.cfg.QueryCache {
			old := h.lru.Back()
			h.lru.Remove(old)
			delete(h.byText, old.Value.(*cachedQuery).text)
		}
	}
	return v
}
