package knowledge

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Section is one titled part of a guide.
type Section struct {
	Title string
	// Source is what citations name: "TradeGuard built-in guide" for the
	// built-in guide (its front matter), the file's base name for an
	// operator's file.
	Source string
	// Updated is the review date the guide gives for the section, if any.
	Updated string
	// Body is plain text: paragraphs separated by blank lines, list items on
	// lines of their own starting with "- ".
	Body string
	// File is the path the section was read from ("guide/05-disputes.md" for
	// the built-in guide).
	File string
}

// Hit is a search result: the section, its score and the best excerpt.
type Hit struct {
	Section *Section
	// Score is the section's BM25 score for the query (higher is better;
	// comparable only within one query).
	Score float64
	// Excerpt is the best-matching window of one to three sentences.
	Excerpt string
	// Sentences are the sentences of Excerpt, in order, with their scores.
	Sentences []Sentence
	// Passage is a wider window around Excerpt (the whole body of a short
	// section), for a writer that needs context.
	Passage string
}

// Sentence is one sentence of a section body.
type Sentence struct {
	Text string
	// Score is the summed weight of the query terms the sentence contains
	// (0 when it contains none).
	Score float64
	// Bullet is set for a list item; LeadIn is then the line that introduces
	// the list, if one does ("What to do before paying a changed account:").
	Bullet bool
	LeadIn string
}

// BM25 parameters. K1 = 1.2 and B = 0.75 are the usual values: term
// frequency saturates after a few occurrences, and long sections are
// normalised three-quarters of the way to the average length. The title is
// scored as a field of its own (same K1, length normalisation TitleB) and
// added with weight TitleWeight: guide titles are written to say what the
// section answers, so a title match is worth more than a few body mentions.
const (
	K1          = 1.2
	B           = 0.75
	TitleB      = 0.5
	TitleWeight = 3
)

// Limits on queries and excerpts.
const (
	// maxQueryTerms caps the distinct terms taken from a query, so a long
	// paste used as a question costs a bounded amount.
	maxQueryTerms = 32
	// correctionWeight is the weight of a query word corrected by one edit.
	correctionWeight = 0.6
	// minCorrectLen is the shortest word the index tries to correct.
	minCorrectLen = 5
	// excerptMaxSentences and excerptMaxBytes bound Hit.Excerpt.
	excerptMaxSentences = 3
	excerptMaxBytes     = 480
	// passageMaxBytes bounds Hit.Passage.
	passageMaxBytes = 1200
)

// posting is one section containing a term, with its precomputed BM25 term
// weight (everything but the IDF and the query weight).
type posting struct {
	doc    int32
	impact float32
}

// Index is an in-memory BM25 index over sections. It is immutable once
// built and safe for concurrent use.
type Index struct {
	sections []Section
	// words maps every folded surface word seen at build time to its term,
	// so queries rarely run the stemmer; terms maps stems to terms.
	words map[string]int32
	terms map[string]int32
	stems []string // term → stem
	df    []int32
	idf   []float32
	post  [][]posting
	// Sentences: section i has sents[secSents[i]:secSents[i+1]]; sentence j
	// has the distinct terms sentTerms[sentOff[j]:sentOff[j+1]].
	secSents  []int32
	sents     []span
	sentOff   []int32
	sentTerms []int32
	// corrections maps the hash of a word and of each of its one-byte
	// deletions to the most frequent term it may be a typo of.
	corrections map[uint64]int32
	titles      map[string]int32 // folded title → first section with it
	// exactTitles maps each title as written to titles[foldTitle(title)],
	// so looking up a flag's Source (a title as written) skips folding.
	exactTitles map[string]int32
	scratch     sync.Pool
}

// scratchSpace is per-query working memory.
type scratchSpace struct {
	scores  []float32 // section → score
	touched []int32   // sections with a score
	weights []float32 // term → query weight, for sentence scoring
}

// qterm is one query term with its weight × IDF.
type qterm struct {
	id int32
	w  float32
}

// buildPosting is a posting while the index is built: raw frequencies.
type buildPosting struct {
	doc     int32
	tf, ttf float32 // in the body, in the title
}

