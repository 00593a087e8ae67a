package advisor

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"tradeguard/knowledge"
)

// How the extractive answer is made (no LLM):
//
//   - a supplier paste: the verdict first ("High risk: do not pay yet. 3 red
//     flags."), then for each of the top flags the key next step from the guide
//     section the flag cites (its Source): the sentence of that section that
//     tells the buyer what to do and best matches the flag, skipping one that
//     only repeats the flag's own advice, which renderers already show;
//   - a question: the two to four sentences that best answer it, from the
//     best window of the top section and, when the next sections score close
//     to it, their best sentences;
//   - both (or a follow-up question about an earlier paste): the verdict and
//     flag steps, then the answer.
//
// Every section used is cited with the sentences taken from it.

// Answer limits.
const (
	// answerHits is how many sections a question is answered from, at most.
	answerHits = 4
	// maxAnswerSentences bounds the answer to a question.
	maxAnswerSentences = 4
	// closeScore: a lower-ranked section adds sentences when its score is at
	// least this share of the top score.
	closeScore = 0.6
	// fillScore: a lower-ranked section fills a one-sentence answer when its
	// score is at least this share of the top score.
	fillScore = 0.3
	// flagSteps is how many flags get a guide step in the answer.
	flagSteps = 3
	// maxPassages bounds Passages.
	maxPassages = 6
)

// NoGuideAnswer is the reply to a question the guide has nothing on.
const NoGuideAnswer = "I could not find that in the guide. I can answer questions about Trade Assurance " +
	"(coverage, limits, exclusions), disputes and their deadlines, paying a supplier safely, checking a supplier, " +
	"and legal steps in China; or paste the supplier's details and I will check them."

// verdictWords open the answer to a paste.
var verdictWords = map[Level]string{
	LevelLow:      "Low risk",
	LevelMedium:   "Medium risk: check these points before you pay",
	LevelHigh:     "High risk: do not pay yet",
	LevelCritical: "Critical risk: do not pay",
}

// settledWords open the answer when the money has already moved (the buyer
// paid, or the goods arrived): "do not pay" would come too late.
var settledWords = map[Level]string{
	LevelLow:      "Low risk",
	LevelMedium:   "Medium risk: check these points now",
	LevelHigh:     "High risk: act now",
	LevelCritical: "Critical risk: act now to protect your money",
}

// settled reports whether the paste says the money already moved and none
// is about to.
func settled(f *Facts) bool {
	return f.PaymentStatus == "paid" || (f.PaymentStatus == "" && f.DeliveryDate != "")
}

// sectionSearcher finds a named section (a flag's Source) and its best
// window for a query; *knowledge.Index implements it.
type sectionSearcher interface {
	SearchSection(title, query string) (knowledge.Hit, bool)
}

// sentenceLister lists every sentence of a named section, scored against a
// query; *knowledge.Index implements it. Without it, a flag's step is chosen
// from the section's best window only.
type sentenceLister interface {
	Sentences(title, query string) (*knowledge.Section, []knowledge.Sentence)
}

// compose writes the extractive answer and its citations.
func (a *Advisor) compose(adv *Advice, question string) {
	adv.AnswerSource = "guide"
	var cites citations
	var parts []string
	if adv.Level != LevelNone {
		parts = append(parts, verdictLine(adv))
		var steps []string
		for _, f := range topFlags(adv.Flags) {
			step, c, ok := a.flagStep(f)
			if !ok {
				continue
			}
			if d := datedSentence(f.Advice); d != "" && !strings.Contains(step, d) {
				step = d + " " + step
			}
			steps = append(steps, fmt.Sprintf("- %s: %s (see “%s”)", f.Title, step, c.Title))
			cites.add(c)
		}
		if len(steps) > 0 {
			parts = append(parts, strings.Join(steps, "\n"))
		}
	}
	question = strings.TrimSpace(question)
	if adv.Level != LevelNone && vague(question) {
		// "Is this normal?" about a paste: the verdict and steps answer it.
		question = ""
	}
	if question != "" {
		sentences, cs := a.answer(question)
		text := strings.Join(sentences, " ")
		if len(sentences) == 0 {
			text = NoGuideAnswer
		}
		if adv.Level != LevelNone {
			text = "Your question: " + text
		}
		parts = append(parts, text)
		for _, c := range cs {
			cites.add(c)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, EmptyAnswer)
	}
	adv.Answer = strings.Join(parts, "\n\n")
	adv.Citations = append(adv.Citations[:0], cites...)
	if adv.Citations == nil {
		adv.Citations = []Citation{}
	}
}

