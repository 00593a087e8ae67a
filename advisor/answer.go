package advisor

import (
	"fmt"
	"strings"
)

// compose writes the extractive answer and its citations.
// (First version: verdict and flag advice; retrieval-based answers follow.)
func (a *Advisor) compose(adv *Advice, question string) {
	adv.AnswerSource = "guide"
	var b strings.Builder
	if adv.Level != LevelNone {
		fmt.Fprintf(&b, "Risk: %s (%d/100).", strings.ToUpper(string(adv.Level)), adv.Score)
		for _, f := range adv.Flags {
			fmt.Fprintf(&b, "\n- %s: %s", f.Title, f.Advice)
		}
	}
	if question != "" && a.guide != nil {
		for _, h := range a.guide.Search(question, 3) {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(h.Excerpt)
			adv.Citations = append(adv.Citations, Citation{Title: h.Section.Title, Source: h.Section.Source, Excerpt: h.Excerpt, Updated: h.Section.Updated})
		}
	}
	if b.Len() == 0 {
		b.WriteString(EmptyAnswer)
	}
	adv.Answer = b.String()
}
