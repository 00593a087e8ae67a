package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// outcome is how TradeGuard answers an interaction: a response sent at once
// (within Discord's 3 seconds) and optional work done after it was sent
// (an LLM answer, a case in the store, further messages), with the
// interaction token that stays valid for 15 minutes.
type outcome struct {
	resp  *discordgo.InteractionResponse
	after func(ctx context.Context)
	// must is set when the response promises the work (a deferred
	// response): then it may not be dropped.
	must bool
}

func data(m Message, flags discordgo.MessageFlags) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Flags: flags}
}

// reply answers with a new message, visible only to the user when private.
func reply(m Message, private bool) outcome {
	var flags discordgo.MessageFlags
	if private {
		flags = discordgo.MessageFlagsEphemeral
	}
	return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data(m, flags)}}
}

// update replaces the message the clicked component is on.
func update(m Message) outcome {
	if m.Components == nil {
		m.Components = []discordgo.MessageComponent{} // remove the buttons
	}
	if m.Embeds == nil {
		m.Embeds = []*discordgo.MessageEmbed{}
	}
	return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: data(m, 0)}}
}

// deferred shows "thinking…" (privately) and does the work after.
func deferred(after func(ctx context.Context)) outcome {
	return outcome{after: after, must: true, resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}}
}

// deferredUpdate acknowledges a click and edits its message after.
func deferredUpdate(after func(ctx context.Context)) outcome {
	return outcome{after: after, must: true, resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}}
}

func modal(id, title string, inputs ...discordgo.TextInput) outcome {
	rows := make([]discordgo.MessageComponent, len(inputs))
	for i, in := range inputs {
		rows[i] = discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}
	}
	return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{CustomID: id, Title: title, Components: rows}}}
}

