package slack

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// Slack's Block Kit limits (docs.slack.dev/reference/block-kit) and our own
// budget for one message, kept well under the ~13,200 characters at which
// Slack answers msg_blocks_too_long (slackapi/bolt-js#2509).
const (
	maxBlocks      = 50
	maxText        = 3000 // section and context text
	maxField       = 2000 // section field
	maxHeader      = 150
	maxButtonText  = 75
	maxButtonValue = 255 // Slack allows 2,000; ours are short on purpose
	maxContextElts = 10
	msgBudget      = 11000 // all text of one message
)

// Per-piece budgets of the rendered answer.
const (
	compactFlags    = 5    // flags shown in full in the first answer
	evidenceCompact = 300  // quoted evidence per flag, first answer
	evidenceFull    = 1000 // quoted evidence per flag, "Show all evidence"
	adviceCompact   = 300
	adviceFull      = 500
	answerMax       = 2900 // one section of the answer
	answerBudget    = 4000 // the whole answer
	answerSections  = 2
	reasonMax       = 600
	citationMax     = 200
	maxCitations    = 6
	maxPages        = 5 // "Show all evidence" messages (response_url allows 5 posts)
)

// Action IDs of our buttons and callback IDs of our modals.
const (
	actionEscalate = "escalate"
	actionEvidence = "evidence"
	actionShare    = "share"
	actionWithdraw = "withdraw"
	actionAccept   = "case_accept"
	actionClose    = "case_close"

	callbackPaste    = "paste"
	callbackEscalate = "escalate"
	callbackClose    = "close_case"
)

// levelEmoji goes with bot.LevelWords: the level is always said in words
// too, never by colour alone.
var levelEmoji = map[advisor.Level]string{
	advisor.LevelNone:     ":speech_balloon:",
	advisor.LevelLow:      ":large_green_circle:",
	advisor.LevelMedium:   ":large_yellow_circle:",
	advisor.LevelHigh:     ":large_orange_circle:",
	advisor.LevelCritical: ":red_circle:",
}

var severityEmoji = map[advisor.Severity]string{
	advisor.SeverityLow:      ":small_blue_diamond:",
	advisor.SeverityMedium:   ":small_orange_diamond:",
	advisor.SeverityHigh:     ":warning:",
	advisor.SeverityCritical: ":no_entry:",
}

// ConvRef names the conversation a button acts on: the channel, the thread
// (empty for a slash command, whose conversation is the user in the
// channel) and the buyer. It travels in button values.
type ConvRef struct {
	Channel, Thread, User string
}

// String encodes r for a button value.
func (r ConvRef) String() string { return "v1|" + r.Channel + "|" + r.Thread + "|" + r.User }

// valid reports whether r names a conversation with well-formed IDs.
func (r ConvRef) valid() bool {
	return slackID(r.Channel) && slackID(r.User) && (r.Thread == "" || isTS(r.Thread))
}

// request is the advisor.Request whose conversation r names.
func (r ConvRef) request() advisor.Request {
	return advisor.Request{Platform: "slack", Channel: r.Channel, Thread: r.Thread, User: r.User}
}

// dm reports whether the conversation is a direct message with the bot.
func (r ConvRef) dm() bool { return strings.HasPrefix(r.Channel, "D") }

// parseConvRef decodes a button value made by ConvRef.String.
func parseConvRef(s string) (ConvRef, bool) {
	p := strings.Split(s, "|")
	if len(p) != 4 || p[0] != "v1" {
		return ConvRef{}, false
	}
	r := ConvRef{Channel: p[1], Thread: p[2], User: p[3]}
	if !r.valid() {
		return ConvRef{}, false
	}
	return r, true
}

// isTS reports whether s looks like a Slack message timestamp (1531420618.000200).
func isTS(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot && i > 0:
			dot = true
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// Options says how an answer is rendered.
type Options struct {
	// Ref is the conversation the buttons act on; with a zero Ref the
	// answer has no buttons.
	Ref ConvRef
	// Share adds "Share in channel" (not offered in a DM, where there is no
	// channel to share with).
	Share bool
	// Pending says an AI-written answer is on its way.
	Pending bool
}

func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}
func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}
func section(s string) slack.Block { return slack.NewSectionBlock(md(s), nil, nil) }
func note(parts ...string) slack.Block {
	elts := make([]slack.MixedElement, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			elts = append(elts, md(p))
		}
	}
	return slack.NewContextBlock("", elts...)
}
func button(action, text, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(action, value, plain(cut(text, maxButtonText)))
}

