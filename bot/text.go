package bot

import (
	"fmt"
	"strings"

	"tradeguard/advisor"
)

// LevelWords describes each level for people, never by colour alone.
var LevelWords = map[advisor.Level]string{
	advisor.LevelNone:     "Nothing to judge",
	advisor.LevelLow:      "Low risk",
	advisor.LevelMedium:   "Medium risk",
	advisor.LevelHigh:     "High risk",
	advisor.LevelCritical: "Critical risk: do not pay",
}

// Text renders advice as plain text for a terminal: the level first, then
// each flag with its evidence and advice, the answer, sources and escalation.
func Text(a advisor.Advice) string {
	var b strings.Builder
	if a.Level != advisor.LevelNone {
		fmt.Fprintf(&b, "%s (score %d/100)\n", strings.ToUpper(LevelWords[a.Level]), a.Score)
		if a.Truncated {
			b.WriteString("Note: the paste was long; only its first part was checked.\n")
		}
		for i, f := range a.Flags {
			fmt.Fprintf(&b, "\n%d. [%s] %s\n", i+1, f.Severity, f.Title)
			fmt.Fprintf(&b, "   Evidence: %q\n", oneLine(f.Evidence, 300))
			fmt.Fprintf(&b, "   What to do: %s\n", f.Advice)
		}
		if len(a.Flags) == 0 {
			b.WriteString("No red flags found.\n")
		}
		b.WriteString("\n")
	} else if a.Truncated {
		b.WriteString("Note: the message was long; only its first part was read.\n")
	}
	b.WriteString(a.Answer)
	b.WriteString("\n")
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "  - %s (%s)\n", c.Title, c.Source)
		}
	}
	if a.Escalate {
		fmt.Fprintf(&b, "\nThis case may need a lawyer: %s\n", a.EscalationReason)
	}
	return b.String()
}

// oneLine collapses whitespace and cuts s to at most max runes at a word
// boundary, adding "…" when cut.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max
	for cut > max/2 && r[cut] != ' ' {
		cut--
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}