// edit is the WebhookEdit that makes a response show m.
func edit(m Message) *discordgo.WebhookEdit {
	content, embeds, comps := m.Content, m.Embeds, m.Components
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

func followup(m Message, private bool) *discordgo.WebhookParams {
	p := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
	if private {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}

func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// Messages shown for refusals and failures.
const (
	msgNotOwner  = "Only the person who asked TradeGuard can use this button."
	msgExpired   = "I no longer have this conversation (it expired or TradeGuard restarted). Ask again and try once more."
	msgNotLawyer = "Only AC&E lawyers (members with the lawyers' role, in the lawyers' channel) can accept or close cases."
	msgNoRole    = "Lawyer actions are off: DISCORD_LAWYER_ROLE_ID is not set on this TradeGuard."
	msgUnknown   = "That button or command is not one TradeGuard knows (it may be from an older version)."
	msgBusy      = "TradeGuard is very busy right now. Please try again in a minute; nothing was sent."
)

// interact answers one interaction. Both the gateway and the HTTP endpoint
// come here; it returns quickly (the deterministic advice is instant) and
// leaves slow work to outcome.after.
func (b *Bot) interact(ctx context.Context, i *discordgo.Interaction) outcome {
	u := interactionUser(i)
	if u == nil || u.ID == "" {
		return reply(RenderNotice(msgUnknown), true)
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return b.command(ctx, i, u)
	case discordgo.InteractionModalSubmit:
		return b.modalSubmit(ctx, i, u)
	case discordgo.InteractionMessageComponent:
		return b.component(ctx, i, u)
	}
	return reply(RenderNotice(msgUnknown), true)
}

func (b *Bot) command(ctx context.Context, i *discordgo.Interaction, u *discordgo.User) outcome {
	d := i.ApplicationCommandData()
	if d.Name != "tradeguard" || len(d.Options) == 0 {
		return reply(RenderNotice(msgUnknown), true)
	}
	sub := d.Options[0]
	opt := func(name string) string {
		for _, o := range sub.Options {
			if o.Name == name {
				if s, ok := o.Value.(string); ok {
					return s
				}
			}
		}
		return ""
	}
	switch sub.Name {
	case "check":
		return modal(checkModalID, "Check a supplier", discordgo.TextInput{
			CustomID: "paste", Label: "Paste what the supplier sent you", Style: discordgo.TextInputParagraph,
			Placeholder: "Profile, chat messages, proforma invoice, bank details…", Required: true, MaxLength: 4000})
	case "ask":
		return b.answer(ctx, i, u, opt("question"))
	case "case":
		ref := opt("ref")
		who := b.identity(i, u, Scope{Owner: u.ID, Channel: i.ChannelID})
		return deferred(func(ctx context.Context) {
			c, err := b.Engine.BuyerCase(ctx, ref, who)
			m := RenderNotice(b.errorText(err))
			if err == nil {
				m = RenderCase(c)
			}
			b.editResponse(ctx, i, m)
		})
	case "help":
		return reply(RenderHelp(), true)
	}
	return reply(RenderNotice(msgUnknown), true)
}

// answer judges text for the user and replies privately with the verdict;
// with an LLM configured the answer is rewritten and the reply edited after.
func (b *Bot) answer(ctx context.Context, i *discordgo.Interaction, u *discordgo.User, text string) outcome {
	scope := Scope{Owner: u.ID, Channel: i.ChannelID}
	req := scope.request()
	req.Text = text
	if conv, ok := b.Engine.Conversation(req); ok {
		req.Context = conv.Paste // so an LLM rewrite sees the earlier paste too
	}
	adv := b.Engine.Advise(ctx, req)
	msgs := Render(adv, View{Scope: scope, Share: true})
	out := reply(msgs[0], true)
	if b.Engine.Writer == nil && len(msgs) == 1 {
		return out
	}
	out.after = func(ctx context.Context) {
		rest := msgs[1:]
		if better, ok := b.Engine.Rewrite(ctx, req, adv); ok {
			again := Render(better, View{Scope: scope, Share: true})
			b.editResponse(ctx, i, again[0])
			rest = again[1:]
		}
		for _, m := range rest {
			if err := b.api.Followup(ctx, i, followup(m, true)); err != nil {
				b.Log.Warn("discord: follow-up failed", "err", err)
				return
			}
		}
	}
	return out
}

func (b *Bot) editResponse(ctx context.Context, i *discordgo.Interaction, m Message) {
	if err := b.api.EditResponse(ctx, i, edit(m)); err != nil {
		b.Log.Warn("discord: editing a response failed", "err", err, "interaction", i.ID)
	}
}

// errorText is what a user sees for err: the coded message, or a generic one
// for internal errors, which are logged.
func (b *Bot) errorText(err error) string {
	if err == nil {
		return ""
	}
	if advisor.ErrorCode(err) == advisor.EINTERNAL {
		b.Log.Error("discord: internal error", "err", err)
		return "Something went wrong on our side; nothing was sent. Please try again."
	}
	return advisor.ErrorMessage(err)
}

// identity is the user as a case records them.
func (b *Bot) identity(i *discordgo.Interaction, u *discordgo.User, s Scope) advisor.Identity {
	return advisor.Identity{Platform: "discord", UserID: u.ID, UserName: u.Username, TeamID: i.GuildID,
		Channel: s.Channel, Thread: s.Thread}
}

// modalValues returns the text inputs of a submitted modal by custom ID.
func modalValues(i *discordgo.Interaction) map[string]string {
	out := map[string]string{}
	for _, row := range i.ModalSubmitData().Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if in, ok := c.(*discordgo.TextInput); ok {
				out[in.CustomID] = in.Value
			}
		}
	}
	return out
}

// parseID splits "tg:<action>:<rest…>".
func parseID(id string) (action string, args []string, ok bool) {
	parts := strings.Split(id, ":")
	if len(parts) < 2 || parts[0] != "tg" {
		return "", nil, false
	}
	return parts[1], parts[2:], true
}

func scopeOf(args []string) (Scope, bool) {
	if len(args) != 3 || args[0] == "" || args[1] == "" {
		return Scope{}, false
	}
	return Scope{Owner: args[0], Channel: args[1], Thread: args[2]}, true
}