// header is the level in emoji and words.
func header(l advisor.Level) slack.Block {
	return slack.NewHeaderBlock(plain(cut(levelEmoji[l]+" "+bot.LevelWords[l], maxHeader)))
}

// byRisk returns the flags most severe first, keeping the advisor's order
// among equals.
func byRisk(flags []advisor.Flag) []advisor.Flag {
	out := append([]advisor.Flag(nil), flags...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity.Rank() > out[j].Severity.Rank() })
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// summary is the score line and the top reasons.
func summary(a advisor.Advice, flags []advisor.Flag) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Score %d/100* · %s", a.Score, plural(len(flags), "red flag", "red flags"))
	if len(flags) > 0 {
		var top []string
		for _, f := range flags[:min(3, len(flags))] {
			top = append(top, clip(oneLine(f.Title), 120))
		}
		b.WriteString("\n*Why:* " + strings.Join(top, " · "))
	} else {
		b.WriteString("\nNo red flags found in what you sent.")
	}
	if a.Truncated {
		b.WriteString("\n_The paste was long: only its first part was checked._")
	}
	return b.String()
}

// flagText renders one flag: title and severity in words, the quoted
// evidence and what to do.
func flagText(i int, f advisor.Flag, evidence, advice int, withSource bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s *%d. %s* (%s)", severityEmoji[f.Severity], i, clip(oneLine(f.Title), 150), clip(string(f.Severity), 20))
	if q := quote(f.Evidence, evidence); q != "" {
		b.WriteString("\n" + q)
	}
	if f.Advice != "" {
		b.WriteString("\n*What to do:* " + clip(oneLine(f.Advice), advice))
	}
	if withSource && f.Source != "" {
		b.WriteString("\n_Guide: " + clip(oneLine(f.Source), 150) + "_")
	}
	return b.String()
}

// splitText escapes raw into at most n chunks of at most max units each,
// breaking at paragraph, line or word ends; the last chunk ends with "…"
// when text is left over.
func splitText(raw string, max, n int) []string {
	raw = strings.TrimSpace(raw)
	var out []string
	for raw != "" && len(out) < n {
		if slackLen(esc(raw)) <= max {
			out = append(out, esc(raw))
			break
		}
		if len(out) == n-1 {
			out = append(out, clip(raw, max))
			break
		}
		// Longest prefix that fits, then back to a natural break.
		fit := clip(raw, max)
		fitRaw := unescaper.Replace(strings.TrimSuffix(fit, "…"))
		end := len(fitRaw)
		for _, sep := range []string{"\n\n", "\n", ". ", " "} {
			if i := strings.LastIndex(fitRaw, sep); i > len(fitRaw)/2 {
				end = i + len(sep)
				break
			}
		}
		out = append(out, esc(strings.TrimSpace(raw[:end])))
		raw = strings.TrimSpace(raw[end:])
	}
	return out
}

