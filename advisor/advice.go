package advisor

// Level is the overall risk verdict for a message.
type Level string

// The verdict levels, from "nothing to judge" to "stop, do not pay".
const (
	LevelNone     Level = "none"
	LevelLow      Level = "low"
	LevelMedium   Level = "medium"
	LevelHigh     Level = "high"
	LevelCritical Level = "critical"
)

// Rank orders levels: none 0, low 1, medium 2, high 3, critical 4.
func (l Level) Rank() int {
	switch l {
	case LevelLow:
		return 1
	case LevelMedium:
		return 2
	case LevelHigh:
		return 3
	case LevelCritical:
		return 4
	}
	return 0
}

// Severity is how much a single red flag weighs.
type Severity string

// Flag severities.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: low 1 … critical 4 (0 for an unknown value).
func (s Severity) Rank() int { return Level(s).Rank() }

// Flag is one red flag found in the input, with the exact words that triggered it.
type Flag struct {
	ID       string   `json:"id"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// Evidence is an exact substring of the judged input.
	Evidence string `json:"evidence"`
	// Advice tells the buyer what to do about it.
	Advice string `json:"advice"`
	// Source is the title of the guide section the advice comes from.
	Source string `json:"source"`
}

// Citation names a guide passage an answer used.
type Citation struct {
	Title   string `json:"title"`
	Source  string `json:"source"`
	Excerpt string `json:"excerpt"`
	// Updated is the date the section was last reviewed, when the guide gives one.
	Updated string `json:"updated,omitempty"`
}

// Advice is the single result every front end renders; its JSON form is the
// firm contract of `tradeguard advise --json` (see DESIGN.md).
type Advice struct {
	Level            Level      `json:"level"`
	Score            int        `json:"score"`
	Flags            []Flag     `json:"flags"`
	Facts            Facts      `json:"facts"`
	Answer           string     `json:"answer"`
	Citations        []Citation `json:"citations"`
	Escalate         bool       `json:"escalate"`
	EscalationReason string     `json:"escalation_reason"`
	Ruleset          string     `json:"ruleset"`
	// Truncated is set when the input was longer than the limit and only its
	// first part was judged.
	Truncated bool `json:"truncated,omitempty"`
	// AnswerSource says who wrote Answer: "guide" (extractive) or "llm".
	AnswerSource string `json:"answer_source,omitempty"`
}

// HasFlag reports whether a flag with the given rule ID was raised.
func (a *Advice) HasFlag(id string) bool {
	for _, f := range a.Flags {
		if f.ID == id {
			return true
		}
	}
	return false
}