// isoDate finds a YYYY-MM-DD date.
var isoDate = regexp.MustCompile(`\b20\d\d-[01]\d-[0-3]\d\b`)

// datedSentence returns the first sentence of a flag's advice that states a
// date: advice computed for this paste (a dispute deadline) that the answer
// must carry, not just the guide's general step.
func datedSentence(advice string) string {
	loc := isoDate.FindStringIndex(advice)
	if loc == nil {
		return ""
	}
	start := strings.LastIndex(advice[:loc[0]], ". ")
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	end := strings.Index(advice[loc[1]:], ". ")
	if end < 0 {
		return strings.TrimSpace(advice[start:])
	}
	return strings.TrimSpace(advice[start : loc[1]+end+1])
}

// verdictLine is "High risk: do not pay yet. 3 red flags."
func verdictLine(adv *Advice) string {
	words := verdictWords[adv.Level]
	if settled(&adv.Facts) {
		words = settledWords[adv.Level]
	}
	switch n := len(adv.Flags); {
	case n == 0:
		return words + ": no red flags found. Still pay only through the Trade Assurance order on Alibaba.com."
	case n == 1:
		return words + ". 1 red flag."
	default:
		return fmt.Sprintf("%s. %d red flags.", words, n)
	}
}

// topFlags returns the flags that get a step: the first flagSteps (flags are
// sorted most severe first), one per cited section.
func topFlags(flags []Flag) []Flag {
	var out []Flag
	seen := map[string]bool{}
	for _, f := range flags {
		if len(out) == flagSteps {
			break
		}
		key := strings.ToLower(f.Source)
		if f.Source != "" && seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	return out
}

// flagStep picks the guide sentence that tells the buyer what to do about f,
// from the section f cites, or, if the guide has no section of that title,
// from the best section for the flag's title.
func (a *Advisor) flagStep(f Flag) (string, Citation, bool) {
	if a.guide == nil {
		return "", Citation{}, false
	}
	query := f.Title + " " + f.Evidence
	var sec *knowledge.Section
	var cands []knowledge.Sentence
	if l, ok := a.guide.(sentenceLister); ok && f.Source != "" {
		if sec, cands = l.Sentences(f.Source, query); len(cands) == 0 {
			sec = nil
		}
	}
	if sec == nil && f.Source != "" {
		if s, ok := a.guide.(sectionSearcher); ok {
			if h, ok := s.SearchSection(f.Source, query); ok && len(h.Sentences) > 0 {
				sec, cands = h.Section, h.Sentences
			}
		}
	}
	if sec == nil {
		hits := a.guide.Search(f.Title, 1)
		if len(hits) == 0 || len(hits[0].Sentences) == 0 {
			return "", Citation{}, false
		}
		sec, cands = hits[0].Section, hits[0].Sentences
	}
	best := pickStep(cands, f.Advice)
	if best < 0 {
		return "", Citation{}, false
	}
	text := cands[best].Text
	return text, Citation{Title: sec.Title, Source: sec.Source, Excerpt: text, Updated: sec.Updated}, true
}

// pickStep returns the index of the next-step sentence for a flag whose own
// advice is advice: among the sentences that tell the buyer what to do (an
// instruction, or an item of a "what to do" list), the one that best matches
// the flag and adds most to its advice — match score × (1 − the share of its
// words already in the advice), earlier sentences first on ties. Sentences
// mostly made of the advice's words, and quoted examples of what scammers
// write, are never picked. Without an instruction it falls back to the best
// such match among all sentences. -1 if none.
func pickStep(cands []knowledge.Sentence, advice string) int {
	adviceWords := wordsOf(advice).set
	// Try candidates from the best match down; (1 − overlap) ≤ 1, so once a
	// candidate's match score cannot beat the best value found, stop.
	var order []int
	for i, s := range cands {
		if len(s.Text) >= 20 && !strings.HasSuffix(s.Text, ":") && !quoted(s.Text) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(cands[y].Score, cands[x].Score) })
	best := func(ok func(knowledge.Sentence) bool) int {
		pick, value := -1, 0.0
		for _, i := range order {
			s := cands[i]
			if !ok(s) {
				continue
			}
			upper := s.Score + 0.1
			if pick >= 0 && upper <= value {
				break
			}
			overlap := wordsOf(s.Text).overlap(adviceWords)
			if overlap >= maxAdviceOverlap {
				continue
			}
			if v := upper * (1 - overlap); pick < 0 || v > value {
				pick, value = i, v
			}
		}
		return pick
	}
	if i := best(isActionCached); i >= 0 {
		return i
	}
	return best(func(knowledge.Sentence) bool { return true })
}

