package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// Discord's message limits (resources/message): a violation is a 400.
const (
	maxContent      = 2000
	maxEmbeds       = 10
	maxEmbedTotal   = 6000 // all embeds of one message together
	maxTitle        = 256
	maxDescription  = 4096
	maxFields       = 25
	maxFieldName    = 256
	maxFieldValue   = 1024
	maxFooter       = 2048
	maxCustomID     = 100
	maxButtonsInRow = 5
	maxRows         = 5
	maxLabel        = 80
	// maxMessages bounds how many messages one answer may take.
	maxMessages = 10
)

// Message is one Discord message as TradeGuard renders it: text, embeds and
// button rows, already within Discord's limits. Mentions are never parsed
// when it is sent (see noMentions).
type Message struct {
	Content    string                       `json:"content,omitempty"`
	Embeds     []*discordgo.MessageEmbed    `json:"embeds,omitempty"`
	Components []discordgo.MessageComponent `json:"components,omitempty"`
}

// noMentions is sent with every message: nothing in it may ping anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Level colours. The title always says the level in words too.
var levelColour = map[advisor.Level]int{
	advisor.LevelNone:     0x95A5A6, // grey
	advisor.LevelLow:      0x2ECC71, // green
	advisor.LevelMedium:   0xF1C40F, // amber
	advisor.LevelHigh:     0xE67E22, // orange
	advisor.LevelCritical: 0xE74C3C, // red
}

// Scope names the conversation a reply belongs to and the buyer who owns it.
// It travels in button custom IDs, so a click finds the conversation again
// and only its owner can escalate or share it.
type Scope struct {
	Owner   string // user ID of the buyer
	Channel string // the channel (a thread's parent) or DM channel
	Thread  string // the thread ID, or ""
}

// request returns the advisor request that addresses the scope's conversation.
func (s Scope) request() advisor.Request {
	return advisor.Request{Platform: "discord", User: s.Owner, Channel: s.Channel, Thread: s.Thread}
}

// customID returns "tg:<action>:<owner>:<channel>:<thread>", or "" when that
// would exceed Discord's 100 characters.
func (s Scope) customID(action string) string {
	id := "tg:" + action + ":" + s.Owner + ":" + s.Channel + ":" + s.Thread
	if len(id) > maxCustomID {
		return ""
	}
	return id
}

// Actions carried in custom IDs.
const (
	actEscalate  = "esc"     // Escalate to AC&E → consent step
	actConfirm   = "escok"   // consent given
	actNote      = "escnote" // consent with contact/note → modal
	actNoteModal = "escm"    // modal submitted
	actCancel    = "escno"   // consent refused
	actEvidence  = "ev"      // Show all evidence
	actShare     = "share"   // Share in channel
	actWithdraw  = "wd"      // buyer withdraws a case: tg:wd:<ref>
	actAccept    = "acc"     // lawyer accepts: tg:acc:<ref>
	actClose     = "close"   // lawyer closes → modal tg:closem:<ref>
	actCloseForm = "closem"
	checkModalID = "tg:check"
)

// refID returns "tg:<action>:<ref>".
func refID(action, ref string) string { return clipID("tg:" + action + ":" + ref) }

func clipID(id string) string {
	if len(id) > maxCustomID {
		return ""
	}
	return id
}

// View says how a verdict is shown.
type View struct {
	Scope Scope
	// Share adds the "Share in channel" button (for ephemeral answers).
	Share bool
}

// levelTitle is the embed title: the level in words and the score.
func levelTitle(a advisor.Advice) string {
	words := bot.LevelWords[a.Level]
	if words == "" {
		words = bot.LevelWords[advisor.LevelNone]
	}
	if a.Level == advisor.LevelNone || a.Level == "" {
		if len(a.Citations) > 0 {
			return words + " · answer from the guide"
		}
		return words
	}
	return fmt.Sprintf("%s · score %d/100", words, a.Score)
}

func colour(l advisor.Level) int {
	if c, ok := levelColour[l]; ok {
		return c
	}
	return levelColour[advisor.LevelNone]
}