func (b *Bot) modalSubmit(ctx context.Context, i *discordgo.Interaction, u *discordgo.User) outcome {
	d := i.ModalSubmitData()
	if d.CustomID == checkModalID {
		return b.answer(ctx, i, u, modalValues(i)["paste"])
	}
	action, args, ok := parseID(d.CustomID)
	if !ok {
		return reply(RenderNotice(msgUnknown), true)
	}
	switch action {
	case actNoteModal:
		s, ok := scopeOf(args)
		if !ok {
			break
		}
		if s.Owner != u.ID {
			return reply(RenderNotice(msgNotOwner), true)
		}
		v := modalValues(i)
		return b.escalate(i, u, s, strings.TrimSpace(v["contact"]), strings.TrimSpace(v["note"]))
	case actCloseForm:
		if len(args) != 1 {
			break
		}
		if o, refused := b.lawyerCheck(i); refused {
			return o
		}
		return b.closeCase(i, u, args[0], strings.TrimSpace(modalValues(i)["resolution"]))
	}
	return reply(RenderNotice(msgUnknown), true)
}

func (b *Bot) component(ctx context.Context, i *discordgo.Interaction, u *discordgo.User) outcome {
	action, args, ok := parseID(i.MessageComponentData().CustomID)
	if !ok {
		return reply(RenderNotice(msgUnknown), true)
	}
	switch action {
	case actCancel:
		return update(RenderNotice("Cancelled: nothing was sent to AC&E."))
	case actAccept:
		if len(args) != 1 {
			break
		}
		if o, refused := b.lawyerCheck(i); refused {
			return o
		}
		return b.acceptCase(i, u, args[0])
	case actClose:
		if len(args) != 1 {
			break
		}
		if o, refused := b.lawyerCheck(i); refused {
			return o
		}
		return modal(refID(actCloseForm, args[0]), "Close case "+args[0], discordgo.TextInput{
			CustomID: "resolution", Label: "Resolution (the buyer sees it)", Style: discordgo.TextInputParagraph,
			Placeholder: "What was done and what the buyer should do now", Required: true, MaxLength: 1000})
	case actWithdraw:
		if len(args) != 1 {
			break
		}
		ref, who := args[0], b.identity(i, u, Scope{})
		return deferredUpdate(func(ctx context.Context) {
			if b.Engine.Cases == nil {
				b.editResponse(ctx, i, RenderNotice(b.errorText(advisor.Errorf(advisor.EUNAVAILABLE, "Escalation is not set up on this TradeGuard."))))
				return
			}
			c, err := b.Engine.Cases.WithdrawCase(ctx, ref, who)
			if err != nil {
				b.followupNotice(ctx, i, b.errorText(err))
				return
			}
			b.editResponse(ctx, i, RenderCase(c))
		})
	}
	s, ok := scopeOf(args)
	if !ok {
		return reply(RenderNotice(msgUnknown), true)
	}
	if s.Owner != u.ID {
		return reply(RenderNotice(msgNotOwner), true)
	}
	switch action {
	case actEscalate:
		conv, ok := b.Engine.Conversation(s.request())
		if !ok || len(conv.Inputs) == 0 {
			return reply(RenderNotice(msgExpired), true)
		}
		return reply(RenderConsent(bot.Shared(conv), s), true)
	case actConfirm:
		return b.escalate(i, u, s, "", "")
	case actNote:
		return modal(s.customID(actNoteModal), "Send to AC&E", discordgo.TextInput{
			CustomID: "contact", Label: "How may a lawyer contact you? (optional)", Style: discordgo.TextInputShort,
			Placeholder: "E-mail or phone", MaxLength: 200}, discordgo.TextInput{
			CustomID: "note", Label: "Anything the lawyer should know? (optional)", Style: discordgo.TextInputParagraph,
			MaxLength: 1000})
	case actEvidence:
		conv, ok := b.Engine.Conversation(s.request())
		if !ok {
			return reply(RenderNotice(msgExpired), true)
		}
		msgs := RenderEvidence(conv.Last)
		out := reply(msgs[0], true)
		if len(msgs) > 1 {
			out.after = func(ctx context.Context) {
				for _, m := range msgs[1:] {
					if err := b.api.Followup(ctx, i, followup(m, true)); err != nil {
						b.Log.Warn("discord: evidence follow-up failed", "err", err)
						return
					}
				}
			}
		}
		return out
	case actShare:
		conv, ok := b.Engine.Conversation(s.request())
		if !ok {
			return reply(RenderNotice(msgExpired), true)
		}
		return reply(RenderShare(conv.Last, u.ID), false)
	}
	return reply(RenderNotice(msgUnknown), true)
}

