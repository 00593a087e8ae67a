package knowledge

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// query is one line of testdata/queries.jsonl: a buyer's question and the
// built-in guide sections a good answer must cite.
type query struct {
	Q    string   `json:"q"`
	Want []string `json:"want"`
}

func readQueries(tb testing.TB) []query {
	tb.Helper()
	f, err := os.Open("testdata/queries.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []query
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var q query
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			tb.Fatalf("queries.jsonl:%d: %v", line, err)
		}
		if q.Q == "" || len(q.Want) == 0 {
			tb.Fatalf("queries.jsonl:%d: needs q and want", line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return qs
}

// quality returns recall@k (the share of the wanted sections found in the
// top k, averaged over queries) and MRR (the mean reciprocal rank of the
// first wanted section in the top 10).
func quality(ix *Index, qs []query, k int, miss func(q query, got []string)) (recall, mrr float64) {
	for _, q := range qs {
		hits := ix.Search(q.Q, 10)
		var titles []string
		for _, h := range hits {
			titles = append(titles, h.Section.Title)
		}
		found := 0
		for _, w := range q.Want {
			if i := slices.Index(titles, w); i >= 0 && i < k {
				found++
			}
		}
		recall += float64(found) / float64(len(q.Want))
		for i, t := range titles {
			if slices.Contains(q.Want, t) {
				mrr += 1 / float64(i+1)
				break
			}
		}
		if found < len(q.Want) && miss != nil {
			miss(q, titles[:min(len(titles), 5)])
		}
	}
	n := float64(len(qs))
	return recall / n, mrr / n
}

// TestRetrievalQuality measures the engine on buyers' questions over the
// built-in guide: recall@3 must be at least 0.90.
func TestRetrievalQuality(t *testing.T) {
	qs := readQueries(t)
	if len(qs) < 80 {
		t.Fatalf("%d queries, want at least 80", len(qs))
	}
	secs, errs := LoadBuiltin()
	if len(errs) > 0 {
		t.Fatalf("built-in guide: %v", errs)
	}
	titles := map[string]bool{}
	for _, s := range secs {
		titles[s.Title] = true
	}
	for _, q := range qs {
		for _, w := range q.Want {
			if !titles[w] {
				t.Errorf("query %q wants %q, which is not a built-in guide section", q.Q, w)
			}
		}
	}
	ix := NewIndex(secs)
	recall, mrr := quality(ix, qs, 3, func(q query, got []string) {
		t.Logf("miss: %q\n\twant %q\n\tgot  %q", q.Q, q.Want, got)
	})
	t.Logf("built-in guide: %d sections, %d queries: recall@3 = %.3f, MRR = %.3f", len(secs), len(qs), recall, mrr)
	if recall < 0.90 {
		t.Errorf("recall@3 = %.3f, want at least 0.90", recall)
	}
}