func footer(a advisor.Advice) *discordgo.MessageEmbedFooter {
	src := "guide"
	if a.AnswerSource == "llm" {
		src = "AI-written from the guide; the verdict is rule-based"
	}
	text := "TradeGuard · not legal advice · answer: " + src
	if a.Ruleset != "" {
		text += " · rules " + a.Ruleset
	}
	return &discordgo.MessageEmbedFooter{Text: clip(neutralise(text), 300)}
}

func severityWord(s advisor.Severity) string {
	if s == "" {
		return "flag"
	}
	return string(s)
}

// flagField renders one red flag: its title and severity, the quoted
// evidence and the advice, each clipped to the given lengths.
func flagField(i int, f advisor.Flag, evidence, advice int) *discordgo.MessageEmbedField {
	name := clip(fmt.Sprintf("%d. %s (%s)", i+1, neutralise(f.Title), severityWord(f.Severity)), maxFieldName)
	var v strings.Builder
	if ev := strings.TrimSpace(f.Evidence); ev != "" {
		v.WriteString(quote(clip(neutralise(ev), evidence)))
		v.WriteString("\n")
	}
	if ad := strings.TrimSpace(f.Advice); ad != "" {
		v.WriteString("**What to do:** ")
		v.WriteString(clip(neutralise(ad), advice))
	}
	value := clip(v.String(), maxFieldValue)
	if value == "" {
		value = "—"
	}
	return &discordgo.MessageEmbedField{Name: name, Value: value}
}

func fieldsLen(fs []*discordgo.MessageEmbedField) int {
	n := 0
	for _, f := range fs {
		n += dlen(f.Name) + dlen(f.Value)
	}
	return n
}

func sourcesField(cs []advisor.Citation) *discordgo.MessageEmbedField {
	var lines []string
	for _, c := range cs {
		line := "• " + neutralise(c.Title)
		if c.Source != "" {
			line += " (" + neutralise(c.Source) + ")"
		}
		lines = append(lines, clip(line, 200))
	}
	return &discordgo.MessageEmbedField{Name: "Sources", Value: clipLines(lines, maxFieldValue)}
}

