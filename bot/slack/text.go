package slack

import (
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// esc escapes the three characters Slack treats as markup in mrkdwn. Every
// piece of text that a buyer, a supplier or an LLM wrote goes through it, so
// a paste cannot ping <!channel> or <@U…>, or show a link labelled as
// something else.
func esc(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return escaper.Replace(s)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// slackLen is the length Slack's limits count: UTF-16 code units, which is
// never less than the number of characters.
func slackLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// clip escapes raw and cuts the result to at most max units (slackLen),
// never inside an escape sequence, ending with "…" when anything was cut.
func clip(raw string, max int) string {
	if max <= 0 {
		return ""
	}
	var b strings.Builder
	n := 0
	for i, r := range raw {
		piece := escRune(r)
		w := slackLen(piece)
		if n+w > max-1 {
			// Would the rest fit exactly? Then it is not a cut.
			if rest := esc(raw[i:]); n+slackLen(rest) <= max {
				b.WriteString(rest)
				return b.String()
			}
			b.WriteString("…")
			return b.String()
		}
		b.WriteString(piece)
		n += w
	}
	return b.String()
}

func escRune(r rune) string {
	switch r {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case utf8.RuneError:
		return "\uFFFD"
	}
	return string(r)
}

// cut shortens plain text (not escaped: for plain_text objects) to max
// units, ending with "…" when cut.
func cut(s string, max int) string {
	if slackLen(s) <= max {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		w := utf16.RuneLen(r)
		if n+w > max-1 {
			break
		}
		b.WriteRune(r)
		n += w
	}
	b.WriteString("…")
	return b.String()
}

// oneLine collapses all whitespace runs to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// quote renders raw as a mrkdwn block quote of at most max units: every line
// starts with "> " (escaped text cannot close or fake the quote), and "…"
// marks a cut.
func quote(raw string, max int) string {
	var b strings.Builder
	n := 0
	for _, l := range strings.Split(raw, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		prefix := "> "
		if n > 0 {
			prefix = "\n> "
		}
		room := max - n - len(prefix)
		if room < 2 {
			if n > 0 && n < max {
				b.WriteString("…")
			}
			break
		}
		piece := clip(l, room)
		b.WriteString(prefix)
		b.WriteString(piece)
		n += len(prefix) + slackLen(piece)
		if piece != esc(l) {
			break
		}
	}
	return b.String()
}

// slackMarkup matches Slack's message markup: <@U…>, <#C…|name>, <!here>,
// <http://…|label>.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns the text of a Slack message or slash command (Slack's
// markup, with & < > escaped) back into what the person typed or pasted, so
// the rules quote the words people see: a linked domain becomes its label, a
// mention "@name", and entities are unescaped.
func plainText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel && label != "" {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		case hasLabel && label != "":
			return label
		default:
			return strings.TrimPrefix(target, "mailto:")
		}
	})
	return unescaper.Replace(s)
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// mentionOf matches a leading user mention, as in "<@U0BOT> is this safe?".
var leadingMention = regexp.MustCompile(`^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*`)

// stripMention removes mentions of the bot (userID, when known) and any
// leading mention from a message's text.
func stripMention(text, botUserID string) string {
	if botUserID != "" {
		text = strings.ReplaceAll(text, "<@"+botUserID+">", "")
	}
	return strings.TrimSpace(leadingMention.ReplaceAllString(text, ""))
}

// slackID reports whether s looks like a Slack user, channel or team ID, so
// it is safe to put inside <@…> markup.
func slackID(s string) bool {
	if len(s) < 2 || len(s) > 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