// Blocks renders advice as a Slack message: the level in words and emoji,
// the top reasons, the most serious flags with their quoted evidence and
// what to do, the answer, the sources, and the buttons. It is pure, and
// every piece of text that came from a paste or an LLM is escaped.
func Blocks(a advisor.Advice, opt Options) []slack.Block {
	var blocks []slack.Block
	flags := byRisk(a.Flags)
	if a.Level != advisor.LevelNone {
		blocks = append(blocks, header(a.Level), section(summary(a, flags)))
		for i, f := range flags[:min(compactFlags, len(flags))] {
			blocks = append(blocks, section(flagText(i+1, f, evidenceCompact, adviceCompact, false)))
		}
		if rest := flags[min(compactFlags, len(flags)):]; len(rest) > 0 {
			var titles []string
			for _, f := range rest {
				titles = append(titles, oneLine(f.Title))
			}
			more := "+" + plural(len(rest), "more red flag", "more red flags") + ": " + clip(strings.Join(titles, " · "), 600)
			if opt.Ref.valid() {
				more += " (press *Show all evidence*)"
			}
			blocks = append(blocks, note(more))
		}
		blocks = append(blocks, slack.NewDividerBlock())
	} else if a.Truncated {
		blocks = append(blocks, note("_The message was long: only its first part was read._"))
	}
	left := answerBudget
	for _, chunk := range splitText(a.Answer, answerMax, answerSections) {
		if left < 100 {
			break
		}
		if slackLen(chunk) > left {
			chunk = clip(unescaper.Replace(strings.TrimSuffix(chunk, "…")), left)
		}
		left -= slackLen(chunk)
		blocks = append(blocks, section(chunk))
	}
	if a.Escalate {
		text := ":scales: *This may need a lawyer.* " + clip(oneLine(a.EscalationReason), reasonMax)
		if opt.Ref.valid() {
			text += "\nPress *Escalate to AC&amp;E* to hand this conversation to the AC&amp;E legal team. Nothing is sent until you confirm."
		}
		blocks = append(blocks, section(text))
	}
	if len(a.Citations) > 0 {
		parts := []string{":books: *Sources*"}
		for _, c := range a.Citations[:min(maxCitations, len(a.Citations))] {
			p := "*" + clip(oneLine(c.Title), 120) + "*"
			if c.Source != "" {
				p += " · " + clip(oneLine(c.Source), 60)
			}
			if c.Updated != "" {
				p += " · " + clip(c.Updated, 12)
			}
			parts = append(parts, p)
		}
		blocks = append(blocks, note(parts...))
	}
	var notes []string
	if opt.Pending {
		notes = append(notes, ":hourglass_flowing_sand: Writing a fuller answer…")
	}
	if a.AnswerSource == "llm" {
		notes = append(notes, ":robot_face: The answer was written by an AI model from the sources above; the verdict and red flags come from fixed rules.")
	}
	notes = append(notes, "General information, not legal advice · rules "+clip(a.Ruleset, 40))
	blocks = append(blocks, note(notes...))
	if opt.Ref.valid() {
		var buttons []slack.BlockElement
		value := opt.Ref.String()
		if a.Escalate {
			buttons = append(buttons, button(actionEscalate, "Escalate to AC&E", value).WithStyle(slack.StylePrimary))
		}
		if len(a.Flags) > 0 {
			buttons = append(buttons, button(actionEvidence, "Show all evidence", value))
		}
		if opt.Share && a.Level != advisor.LevelNone && !opt.Ref.dm() {
			buttons = append(buttons, button(actionShare, "Share in channel", value))
		}
		if len(buttons) > 0 {
			blocks = append(blocks, slack.NewActionBlock("tg_actions", buttons...))
		}
	}
	return blocks
}

// FallbackText is the notification text that goes with the blocks: our own
// words only, never pasted text.
func FallbackText(a advisor.Advice) string {
	if a.Level == advisor.LevelNone {
		return "TradeGuard answered your question."
	}
	return fmt.Sprintf("%s (score %d/100): %s", bot.LevelWords[a.Level], a.Score, plural(len(a.Flags), "red flag", "red flags"))
}

// EvidencePages renders every flag in full for "Show all evidence", split
// into messages that each respect Slack's limits.
func EvidencePages(a advisor.Advice) [][]slack.Block {
	flags := byRisk(a.Flags)
	if len(flags) == 0 {
		return [][]slack.Block{{section("No red flags were found, so there is no evidence to show.")}}
	}
	var pages [][]slack.Block
	var page []slack.Block
	used := 0
	for i, f := range flags {
		text := flagText(i+1, f, evidenceFull, adviceFull, true)
		n := slackLen(text)
		if len(page) > 0 && (used+n > msgBudget-500 || len(page) >= maxBlocks-2) {
			pages = append(pages, page)
			page, used = nil, 0
			if len(pages) == maxPages {
				break
			}
		}
		page = append(page, section(text))
		used += n
	}
	if len(pages) < maxPages && len(page) > 0 {
		pages = append(pages, page)
	}
	shown := 0
	for _, p := range pages {
		shown += len(p)
	}
	for i := range pages {
		head := fmt.Sprintf("*All evidence* (%s", plural(len(flags), "red flag", "red flags"))
		if len(pages) > 1 {
			head += fmt.Sprintf(", part %d of %d", i+1, len(pages))
		}
		head += "). Only you can see this."
		pages[i] = append([]slack.Block{note(head)}, pages[i]...)
	}
	if shown < len(flags) {
		last := len(pages) - 1
		pages[last] = append(pages[last], note(fmt.Sprintf("%d more red flags are not shown.", len(flags)-shown)))
	}
	return pages
}