// clipLines joins lines, dropping whole lines (and saying how many) rather
// than exceeding max.
func clipLines(lines []string, max int) string {
	var b strings.Builder
	for i, l := range lines {
		more := ""
		if rest := len(lines) - i - 1; rest > 0 {
			more = fmt.Sprintf("\n…and %d more", rest)
		}
		if dlen(b.String())+dlen(l)+1+dlen(more) > max {
			fmt.Fprintf(&b, "…and %d more", len(lines)-i)
			return strings.TrimSpace(b.String())
		}
		b.WriteString(l)
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}

// embedLen is what an embed counts against the 6,000 characters of a message.
func embedLen(e *discordgo.MessageEmbed) int {
	n := dlen(e.Title) + dlen(e.Description) + fieldsLen(e.Fields)
	if e.Footer != nil {
		n += dlen(e.Footer.Text)
	}
	if e.Author != nil {
		n += dlen(e.Author.Name)
	}
	return n
}

// fitEmbed is the last guard on a single-embed message: it shortens the
// description, then drops trailing fields, until the embed is within
// Discord's 6,000 characters.
func fitEmbed(e *discordgo.MessageEmbed) *discordgo.MessageEmbed {
	for over := embedLen(e) - maxEmbedTotal; over > 0; over = embedLen(e) - maxEmbedTotal {
		if d := dlen(e.Description); d > over+50 {
			e.Description = clip(e.Description, d-over-1)
		} else if len(e.Fields) > 0 {
			e.Fields = e.Fields[:len(e.Fields)-1]
		} else {
			e.Description = ""
		}
	}
	return e
}

// Render turns advice into the messages of one reply: a verdict embed whose
// colour and title carry the level, a field per red flag with its quoted
// evidence and advice, the answer as the description, the sources, and the
// buttons; an answer too long for one message continues in further messages.
// User and LLM text is neutralised, and every Discord limit holds.
func Render(a advisor.Advice, v View) []Message {
	e := &discordgo.MessageEmbed{
		Type:   discordgo.EmbedTypeRich,
		Title:  clip(levelTitle(a), maxTitle),
		Color:  colour(a.Level),
		Footer: footer(a),
	}
	var tail []*discordgo.MessageEmbedField
	if a.Escalate {
		reason := strings.TrimSpace(neutralise(a.EscalationReason))
		if reason != "" {
			reason += "\n"
		}
		tail = append(tail, &discordgo.MessageEmbedField{Name: "This may need a lawyer",
			Value: clip(reason, 600) + "\nPress **Escalate to AC&E** to send this conversation to the AC&E legal team; you see what is shared and confirm first."})
	}
	if len(a.Citations) > 0 {
		tail = append(tail, sourcesField(a.Citations))
	}
	fixed := dlen(e.Title) + dlen(e.Footer.Text) + fieldsLen(tail)

	answer := neutralise(strings.TrimSpace(a.Answer))
	if a.Truncated {
		answer = "*Your message was long: only its first part was checked.*\n\n" + answer
	}
	// Flags: shorten evidence and advice, then drop flags (pointing at "Show
	// all evidence"), until the verdict leaves room for some of the answer.
	answerRoom := dlen(answer)
	if answerRoom > 1200 {
		answerRoom = 1200
	}
	var all []*discordgo.MessageEmbedField
	for _, lim := range [][2]int{{300, 400}, {160, 240}, {90, 160}} {
		all = all[:0]
		for i, f := range a.Flags {
			all = append(all, flagField(i, f, lim[0], lim[1]))
		}
		if fixed+fieldsLen(all)+answerRoom <= maxEmbedTotal {
			break
		}
	}
	room := maxFields - len(tail)
	var flags []*discordgo.MessageEmbedField
	for keep := len(all); keep >= 0; keep-- {
		flags = append([]*discordgo.MessageEmbedField(nil), all[:keep]...)
		if keep < len(all) {
			flags = append(flags, &discordgo.MessageEmbedField{Name: fmt.Sprintf("…and %d more red flags", len(all)-keep),
				Value: "Press **Show all evidence** to see every flag with its evidence."})
		}
		if len(flags) <= room && fixed+fieldsLen(flags)+answerRoom <= maxEmbedTotal {
			break
		}
	}
	if a.Level != advisor.LevelNone && a.Level != "" && len(a.Flags) == 0 {
		flags = append(flags, &discordgo.MessageEmbedField{Name: "Red flags", Value: "None found in what you sent."})
	}
	e.Fields = append(flags, tail...)

	room = maxEmbedTotal - dlen(e.Title) - dlen(e.Footer.Text) - fieldsLen(e.Fields)
	if room > maxDescription {
		room = maxDescription
	}
	var rest string
	if room > 0 {
		e.Description, rest = cut(answer, room)
	} else {
		rest = answer
	}
	msgs := []Message{{Embeds: []*discordgo.MessageEmbed{e}, Components: verdictButtons(a, v)}}
	parts, more := splitMessage(rest, maxContent, maxMessages-1)
	for _, part := range parts {
		msgs = append(msgs, Message{Content: part})
	}
	if more {
		last := &msgs[len(msgs)-1]
		if last.Content != "" {
			last.Content = clip(last.Content, maxContent-40) + "\n*(answer shortened)*"
		} else {
			e.Description = clip(e.Description, room-40) + "\n*(answer shortened)*"
		}
	}
	return msgs
}

func button(label, id string, style discordgo.ButtonStyle) discordgo.Button {
	return discordgo.Button{Label: label, CustomID: id, Style: style}
}

// verdictButtons are Escalate (only when advised), Show all evidence (when
// there are flags) and Share in channel (for ephemeral answers).
func verdictButtons(a advisor.Advice, v View) []discordgo.MessageComponent {
	var bs []discordgo.MessageComponent
	if id := v.Scope.customID(actEscalate); a.Escalate && id != "" {
		bs = append(bs, button("Escalate to AC&E", id, discordgo.DangerButton))
	}
	if id := v.Scope.customID(actEvidence); len(a.Flags) > 0 && id != "" {
		bs = append(bs, button("Show all evidence", id, discordgo.SecondaryButton))
	}
	if id := v.Scope.customID(actShare); v.Share && id != "" {
		bs = append(bs, button("Share in channel", id, discordgo.SecondaryButton))
	}
	if len(bs) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: bs}}
}