// escalate creates the case after the buyer confirmed: the click is
// acknowledged at once and the consent message becomes the reference (or
// the reason nothing was sent). A retried or double click on the same
// consent message makes one case: the idempotency key is that message.
func (b *Bot) escalate(i *discordgo.Interaction, u *discordgo.User, s Scope, contact, note string) outcome {
	key := "discord:interaction:" + i.ID
	if i.Message != nil && i.Message.ID != "" {
		key = "discord:consent:" + i.Message.ID
	}
	consent := advisor.Consent{Buyer: b.identity(i, u, s), IdempotencyKey: key, Contact: contact, Note: note}
	return deferredUpdate(func(ctx context.Context) {
		c, err := b.Engine.Escalate(ctx, s.request(), consent)
		if err != nil {
			b.editResponse(ctx, i, RenderNotice(b.errorText(err)))
			return
		}
		b.Log.Info("discord: case created", "case", c.Ref, "user", advisor.Hash(u.ID))
		b.editResponse(ctx, i, RenderEscalated(c))
	})
}

func (b *Bot) followupNotice(ctx context.Context, i *discordgo.Interaction, text string) {
	if err := b.api.Followup(ctx, i, followup(RenderNotice(text), true)); err != nil {
		b.Log.Warn("discord: follow-up failed", "err", err)
	}
}

// lawyerCheck refuses lawyer actions to anyone without the lawyers' role or
// outside the lawyers' channel.
func (b *Bot) lawyerCheck(i *discordgo.Interaction) (outcome, bool) {
	if b.cfg.LawyerRoleID == "" {
		return reply(RenderNotice(msgNoRole), true), true
	}
	if i.Member == nil || (b.cfg.LawyersChannelID != "" && i.ChannelID != b.cfg.LawyersChannelID) {
		return reply(RenderNotice(msgNotLawyer), true), true
	}
	for _, r := range i.Member.Roles {
		if r == b.cfg.LawyerRoleID {
			return outcome{}, false
		}
	}
	return reply(RenderNotice(msgNotLawyer), true), true
}

func lawyerName(u *discordgo.User) string { return "discord:" + u.ID + " " + u.Username }

// acceptCase and closeCase change the case and redraw the lawyers' message
// with its new status; a case someone else changed first is redrawn as it is
// and the lawyer told why.
func (b *Bot) acceptCase(i *discordgo.Interaction, u *discordgo.User, ref string) outcome {
	return deferredUpdate(func(ctx context.Context) {
		b.lawyerAction(ctx, i, ref, func(cs advisor.CaseService) (*advisor.Case, error) {
			return cs.AcceptCase(ctx, ref, lawyerName(u))
		})
	})
}

func (b *Bot) closeCase(i *discordgo.Interaction, u *discordgo.User, ref, resolution string) outcome {
	return deferredUpdate(func(ctx context.Context) {
		b.lawyerAction(ctx, i, ref, func(cs advisor.CaseService) (*advisor.Case, error) {
			return cs.CloseCase(ctx, ref, lawyerName(u), resolution)
		})
	})
}

func (b *Bot) lawyerAction(ctx context.Context, i *discordgo.Interaction, ref string, change func(advisor.CaseService) (*advisor.Case, error)) {
	cs := b.Engine.Cases
	if cs == nil {
		b.followupNotice(ctx, i, "Escalation is not set up on this TradeGuard.")
		return
	}
	c, err := change(cs)
	if err != nil {
		b.followupNotice(ctx, i, b.errorText(err))
		if c, ferr := cs.FindCaseByRef(ctx, ref); ferr == nil {
			b.editResponse(ctx, i, RenderLawyerCase(c))
		}
		return
	}
	b.editResponse(ctx, i, RenderLawyerCase(c))
}