// ShareBlocks is the summary a buyer may post in the channel: the level,
// score and each flag's title and what to do. It quotes nothing from the
// paste (no evidence, answer or facts), and what it does say is passed
// through advisor.Redact as well.
func ShareBlocks(a advisor.Advice, sharedBy string) []slack.Block {
	flags := byRisk(a.Flags)
	by := "Someone"
	if slackID(sharedBy) {
		by = "<@" + sharedBy + ">"
	}
	blocks := []slack.Block{
		header(a.Level),
		section(fmt.Sprintf("%s shared TradeGuard's verdict on a supplier: *score %d/100*, %s.",
			by, a.Score, plural(len(flags), "red flag", "red flags"))),
	}
	const shareFlags = 10
	if len(flags) > 0 {
		var b strings.Builder
		shown := 0
		for _, f := range flags[:min(shareFlags, len(flags))] {
			line := fmt.Sprintf("%s *%s* (%s)", severityEmoji[f.Severity], clip(advisor.Redact(oneLine(f.Title)), 150), clip(string(f.Severity), 20))
			if f.Advice != "" {
				line += ": " + clip(advisor.Redact(oneLine(f.Advice)), 220)
			}
			if slackLen(b.String())+slackLen(line) > maxText-100 {
				break
			}
			b.WriteString(line + "\n")
			shown++
		}
		if shown < len(flags) {
			fmt.Fprintf(&b, "…and %d more.", len(flags)-shown)
		}
		blocks = append(blocks, section(strings.TrimSpace(b.String())))
	}
	blocks = append(blocks, note("The evidence, bank and contact details stay private to the person who asked. General information, not legal advice."))
	return blocks
}

// HelpBlocks explains the slash command and the bot.
func HelpBlocks(command string) []slack.Block {
	c := esc(command)
	return []slack.Block{
		section("*TradeGuard checks Alibaba.com suppliers and answers Trade Assurance questions.*"),
		section(fmt.Sprintf("• `%[1]s <paste or question>`: paste a supplier's profile, their messages or a proforma invoice, or ask a question.\n"+
			"• `%[1]s` on its own: opens a form for long pastes.\n"+
			"• `%[1]s case ACE-2026-000123`: the status of your case with AC&amp;E.\n"+
			"• `%[1]s withdraw ACE-2026-000123`: take your consent back before a lawyer accepts the case.\n"+
			"• Mention me in a channel or send me a direct message: I answer in a thread, and follow-ups in that thread use what you pasted before.", c)),
		note("Answers to the command are visible only to you. General information, not legal advice."),
	}
}

// caseStatusWords says where a case is, for the buyer.
var caseStatusWords = map[advisor.CaseStatus]string{
	advisor.CaseNew:       "sent to AC&amp;E, waiting for a lawyer",
	advisor.CaseAccepted:  "accepted by a lawyer",
	advisor.CaseClosed:    "closed",
	advisor.CaseWithdrawn: "withdrawn by you",
}

// CaseBlocks is the buyer's view of their own case.
func CaseBlocks(c *advisor.Case) []slack.Block {
	status := caseStatusWords[c.Status]
	if status == "" {
		status = clip(string(c.Status), 40)
	}
	text := fmt.Sprintf("*Case %s*: %s.\nOpened %s · last change %s", clip(c.Ref, 40), status,
		c.CreatedAt.UTC().Format("2 Jan 2006 15:04 MST"), c.UpdatedAt.UTC().Format("2 Jan 2006 15:04 MST"))
	if c.Resolution != "" {
		text += "\n*Resolution:* " + clip(oneLine(c.Resolution), 1500)
	}
	blocks := []slack.Block{section(text)}
	if c.Status == advisor.CaseNew {
		blocks = append(blocks, slack.NewActionBlock("tg_case", button(actionWithdraw, "Withdraw consent", c.Ref).WithStyle(slack.StyleDanger)))
	}
	return blocks
}

// lawyer renders a lawyer identity: a Slack mention for "slack:U…".
func lawyer(who string) string {
	if id, ok := strings.CutPrefix(who, "slack:"); ok && slackID(id) {
		return "<@" + id + ">"
	}
	if who == "" {
		return "a lawyer"
	}
	return clip(who, 80)
}

// money formats a US dollar amount as US$12,500.
func money(v float64) string {
	whole := int64(v + 0.5)
	s := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return "US$" + b.String()
}