// RenderEvidence lists every flag with its full evidence and advice, as
// plain messages split cleanly at Discord's 2,000 characters.
func RenderEvidence(a advisor.Advice) []Message {
	if len(a.Flags) == 0 {
		return []Message{{Content: "No red flags were found, so there is no evidence to show."}}
	}
	var b strings.Builder
	for i, f := range a.Flags {
		fmt.Fprintf(&b, "**%d. %s** (%s)\n", i+1, neutralise(strings.TrimSpace(f.Title)), severityWord(f.Severity))
		if ev := strings.TrimSpace(f.Evidence); ev != "" {
			b.WriteString(quote(neutralise(ev)))
			b.WriteString("\n")
		}
		if ad := strings.TrimSpace(f.Advice); ad != "" {
			b.WriteString("**What to do:** " + neutralise(ad) + "\n")
		}
		if f.Source != "" {
			b.WriteString("*Source: " + neutralise(f.Source) + "*\n")
		}
		b.WriteString("\n")
	}
	var msgs []Message
	parts, more := splitMessage(b.String(), maxContent, maxMessages)
	for _, part := range parts {
		msgs = append(msgs, Message{Content: part})
	}
	if more {
		last := &msgs[len(msgs)-1]
		last.Content = clip(last.Content, maxContent-40) + "\n*(list shortened)*"
	}
	return msgs
}

// RenderShare is the summary a buyer posts in the channel: the verdict, the
// flags and a short answer, with personal and bank details masked
// (advisor.Redact) and the full evidence left out.
func RenderShare(a advisor.Advice, user string) Message {
	e := &discordgo.MessageEmbed{
		Type:   discordgo.EmbedTypeRich,
		Title:  clip(levelTitle(a), maxTitle),
		Color:  colour(a.Level),
		Footer: &discordgo.MessageEmbedFooter{Text: "Shared from a private TradeGuard check · personal and bank details masked · not legal advice"},
	}
	e.Description = clip(neutralise(advisor.Redact(a.Answer)), 1500)
	for i, f := range a.Flags {
		if i == 8 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: fmt.Sprintf("…and %d more red flags", len(a.Flags)-i), Value: "Ask TradeGuard to check your own supplier."})
			break
		}
		value := "—"
		if ev := strings.TrimSpace(f.Evidence); ev != "" {
			value = quote(clip(neutralise(advisor.Redact(ev)), 200))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  clip(fmt.Sprintf("%d. %s (%s)", i+1, neutralise(f.Title), severityWord(f.Severity)), 120),
			Value: clip(value, 300)})
	}
	content := ""
	if user != "" {
		content = "<@" + user + "> shared a TradeGuard check:"
	}
	return Message{Content: content, Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}}
}

// RenderConsent is the consent step before escalation: what will be shared,
// the consent statement, and the buttons to confirm (with or without a
// contact and note) or cancel.
func RenderConsent(shared []string, s Scope) Message {
	var b strings.Builder
	b.WriteString("**What will be shared with the AC&E legal team:**\n")
	for _, item := range shared {
		b.WriteString("• " + neutralise(item) + "\n")
	}
	b.WriteString("\n**By confirming you agree:** " + bot.ConsentText)
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Send this conversation to AC&E?",
		Description: clip(b.String(), maxDescription),
		Color:       levelColour[advisor.LevelHigh],
		Footer:      &discordgo.MessageEmbedFooter{Text: "Consent statement version " + bot.ConsentVersion + " · nothing is sent until you confirm"},
	}
	var bs []discordgo.MessageComponent
	if id := s.customID(actConfirm); id != "" {
		bs = append(bs, button("Confirm and send", id, discordgo.SuccessButton))
	}
	if id := s.customID(actNote); id != "" {
		bs = append(bs, button("Add contact or note…", id, discordgo.PrimaryButton))
	}
	bs = append(bs, button("Cancel", "tg:"+actCancel, discordgo.SecondaryButton))
	return Message{Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: bs}}}
}

// RenderEscalated tells the buyer the case was created, with its reference
// and a way to withdraw it.
func RenderEscalated(c *advisor.Case) Message {
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: clip("Sent to AC&E: case "+c.Ref, maxTitle),
		Description: "Your conversation was sent to the AC&E legal team. A lawyer will review it and contact you.\n\n" +
			"Check its status any time with `/tradeguard case ref:" + c.Ref + "`. You can withdraw it until a lawyer accepts it.",
		Color: levelColour[advisor.LevelLow],
	}
	return Message{Embeds: []*discordgo.MessageEmbed{e}, Components: withdrawRow(c)}
}

