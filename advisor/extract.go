package advisor

import (
	"strings"
	"time"
)

// Extract reads the facts of text at time now (used to resolve relative and
// year-less dates). (First version: question detection only.)
func Extract(text string, now time.Time) Facts {
	f := Facts{Spans: map[string]string{}}
	if strings.Contains(text, "?") {
		f.Question = strings.TrimSpace(text)
	}
	return f
}