// LawyerBlocks is a case as the lawyers' channel sees it, with Accept and
// Close while those still apply.
func LawyerBlocks(c *advisor.Case) []slack.Block {
	a := c.Advice
	amount := "not stated"
	if a.Facts.OrderAmountUSD != nil {
		amount = money(*a.Facts.OrderAmountUSD)
	}
	buyer := "slack user " + clip(c.Buyer.UserID, 30)
	if c.Buyer.Platform != "slack" {
		buyer = clip(c.Buyer.Platform, 20) + " user " + clip(c.Buyer.UserID, 30)
	}
	if c.Buyer.UserName != "" {
		buyer += " (" + clip(c.Buyer.UserName, 60) + ")"
	}
	if c.Buyer.TeamID != "" {
		buyer += ", team " + clip(c.Buyer.TeamID, 30)
	}
	var status string
	switch c.Status {
	case advisor.CaseNew:
		status = ":new: New, waiting for a lawyer"
	case advisor.CaseAccepted:
		status = ":briefcase: Accepted by " + lawyer(c.Lawyer)
	case advisor.CaseClosed:
		status = ":lock: Closed by " + lawyer(c.Lawyer)
	case advisor.CaseWithdrawn:
		status = ":leftwards_arrow_with_hook: Withdrawn by the buyer"
	default:
		status = clip(string(c.Status), 40)
	}
	fields := []*slack.TextBlockObject{
		md("*Level*\n" + levelEmoji[a.Level] + " " + esc(bot.LevelWords[a.Level])),
		md(fmt.Sprintf("*Score*\n%d/100", a.Score)),
		md("*Order amount*\n" + amount),
		md("*Buyer*\n" + buyer),
		md("*Consent given*\n" + c.Consent.At.UTC().Format("2 Jan 2006 15:04 MST") + " (text " + clip(c.Consent.Version, 20) + ")"),
		md("*Status*\n" + status),
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(cut("Case "+c.Ref, maxHeader))),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if flags := byRisk(a.Flags); len(flags) > 0 {
		var b strings.Builder
		b.WriteString("*Top red flags*")
		for _, f := range flags[:min(5, len(flags))] {
			fmt.Fprintf(&b, "\n%s %s (%s)", severityEmoji[f.Severity], clip(oneLine(f.Title), 150), clip(string(f.Severity), 20))
		}
		if len(flags) > 5 {
			fmt.Fprintf(&b, "\n…and %d more", len(flags)-5)
		}
		blocks = append(blocks, section(b.String()))
	}
	if a.EscalationReason != "" {
		blocks = append(blocks, section("*Why a lawyer:* "+clip(oneLine(a.EscalationReason), 1000)))
	}
	if c.Consent.Contact != "" {
		blocks = append(blocks, section("*Contact:* "+clip(oneLine(c.Consent.Contact), 300)))
	}
	if c.Consent.Note != "" {
		blocks = append(blocks, section("*Buyer's note:*\n"+quote(c.Consent.Note, 2000)))
	}
	if c.Resolution != "" {
		blocks = append(blocks, section("*Resolution:* "+clip(oneLine(c.Resolution), 2000)))
	}
	blocks = append(blocks, note("Full evidence packet: `tradeguard cases show "+clip(c.Ref, 40)+"`"))
	var buttons []slack.BlockElement
	if c.Status == advisor.CaseNew {
		buttons = append(buttons, button(actionAccept, "Accept", c.Ref).WithStyle(slack.StylePrimary))
	}
	if c.Status == advisor.CaseNew || c.Status == advisor.CaseAccepted {
		buttons = append(buttons, button(actionClose, "Close", c.Ref).WithStyle(slack.StyleDanger))
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("tg_lawyer", buttons...))
	}
	return blocks
}

// lawyerFallback is the notification text of a lawyers' channel message.
func lawyerFallback(c *advisor.Case) string {
	return fmt.Sprintf("Case %s: %s, score %d/100 (%s)", c.Ref, bot.LevelWords[c.Advice.Level], c.Advice.Score, c.Status)
}

// buyerNotice is what the buyer is told when a lawyer accepts or closes
// their case; ok is false for other notice kinds.
func buyerNotice(n advisor.Notice) (text string, ok bool) {
	c := n.Case
	switch n.Kind {
	case advisor.NoticeCaseAccepted:
		return fmt.Sprintf(":briefcase: A lawyer from AC&amp;E has accepted your case *%s* and will contact you. Check it any time with the case command.", clip(c.Ref, 40)), true
	case advisor.NoticeCaseClosed:
		text := fmt.Sprintf(":lock: Your case *%s* with AC&amp;E is closed.", clip(c.Ref, 40))
		if c.Resolution != "" {
			text += "\n*Resolution:* " + clip(oneLine(c.Resolution), 2000)
		}
		return text, true
	}
	return "", false
}