func withdrawRow(c *advisor.Case) []discordgo.MessageComponent {
	id := refID(actWithdraw, c.Ref)
	if c.Status != advisor.CaseNew || id == "" {
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		button("Withdraw", id, discordgo.SecondaryButton)}}}
}

var statusWords = map[advisor.CaseStatus]string{
	advisor.CaseNew:       "New: waiting for a lawyer",
	advisor.CaseAccepted:  "Accepted by a lawyer",
	advisor.CaseClosed:    "Closed",
	advisor.CaseWithdrawn: "Withdrawn by the buyer",
}

func statusText(s advisor.CaseStatus) string {
	if w, ok := statusWords[s]; ok {
		return w
	}
	return string(s)
}

// RenderCase shows a buyer their own case.
func RenderCase(c *advisor.Case) Message {
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: clip("Case "+c.Ref+" · "+statusText(c.Status), maxTitle),
		Color: statusColour(c.Status),
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Status", Value: statusText(c.Status), Inline: true},
			{Name: "Opened", Value: c.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), Inline: true},
		},
	}
	if c.Resolution != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Resolution", Value: clip(neutralise(c.Resolution), maxFieldValue)})
	}
	return Message{Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}, Components: withdrawRow(c)}
}

func statusColour(s advisor.CaseStatus) int {
	switch s {
	case advisor.CaseNew:
		return levelColour[advisor.LevelHigh]
	case advisor.CaseAccepted:
		return levelColour[advisor.LevelMedium]
	}
	return levelColour[advisor.LevelNone]
}

// RenderLawyerCase is a case as the lawyers' channel shows it: reference,
// verdict, flags (evidence masked: the full packet stays in the case store),
// the buyer and how to reach them, consent, status; "Accept" while new and
// "Close" until closed.
func RenderLawyerCase(c *advisor.Case) Message {
	a := c.Advice
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: clip(fmt.Sprintf("Case %s · %s", c.Ref, levelTitle(a)), maxTitle),
		Color: colour(a.Level),
	}
	var d strings.Builder
	if r := strings.TrimSpace(a.EscalationReason); r != "" {
		d.WriteString("**Why:** " + neutralise(r) + "\n")
	}
	if n := strings.TrimSpace(c.Consent.Note); n != "" {
		d.WriteString("**Buyer's note:**\n" + quote(neutralise(n)) + "\n")
	}
	e.Description = clip(d.String(), 1500)
	buyer := c.Buyer.Platform + " user " + c.Buyer.UserID
	if c.Buyer.Platform == "discord" {
		buyer = "<@" + c.Buyer.UserID + ">"
	}
	if c.Buyer.UserName != "" {
		buyer += " (" + neutralise(c.Buyer.UserName) + ")"
	}
	status := statusText(c.Status)
	if c.Lawyer != "" {
		status += " · " + neutralise(c.Lawyer)
	}
	e.Fields = []*discordgo.MessageEmbedField{
		{Name: "Status", Value: clip(status, maxFieldValue), Inline: true},
		{Name: "Buyer", Value: clip(buyer, maxFieldValue), Inline: true},
	}
	if ct := strings.TrimSpace(c.Consent.Contact); ct != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Contact", Value: clip(neutralise(ct), maxFieldValue), Inline: true})
	}
	if facts := factLines(a.Facts); facts != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Facts", Value: clip(facts, maxFieldValue)})
	}
	var flags []string
	for i, f := range a.Flags {
		line := fmt.Sprintf("%d. **%s** (%s)", i+1, neutralise(f.Title), severityWord(f.Severity))
		if ev := strings.TrimSpace(f.Evidence); ev != "" {
			line += ": “" + clip(strings.Join(strings.Fields(neutralise(advisor.Redact(ev))), " "), 120) + "”"
		}
		flags = append(flags, line)
	}
	if len(flags) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Red flags", Value: clipLines(flags, maxFieldValue)})
	}
	if c.Resolution != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Resolution", Value: clip(neutralise(c.Resolution), maxFieldValue)})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: clip(fmt.Sprintf("Consent %s given %s · %d messages in the packet · opened %s",
		c.Consent.Version, c.Consent.At.UTC().Format("2006-01-02 15:04 UTC"), len(c.Inputs), c.CreatedAt.UTC().Format("2006-01-02 15:04 UTC")), maxFooter)}
	var bs []discordgo.MessageComponent
	if id := refID(actAccept, c.Ref); c.Status == advisor.CaseNew && id != "" {
		bs = append(bs, button("Accept", id, discordgo.SuccessButton))
	}
	if id := refID(actClose, c.Ref); (c.Status == advisor.CaseNew || c.Status == advisor.CaseAccepted) && id != "" {
		bs = append(bs, button("Close", id, discordgo.DangerButton))
	}
	comps := []discordgo.MessageComponent{}
	if len(bs) > 0 {
		comps = []discordgo.MessageComponent{discordgo.ActionsRow{Components: bs}}
	}
	return Message{Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}, Components: comps}
}