// NewIndex builds an index over sections (copied; the index keeps its own).
func NewIndex(sections []Section) *Index {
	ix := &Index{
		sections: slices.Clone(sections),
		words:    map[string]int32{},
		terms:    map[string]int32{},
		titles:   map[string]int32{},
		secSents: make([]int32, 0, len(sections)+1),
	}
	n := len(ix.sections)
	bodyLen := make([]float32, n)
	titleLen := make([]float32, n)
	var (
		raw      [][]buildPosting // term → postings
		tf, ttf  []float32        // term → frequency in the current body, title
		lastSent []int32          // term → last sentence it was recorded for
		touched  []int32          // terms of the current section
	)
	termOf := func(w string) int32 {
		id, ok := ix.words[w]
		if !ok {
			st := canonicalStem(stem(w))
			id, ok = ix.terms[st]
			if !ok {
				id = int32(len(ix.stems))
				ix.terms[st] = id
				ix.stems = append(ix.stems, st)
				raw = append(raw, nil)
				tf, ttf = append(tf, 0), append(ttf, 0)
				lastSent = append(lastSent, -1)
			}
			ix.words[strings.Clone(w)] = id
		}
		if tf[id] == 0 && ttf[id] == 0 {
			touched = append(touched, id)
		}
		return id
	}
	for i := range ix.sections {
		s := &ix.sections[i]
		ix.secSents = append(ix.secSents, int32(len(ix.sents)))
		if _, ok := ix.titles[foldTitle(s.Title)]; !ok {
			ix.titles[foldTitle(s.Title)] = int32(i)
		}
		eachTerm(s.Title, func(w string) {
			ttf[termOf(w)]++
			titleLen[i]++
		})
		splitSentences(s.Body, func(sp span) {
			j := int32(len(ix.sents))
			ix.sents = append(ix.sents, sp)
			ix.sentOff = append(ix.sentOff, int32(len(ix.sentTerms)))
			eachTerm(s.Body[sp.start:sp.end], func(w string) {
				id := termOf(w)
				tf[id]++
				bodyLen[i]++
				if lastSent[id] != j {
					lastSent[id] = j
					ix.sentTerms = append(ix.sentTerms, id)
				}
			})
		})
		for _, id := range touched {
			raw[id] = append(raw[id], buildPosting{doc: int32(i), tf: tf[id], ttf: ttf[id]})
			tf[id], ttf[id] = 0, 0
		}
		touched = touched[:0]
	}
	ix.secSents = append(ix.secSents, int32(len(ix.sents)))
	ix.sentOff = append(ix.sentOff, int32(len(ix.sentTerms)))
	ix.exactTitles = make(map[string]int32, len(ix.sections))
	for i := range ix.sections {
		if t := ix.sections[i].Title; !hasKey(ix.exactTitles, t) {
			ix.exactTitles[t] = ix.titles[foldTitle(t)]
		}
	}

	avgBody, avgTitle := mean(bodyLen), mean(titleLen)
	ix.df = make([]int32, len(raw))
	ix.idf = make([]float32, len(raw))
	ix.post = make([][]posting, len(raw))
	for id, rs := range raw {
		ix.df[id] = int32(len(rs))
		// Lucene's BM25 IDF: always positive, so common terms still count a little.
		ix.idf[id] = float32(math.Log(1 + (float64(n)-float64(len(rs))+0.5)/(float64(len(rs))+0.5)))
		ps := make([]posting, len(rs))
		for k, r := range rs {
			ps[k] = posting{doc: r.doc, impact: saturate(r.tf, bodyLen[r.doc], avgBody, B) +
				TitleWeight*saturate(r.ttf, titleLen[r.doc], avgTitle, TitleB)}
		}
		ix.post[id] = ps
	}
	ix.buildCorrections()
	ix.scratch.New = func() any {
		return &scratchSpace{scores: make([]float32, n), weights: make([]float32, len(ix.stems))}
	}
	return ix
}

// saturate is BM25's term-frequency component for one field.
func saturate(tf, length, avg, b float32) float32 {
	if tf == 0 {
		return 0
	}
	return tf * (K1 + 1) / (tf + K1*(1-b+b*length/avg))
}

func mean(xs []float32) float32 {
	var total float64
	for _, x := range xs {
		total += float64(x)
	}
	if total == 0 {
		return 1
	}
	return float32(total / float64(len(xs)))
}

