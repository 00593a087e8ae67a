package knowledge

import (
	"sort"
	"strings"
)

// Section is one titled part of a guide.
type Section struct {
	Title string
	// Source is the guide file the section came from.
	Source string
	// Updated is the review date the guide gives for the section, if any.
	Updated string
	Body    string
}

// Hit is a search result: the section, its score and the best excerpt.
type Hit struct {
	Section *Section
	Score   float64
	Excerpt string
}

// Index searches sections. (Placeholder term overlap until BM25 lands.)
type Index struct {
	sections []Section
}

// NewIndex builds an index over sections.
func NewIndex(sections []Section) *Index { return &Index{sections: sections} }

// Sections returns the indexed sections.
func (ix *Index) Sections() []Section { return ix.sections }

// Search returns up to k hits for query, best first.
func (ix *Index) Search(query string, k int) []Hit {
	terms := strings.Fields(strings.ToLower(query))
	var hits []Hit
	for i := range ix.sections {
		s := &ix.sections[i]
		body := strings.ToLower(s.Title + " " + s.Body)
		score := 0.0
		for _, t := range terms {
			if len(t) > 3 && strings.Contains(body, t) {
				score++
			}
		}
		if score > 0 {
			hits = append(hits, Hit{Section: s, Score: score, Excerpt: s.Body})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}
