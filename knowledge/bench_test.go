package knowledge

import (
	"fmt"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The generated corpus follows the retrieval spike in
// shared/research/ecosystem.md §5: a Zipf (s = 1.07) distribution over a
// 20,000-word vocabulary that starts with stop words and domain words and
// goes on with pseudo-words; titles of 3–7 words, bodies of 40–199 words (in
// sentences of 6–20 words, some as list items); queries of 2–4 content
// words, a quarter of them with a stop word added. Seed 42, so every run
// sees the same data.

var domainWords = strings.Fields(`trade assurance supplier dispute refund payment bank account
	order shipment delivery quality inspection contract factory sample invoice proforma
	deposit balance wire transfer beneficiary company license verified gold years
	rating review price scam fraud evidence mediation ruling deadline days receipt
	arbitration court lawyer trademark patent counterfeit certificate tracking domain
	email chat platform alibaba custom goods service limit coverage claim seller buyer
	manufacturer trading photos audit escrow credit letter crypto gift card western union
	warning risk legal china agreement governing law language registration`)

var genStopWords = strings.Fields(`a about above after again against all am an and any are as at be
	because been before being below between both but by can did do does doing down during
	each few for from further had has have having he her here hers him his how i if in into
	is it its itself just me more most my no nor not now of off on once only or other our
	out over own same she should so some such than that the their them then there these
	they this those through to too under until up very was we were what when where which
	while who whom why will with you your`)

// corpus is a generated guide: sections, queries and the vocabulary.
type corpus struct {
	sections []Section
	queries  []string
}

var (
	corpusOnce sync.Once
	corpus20k  corpus
)

func generated20k() corpus {
	corpusOnce.Do(func() { corpus20k = generateCorpus(20000, 600, 42) })
	return corpus20k
}

// generateCorpus returns n sections and nq queries.
func generateCorpus(n, nq int, seed int64) corpus {
	r := rand.New(rand.NewSource(seed))
	vocab := append(append([]string{}, genStopWords...), domainWords...)
	seen := map[string]bool{}
	for _, w := range vocab {
		seen[w] = true
	}
	syll := strings.Fields("ba ko re mi tu sa ne lo vi da pe ri go fu ha ze ki mo nu te la so ra di be")
	for len(vocab) < 20000 {
		k := 2 + r.Intn(3)
		var b strings.Builder
		for range k {
			b.WriteString(syll[r.Intn(len(syll))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	zipf := rand.NewZipf(r, 1.07, 1, uint64(len(vocab)-1))
	word := func() string { return vocab[zipf.Uint64()] }
	stop := map[string]bool{}
	for _, w := range genStopWords {
		stop[w] = true
	}
	content := func() string {
		for {
			if w := word(); !stop[w] {
				return w
			}
		}
	}
	c := corpus{sections: make([]Section, n)}
	for i := range c.sections {
		tw := 3 + r.Intn(5)
		title := make([]string, tw)
		for j := range title {
			title[j] = content()
		}
		var body strings.Builder
		words := 40 + r.Intn(160)
		for words > 0 {
			sl := min(words, 6+r.Intn(15))
			words -= sl
			switch {
			case body.Len() == 0:
			case r.Intn(6) == 0:
				body.WriteString("\n\n")
			case r.Intn(8) == 0:
				body.WriteString("\n- ")
			default:
				body.WriteByte(' ')
			}
			for j := range sl {
				w := word()
				if j == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				} else {
					body.WriteByte(' ')
				}
				body.WriteString(w)
			}
			body.WriteByte('.')
		}
		c.sections[i] = Section{Title: strings.Join(title, " "), Source: "generated.md", Body: body.String()}
	}
	for range nq {
		k := 2 + r.Intn(3)
		q := make([]string, 0, k+1)
		for range k {
			q = append(q, content())
		}
		if r.Intn(4) == 0 {
			q = slices.Insert(q, r.Intn(len(q)+1), genStopWords[r.Intn(len(genStopWords))])
		}
		c.queries = append(c.queries, strings.Join(q, " "))
	}
	return c
}

// benchmarkQueries runs queries round-robin on one locked OS thread and
// reports the percentiles of single queries, after a warm-up pass: p50-µs
// and p99-µs of wall time, and cpu-p50-µs and cpu-p99-µs of the thread's CPU
// time (on a machine shared with other work, wall-time tails mostly measure
// the scheduler; CPU time measures the search).
func benchmarkQueries(b *testing.B, ix *Index, queries []string, k int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, q := range queries {
		ix.Search(q, k)
	}
	_, haveCPU := threadCPU()
	wall := make([]int64, 0, b.N)
	cpu := make([]int64, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		c0, _ := threadCPU()
		t0 := time.Now()
		ix.Search(q, k)
		wall = append(wall, int64(time.Since(t0)))
		if haveCPU {
			c1, _ := threadCPU()
			cpu = append(cpu, c1-c0)
		}
	}
	b.StopTimer()
	report := func(xs []int64, prefix string) {
		if len(xs) == 0 {
			return
		}
		slices.Sort(xs)
		pct := func(p float64) float64 { return float64(xs[min(len(xs)-1, int(p*float64(len(xs))))]) / 1e3 }
		b.ReportMetric(pct(0.50), prefix+"p50-µs")
		b.ReportMetric(pct(0.99), prefix+"p99-µs")
	}
	report(wall, "")
	report(cpu, "cpu-")
}

// BenchmarkSearch measures top-10 search (with excerpts) over the built-in
// guide with the buyers' questions of testdata/queries.jsonl, and over the
// generated 20,000-section corpus.
func BenchmarkSearch(b *testing.B) {
	b.Run("builtin", func(b *testing.B) {
		var queries []string
		for _, q := range readQueries(b) {
			queries = append(queries, q.Q)
		}
		benchmarkQueries(b, NewIndex(Builtin()), queries, 10)
	})
	b.Run("20k", func(b *testing.B) {
		c := generated20k()
		benchmarkQueries(b, NewIndex(c.sections), c.queries, 10)
	})
}

// BenchmarkBuild measures building the index of the generated corpus and
// reports the heap the index retains (index-MiB, not counting the section
// text) — and, for comparison, the text itself (text-MiB).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{300, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := generated20k()
			secs := c.sections[:n]
			text := 0
			for _, s := range secs {
				text += len(s.Title) + len(s.Body)
			}
			var ix *Index
			b.ReportAllocs()
			for b.Loop() {
				ix = NewIndex(secs)
			}
			b.StopTimer()
			ix = nil
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			ix = NewIndex(secs)
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(ix)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
			b.ReportMetric(float64(text)/(1<<20), "text-MiB")
		})
	}
}