// buildCorrections indexes each surface word of at least minCorrectLen bytes,
// and its one-byte deletions, by hash (symmetric-delete spelling correction:
// two words one edit apart share a key).
func (ix *Index) buildCorrections() {
	ix.corrections = make(map[uint64]int32, len(ix.words)*4)
	put := func(h uint64, id int32) {
		if old, ok := ix.corrections[h]; !ok || ix.df[id] > ix.df[old] || ix.df[id] == ix.df[old] && id < old {
			ix.corrections[h] = id
		}
	}
	for w, id := range ix.words {
		if len(w) < minCorrectLen || !isLowerASCII(w) || stopWords[w] {
			continue
		}
		put(hashDel(w, -1), id)
		for i := range len(w) {
			put(hashDel(w, i), id)
		}
	}
}

// hashDel is the FNV-1a hash of w without its byte at skip (-1: none).
func hashDel(w string, skip int) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		if i == skip {
			continue
		}
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// foldTitle normalises a title for exact lookups.
func foldTitle(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}

// hasKey reports whether m has key k.
func hasKey(m map[string]int32, k string) bool {
	_, ok := m[k]
	return ok
}

// sectionOf returns the section titled title, case-insensitively (the
// first one when several share it).
func (ix *Index) sectionOf(title string) (int32, bool) {
	if doc, ok := ix.exactTitles[title]; ok {
		return doc, true
	}
	doc, ok := ix.titles[foldTitle(title)]
	return doc, ok
}

// Sections returns the indexed sections. Callers must not modify them.
func (ix *Index) Sections() []Section { return ix.sections }

// Len returns the number of indexed sections.
func (ix *Index) Len() int { return len(ix.sections) }

// Search returns up to k hits for query, best first. Sections score by BM25
// over their title (weighted) and body; each hit carries the sentence window
// that best matches the query.
func (ix *Index) Search(query string, k int) []Hit {
	if k <= 0 || len(ix.sections) == 0 {
		return nil
	}
	q := ix.queryTerms(query)
	if len(q) == 0 {
		return nil
	}
	sc := ix.scratch.Get().(*scratchSpace)
	for _, t := range q {
		for _, p := range ix.post[t.id] {
			if sc.scores[p.doc] == 0 {
				sc.touched = append(sc.touched, p.doc)
			}
			sc.scores[p.doc] += t.w * p.impact
		}
	}
	top := make([]scored, 0, k)
	floor := float32(-1) // the k-th best score once top is full
	for _, d := range sc.touched {
		v := sc.scores[d]
		sc.scores[d] = 0
		if v < floor {
			continue
		}
		top = pushTop(top, scored{doc: d, score: v}, k)
		if len(top) == k {
			floor = top[k-1].score
		}
	}
	sc.touched = sc.touched[:0]

	sc.setWeights(q)
	hits := make([]Hit, len(top))
	for i, t := range top {
		hits[i] = ix.hit(t.doc, float64(t.score), sc.weights)
	}
	sc.clearWeights(q)
	ix.scratch.Put(sc)
	return hits
}

// SearchSection scores the section titled title (case-insensitive; the first
// one when several share it) against query and returns it as a hit with its
// best-matching excerpt. ok is false when no section has that title.
func (ix *Index) SearchSection(title, query string) (h Hit, ok bool) {
	doc, ok := ix.sectionOf(title)
	if !ok {
		return Hit{}, false
	}
	q := ix.queryTerms(query)
	var score float64
	for _, t := range q {
		ps := ix.post[t.id]
		if i, found := slices.BinarySearchFunc(ps, doc, func(p posting, d int32) int { return int(p.doc - d) }); found {
			score += float64(t.w * ps[i].impact)
		}
	}
	sc := ix.scratch.Get().(*scratchSpace)
	sc.setWeights(q)
	h = ix.hit(doc, score, sc.weights)
	sc.clearWeights(q)
	ix.scratch.Put(sc)
	return h, true
}

func (sc *scratchSpace) setWeights(q []qterm) {
	for _, t := range q {
		sc.weights[t.id] = t.w
	}
}

func (sc *scratchSpace) clearWeights(q []qterm) {
	for _, t := range q {
		sc.weights[t.id] = 0
	}
}

// scored is a candidate section.
type scored struct {
	doc   int32
	score float32
}

// pushTop inserts c into top (sorted best first, ties by section order),
// keeping at most k.
func pushTop(top []scored, c scored, k int) []scored {
	if len(top) == k {
		last := top[k-1]
		if c.score < last.score || c.score == last.score && c.doc > last.doc {
			return top
		}
		top = top[:k-1]
	}
	i := len(top)
	for i > 0 && (top[i-1].score < c.score || top[i-1].score == c.score && top[i-1].doc > c.doc) {
		i--
	}
	top = append(top, scored{})
	copy(top[i+1:], top[i:])
	top[i] = c
	return top
}