// textWords is what pickStep reads of a guide sentence or a flag's advice,
// computed once per text (see wordsOf).
type textWords struct {
	// all are the word hashes in order, repeats included; set are the
	// sorted distinct ones (wordHashes).
	all, set []uint64
	// action is isAction's answer for a sentence of this text that is not
	// a list item; leadIn says whether a list under this text, as its
	// lead-in, is a list of steps.
	action, leadIn bool
}

// overlap returns the share of the text's words (repeats counted) that are
// in advice (given as wordHashes).
func (tw *textWords) overlap(advice []uint64) float64 {
	if len(advice) == 0 || len(tw.all) == 0 {
		return 0
	}
	in := 0
	for _, h := range tw.all {
		if _, found := slices.BinarySearch(advice, h); found {
			in++
		}
	}
	return float64(in) / float64(len(tw.all))
}

// wordCache memoises textWords: the texts pickStep reads are the guide's
// sentences and the rules' advice, the same few hundred on every paste, and
// splitting them into words was most of the cost of an answer. It stops
// growing at wordCacheMax entries (computed advice can vary) and skips long
// texts.
var (
	wordCache    sync.Map // string → *textWords
	wordCacheLen atomic.Int64
)

// Bounds of wordCache.
const (
	wordCacheMax     = 1 << 12
	wordCacheMaxText = 2048
)

// wordsOf returns the textWords of s, from wordCache when it is there.
func wordsOf(s string) *textWords {
	if v, ok := wordCache.Load(s); ok {
		return v.(*textWords)
	}
	tw := &textWords{set: wordHashes(s)}
	eachWord(s, func(w []byte) bool {
		tw.all = append(tw.all, hashWord(w))
		return true
	})
	tw.action = isAction(knowledge.Sentence{Text: s})
	tw.leadIn = isAction(knowledge.Sentence{Text: "-", Bullet: true, LeadIn: s})
	if len(s) <= wordCacheMaxText && wordCacheLen.Load() < wordCacheMax {
		if _, loaded := wordCache.LoadOrStore(strings.Clone(s), tw); !loaded {
			wordCacheLen.Add(1)
		}
	}
	return tw
}

// isActionCached is isAction through wordCache.
func isActionCached(s knowledge.Sentence) bool {
	if wordsOf(s.Text).action {
		return true
	}
	return s.Bullet && s.LeadIn != "" && wordsOf(s.LeadIn).leadIn
}

// maxAdviceOverlap: a sentence with this share of its words in the flag's
// advice only repeats it.
const maxAdviceOverlap = 0.8

// quoted reports whether a sentence is a quotation (an example message).
func quoted(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '"' || r == '“' || r == '\'' || r == '‘'
}

// imperatives start sentences that tell the buyer what to do.
var imperatives = map[string]bool{
	"ask": true, "avoid": true, "book": true, "call": true, "cancel": true, "check": true, "choose": true,
	"compare": true, "confirm": true, "contact": true, "do": true, "don't": true, "document": true, "get": true,
	"hire": true, "insist": true, "keep": true, "look": true, "make": true, "move": true, "never": true,
	"open": true, "order": true, "pay": true, "photograph": true, "put": true, "read": true, "record": true,
	"refuse": true, "register": true, "reject": true, "report": true, "request": true, "require": true,
	"save": true, "search": true, "send": true, "start": true, "stop": true, "take": true, "treat": true,
	"type": true, "use": true, "verify": true, "walk": true, "write": true, "agree": true, "attach": true,
	"demand": true, "inspect": true, "negotiate": true, "talk": true, "tell": true, "file": true,
	"escalate": true, "screenshot": true, "insure": true, "split": true, "test": true, "visit": true,
}