// factLines lists the headline facts of a case (amount, payment, beneficiary).
func factLines(f advisor.Facts) string {
	var lines []string
	add := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			lines = append(lines, "**"+k+":** "+clip(neutralise(v), 150))
		}
	}
	add("Supplier", f.SupplierName)
	if f.OrderAmountUSD != nil {
		add("Order", fmt.Sprintf("US$%.0f", *f.OrderAmountUSD))
	}
	add("Payment", f.PaymentMethod)
	add("Payment status", f.PaymentStatus)
	add("Beneficiary", f.BeneficiaryName)
	add("Beneficiary country", f.BeneficiaryCountry)
	add("Delivered", f.DeliveryDate)
	return strings.Join(lines, "\n")
}

// RenderBuyerNotice tells a buyer their case changed. Private is false when
// it goes to a shared thread: then the resolution is left out.
func RenderBuyerNotice(n advisor.Notice, private bool) Message {
	c := n.Case
	var text string
	switch n.Kind {
	case advisor.NoticeCaseAccepted:
		text = "Your case **" + c.Ref + "** was accepted by an AC&E lawyer, who will contact you."
	case advisor.NoticeCaseClosed:
		text = "Your case **" + c.Ref + "** was closed."
		if r := strings.TrimSpace(c.Resolution); r != "" && private {
			text += "\n**Resolution:**\n" + quote(clip(neutralise(r), 1500))
		} else if r != "" {
			text += " The lawyer's resolution is in `/tradeguard case ref:" + c.Ref + "`."
		}
	default:
		text = "Your case **" + c.Ref + "** is now: " + statusText(c.Status) + "."
	}
	return Message{Content: clip(text, maxContent)}
}

// helpText explains the commands and what happens to what the buyer sends.
const helpText = "**TradeGuard checks suppliers before you pay and answers questions about Trade Assurance.**\n\n" +
	"• `/tradeguard check`: paste a supplier's profile, chat, proforma invoice or bank details (up to 4,000 characters) and get a risk verdict with the red flags, the exact words that triggered them, and what to do.\n" +
	"• `/tradeguard ask question:`: ask about Trade Assurance coverage, disputes, deadlines or paying safely.\n" +
	"• `/tradeguard case ref:`: see the status of a case you sent to AC&E.\n" +
	"• Mention me or send me a direct message: I answer in a thread (or the DM), and follow-up questions there use your earlier paste.\n\n" +
	"Answers to commands are only visible to you; **Share in channel** posts a summary with personal and bank details masked. " +
	"When a case may need a lawyer, **Escalate to AC&E** shows exactly what would be shared and sends nothing until you confirm.\n\n" +
	"*TradeGuard gives information, not legal advice.*"

// RenderHelp is the help message.
func RenderHelp() Message {
	return Message{Embeds: []*discordgo.MessageEmbed{{
		Type: discordgo.EmbedTypeRich, Title: "TradeGuard help", Description: helpText, Color: levelColour[advisor.LevelNone]}}}
}

// RenderNotice is a short plain message (errors, refusals, confirmations).
func RenderNotice(text string) Message {
	return Message{Content: clip(text, maxContent)}
}