// queryTerms analyses query into weighted terms (weight × IDF): the query's
// own terms weigh 1, related thesaurus terms relatedWeight, one-edit
// corrections of unknown words correctionWeight. Terms absent from the
// index are dropped.
func (ix *Index) queryTerms(query string) []qterm {
	q := make([]qterm, 0, 24)
	var stemBuf [24]string
	stems := stemBuf[:0]
	add := func(id int32, w float32) {
		for i := range q {
			if q[i].id == id {
				if w > q[i].w {
					q[i].w = w
				}
				return
			}
		}
		q = append(q, qterm{id: id, w: w})
	}
	n := 0
	eachTerm(query, func(w string) {
		if n >= maxQueryTerms {
			return
		}
		n++
		weight := float32(1)
		if w[0] >= '0' && w[0] <= '9' {
			weight = numberWeight
		}
		id, ok := ix.words[w]
		st := ""
		if ok {
			st = ix.stems[id]
		} else {
			st = canonicalStem(cachedStem(w))
			id, ok = ix.terms[st]
		}
		stems = append(stems, st)
		if fillerWords[st] {
			weight = fillerWeight
		}
		if ok {
			add(id, weight)
			return
		}
		if id, ok := ix.correct(w); ok {
			add(id, correctionWeight)
		}
	})
	// Related words, for single stems and adjacent pairs.
	for i, st := range stems {
		ix.addRelated(relatedStems[st], add)
		if i+1 < len(stems) {
			if rel, ok := relatedStems[st+" "+stems[i+1]]; ok {
				ix.addRelated(rel, add)
			}
		}
	}
	for i := range q {
		q[i].w *= ix.idf[q[i].id]
	}
	return q
}

func (ix *Index) addRelated(rel []string, add func(int32, float32)) {
	for _, r := range rel {
		if id, ok := ix.terms[r]; ok {
			add(id, relatedWeight)
		}
	}
}

// correct returns the most frequent indexed word one edit away from w.
func (ix *Index) correct(w string) (int32, bool) {
	if len(w) < minCorrectLen || !isLowerASCII(w) {
		return 0, false
	}
	best, found := int32(0), false
	try := func(h uint64) {
		if id, ok := ix.corrections[h]; ok && (!found || ix.df[id] > ix.df[best]) {
			best, found = id, true
		}
	}
	try(hashDel(w, -1))
	for i := range len(w) {
		try(hashDel(w, i))
	}
	return best, found
}

// hit builds the Hit for section doc: the best sentence by the summed
// weight of the query terms it contains, widened to a window.
func (ix *Index) hit(doc int32, score float64, weights []float32) Hit {
	s := &ix.sections[doc]
	h := Hit{Section: s, Score: score}
	lo, hi := int(ix.secSents[doc]), int(ix.secSents[doc+1])
	if lo == hi {
		return h
	}
	var buf [64]float32
	scores := buf[:0]
	if hi-lo > len(buf) {
		scores = make([]float32, 0, hi-lo)
	}
	best := lo
	var bestScore float32
	for j := lo; j < hi; j++ {
		v := ix.sentenceScore(j, weights)
		scores = append(scores, v)
		if v > bestScore {
			best, bestScore = j, v
		}
	}
	a, b := ix.window(lo, hi, best, scores)
	h.Sentences = make([]Sentence, 0, b-a+1)
	for j := a; j <= b; j++ {
		h.Sentences = append(h.Sentences, ix.sentence(s, lo, j, scores[j-lo]))
	}
	if len(h.Sentences) == 1 {
		h.Excerpt = h.Sentences[0].Text // a substring of the body: no copy
	} else {
		h.Excerpt = joinSentences(h.Sentences)
	}
	h.Passage = ix.passage(s, lo, hi, a, b)
	return h
}

// sentenceScore sums the weights of the query terms sentence j contains
// (weights is indexed by term).
func (ix *Index) sentenceScore(j int, weights []float32) float32 {
	var v float32
	for _, t := range ix.sentTerms[ix.sentOff[j]:ix.sentOff[j+1]] {
		v += weights[t]
	}
	return v
}

// sentence describes sentence j of section s (whose first sentence is lo).
func (ix *Index) sentence(s *Section, lo, j int, score float32) Sentence {
	out := Sentence{Text: ix.sentenceText(s, j), Score: float64(score), Bullet: ix.sents[j].bullet}
	if out.Bullet {
		k := j
		for k > lo && ix.sents[k-1].bullet {
			k--
		}
		if k > lo && ix.sents[k-1].leadIn {
			out.LeadIn = ix.sentenceText(s, k-1)
		}
	}
	return out
}