// actionLeadIns mark a list of steps ("What to do before paying:").
var actionLeadIns = []string{"what to do", "do this", "before paying", "before you pay", "steps", "how to", "check"}

// isAction reports whether s tells the buyer what to do.
func isAction(s knowledge.Sentence) bool {
	var buf [16]byte
	if first := strings.TrimFunc(firstWord(s.Text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }); len(first) <= len(buf) && imperatives[string(lowerInto(buf[:0], first))] {
		return true
	}
	if p := "what to do:"; len(s.Text) >= len(p) && strings.EqualFold(s.Text[:len(p)], p) {
		return true
	}
	if s.Bullet && s.LeadIn != "" {
		lead := strings.ToLower(s.LeadIn)
		for _, l := range actionLeadIns {
			if strings.Contains(lead, l) {
				return true
			}
		}
	}
	return false
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// wordHashes returns the sorted hashes of the lower-cased words of s longer
// than two bytes (a small set without a string per word).
func wordHashes(s string) []uint64 {
	var hs []uint64
	eachWord(s, func(w []byte) bool {
		hs = append(hs, hashWord(w))
		return true
	})
	slices.Sort(hs)
	return slices.Compact(hs)
}

// hashWord is FNV-1a.
func hashWord(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// eachWord calls fn with each lower-cased word of s longer than two bytes,
// until fn returns false. The bytes passed to fn are only valid during the
// call.
func eachWord(s string, fn func([]byte) bool) {
	var buf [32]byte
	for start := 0; start < len(s); {
		r, size := utf8.DecodeRuneInString(s[start:])
		if notWordRune(r) {
			start += size
			continue
		}
		end := start
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if notWordRune(r) {
				break
			}
			end += size
		}
		if w := s[start:end]; len(w) > 2 {
			lw := []byte(nil)
			if len(w) <= len(buf) {
				lw = lowerInto(buf[:0], w)
			} else {
				lw = []byte(strings.ToLower(w))
			}
			if !fn(lw) {
				return
			}
		}
		start = end
	}
}

// vagueWords carry no topic of their own: a question made only of them
// ("is this normal?", "legit?", "what should I do now?") is about the paste.
var vagueWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and any are be can could do does did he her him his i if in is it its
		me my no not now of ok okay on or our ours she so that the their them then there these they this those to
		u us was we were what whats when where which who why will with would you your yours how should shall
		normal legit legitimate safe scam scammer fraud real fake fine good bad true trust trustworthy right wrong
		risk risky suspicious sus sketchy weird strange seem seems look looks think opinion advice help thoughts
		next here guys hi hello hey please thanks thank anyone someone something`) {
		m[w] = true
	}
	return m
}()

// vague reports whether a question has no words beyond vagueWords. It stops
// at the first other word, so a long question costs little.
func vague(q string) bool {
	only := true
	eachWord(q, func(w []byte) bool {
		only = vagueWords[string(w)]
		return only
	})
	return only
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// lowerInto appends w lower-cased (ASCII letters only) to buf.
func lowerInto(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// answer returns the sentences that answer question and the citations for
// them, or nothing when the guide has no match.
func (a *Advisor) answer(question string) ([]string, []Citation) {
	if a.guide == nil {
		return nil, nil
	}
	hits := a.guide.Search(question, answerHits)
	if len(hits) == 0 {
		return nil, nil
	}
	top := hits[0].Score
	var out []string
	var cites []Citation
	seen := map[string]bool{}
	for i, h := range hits {
		if len(out) >= maxAnswerSentences || len(h.Sentences) == 0 {
			continue
		}
		var take []knowledge.Sentence
		switch {
		case i == 0:
			take = h.Sentences
		case h.Score >= closeScore*top || len(out) < 2 && h.Score >= fillScore*top:
			take = bestSentences(h.Sentences, 2)
		default:
			continue
		}
		for len(take) > 0 && strings.HasSuffix(take[len(take)-1].Text, ":") {
			take = take[:len(take)-1] // a lead-in without its list
		}
		var used []string
		for _, s := range take {
			if len(out) == maxAnswerSentences {
				break
			}
			if seen[s.Text] {
				continue
			}
			seen[s.Text] = true
			out = append(out, prose(s))
			used = append(used, s.Text)
		}
		if len(used) > 0 {
			cites = append(cites, Citation{Title: h.Section.Title, Source: h.Section.Source,
				Excerpt: strings.Join(used, " "), Updated: h.Section.Updated})
		}
	}
	return out, cites
}

// bestSentences returns up to n sentences of a window that match the query
// and stand alone (not list items or lead-ins, which need their context),
// in their order in the section.
func bestSentences(ss []knowledge.Sentence, n int) []knowledge.Sentence {
	var out []knowledge.Sentence
	for len(out) < n {
		best := -1
		for i, s := range ss {
			standalone := !s.Bullet && !strings.HasSuffix(s.Text, ":")
			if s.Score > 0 && standalone && !containsSentence(out, s) && (best < 0 || s.Score > ss[best].Score) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out = append(out, ss[best])
	}
	// Back into section order.
	var ordered []knowledge.Sentence
	for _, s := range ss {
		if containsSentence(out, s) {
			ordered = append(ordered, s)
		}
	}
	return ordered
}

func containsSentence(ss []knowledge.Sentence, s knowledge.Sentence) bool {
	for _, x := range ss {
		if x.Text == s.Text {
			return true
		}
	}
	return false
}

// prose ends a list item without closing punctuation with a full stop, so
// sentences from lists read as prose.
func prose(s knowledge.Sentence) string {
	t := strings.TrimSpace(s.Text)
	if t == "" {
		return t
	}
	switch t[len(t)-1] {
	case '.', '!', '?', ':', ';', ')', '"':
		return t
	}
	return t + "."
}

// citations collects citations, one per section.
type citations []Citation

func (cs *citations) add(c Citation) {
	for i := range *cs {
		if (*cs)[i].Title == c.Title && (*cs)[i].Source == c.Source {
			if !strings.Contains((*cs)[i].Excerpt, c.Excerpt) {
				(*cs)[i].Excerpt += " " + c.Excerpt
			}
			return
		}
	}
	*cs = append(*cs, c)
}

// Passages returns the guide passages a Writer (LLM) may answer from, for
// question and the advice adv: the sections cited by the top flags, then the
// best sections for the question, each a window of up to about 1,200
// characters around its best match, labelled G1, G2… in that order. It is
// pure: the same question, advice and guide give the same passages.
func (a *Advisor) Passages(question string, adv Advice) []Passage {
	if a.guide == nil {
		return []Passage{}
	}
	out := []Passage{}
	seen := map[*knowledge.Section]bool{}
	add := func(h knowledge.Hit) {
		if len(out) == maxPassages || h.Section == nil || seen[h.Section] {
			return
		}
		text := h.Passage
		if text == "" {
			text = h.Excerpt
		}
		if strings.TrimSpace(text) == "" {
			return
		}
		seen[h.Section] = true
		out = append(out, Passage{ID: fmt.Sprintf("G%d", len(out)+1), Title: h.Section.Title,
			Source: h.Section.Source, Updated: h.Section.Updated, Text: text})
	}
	if ss, ok := a.guide.(sectionSearcher); ok {
		for _, f := range topFlags(adv.Flags) {
			if f.Source == "" {
				continue
			}
			if h, ok := ss.SearchSection(f.Source, f.Title+" "+f.Advice); ok {
				add(h)
			}
		}
	}
	question = strings.TrimSpace(question)
	if question != "" && !(adv.Level != LevelNone && vague(question)) {
		hits := a.guide.Search(question, answerHits)
		for _, h := range hits {
			if h.Score >= fillScore*hits[0].Score {
				add(h)
			}
		}
	}
	return out
}