// Sentences returns the section titled title (see SearchSection) and every
// sentence of it, scored against query, in order; nil when no section has
// that title.
func (ix *Index) Sentences(title, query string) (*Section, []Sentence) {
	doc, ok := ix.sectionOf(title)
	if !ok {
		return nil, nil
	}
	q := ix.queryTerms(query)
	sc := ix.scratch.Get().(*scratchSpace)
	sc.setWeights(q)
	lo, hi := int(ix.secSents[doc]), int(ix.secSents[doc+1])
	out := make([]Sentence, 0, hi-lo)
	for j := lo; j < hi; j++ {
		out = append(out, ix.sentence(&ix.sections[doc], lo, j, ix.sentenceScore(j, sc.weights)))
	}
	sc.clearWeights(q)
	ix.scratch.Put(sc)
	return &ix.sections[doc], out
}

// window widens the best sentence into a window [a, b] of at most
// excerptMaxSentences sentences and about excerptMaxBytes bytes: a list
// item takes its lead-in line, a neighbour in the same paragraph that also
// matches is added (the better one first), and a short sentence takes the
// next one for context.
func (ix *Index) window(lo, hi, best int, scores []float32) (a, b int) {
	a, b = best, best
	size := ix.spanLen(best)
	fits := func(j int) bool { return size+ix.spanLen(j) <= excerptMaxBytes }
	sameBlock := func(i, j int) bool {
		// j is adjacent to i: same paragraph, or i's lead-in to a list.
		si, sj := ix.sents[i], ix.sents[j]
		if si.para == sj.para {
			return true
		}
		return j < i && sj.leadIn || i < j && si.leadIn
	}
	for b-a+1 < excerptMaxSentences {
		prev, next := a-1, b+1
		canPrev := prev >= lo && sameBlock(a, prev) && fits(prev)
		canNext := next < hi && sameBlock(b, next) && fits(next)
		var pick int
		switch {
		case canPrev && ix.sents[prev].leadIn && ix.sents[a].bullet:
			pick = prev
		case canNext && ix.sents[b].leadIn:
			pick = next
		case canPrev && canNext && scores[prev-lo] > 0 && scores[prev-lo] >= scores[next-lo]:
			pick = prev
		case canNext && scores[next-lo] > 0:
			pick = next
		case canPrev && scores[prev-lo] > 0:
			pick = prev
		case size < 120 && canNext:
			pick = next
		default:
			return a, b
		}
		size += ix.spanLen(pick)
		if pick < a {
			a = pick
		} else {
			b = pick
		}
	}
	return a, b
}

// passage widens [a, b] to about passageMaxBytes, alternating forward and
// backward, and returns that part of the body as written (list markers and
// paragraph breaks kept, no copy).
func (ix *Index) passage(s *Section, lo, hi, a, b int) string {
	size := 0
	for j := a; j <= b; j++ {
		size += ix.spanLen(j)
	}
	for {
		grew := false
		if b+1 < hi && size+ix.spanLen(b+1) <= passageMaxBytes {
			b++
			size += ix.spanLen(b)
			grew = true
		}
		if a-1 >= lo && size+ix.spanLen(a-1) <= passageMaxBytes {
			a--
			size += ix.spanLen(a)
			grew = true
		}
		if !grew {
			break
		}
	}
	return s.Body[ix.sents[a].start:ix.sents[b].end]
}

func (ix *Index) spanLen(j int) int { return int(ix.sents[j].end-ix.sents[j].start) + 1 }

func (ix *Index) sentenceText(s *Section, j int) string {
	sp := ix.sents[j]
	return s.Body[sp.start:sp.end]
}

// joinSentences joins sentences with spaces, ending list items that have no
// closing punctuation with a full stop so the excerpt reads as prose.
func joinSentences(parts []Sentence) string {
	var b strings.Builder
	n := 0
	for _, p := range parts {
		n += len(p.Text) + 2
	}
	b.Grow(n)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Text)
		if i < len(parts)-1 {
			if r, _ := utf8.DecodeLastRuneInString(p.Text); !strings.ContainsRune(".!?:;)\"”", r) {
				b.WriteByte('.')
			}
		}
	}
	return b.String()
}
