package slack

import (
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"

	"tradeguard/bot"
)

// Modal limits (docs.slack.dev/reference/views).
const (
	maxModalTitle  = 24
	maxMetadata    = 3000
	maxInputLength = 3000 // plain_text_input max_length
)

// The paste form's boxes, in the order they are joined.
var pasteFields = []struct{ id, label, placeholder string }{
	{"profile", "Supplier profile", "Company name, years on Alibaba.com, Verified and Trade Assurance badges, ratings…"},
	{"messages", "Supplier's messages", "What the supplier wrote to you, in chat or by e-mail"},
	{"invoice", "Invoice or payment instructions", "Proforma invoice, bank details, payment terms"},
	{"question", "Your question (optional)", "For example: is it safe to pay this?"},
}

// viewMeta is what a modal carries through Slack in private_metadata: where
// the answer goes and, for escalation, the idempotency key.
type viewMeta struct {
	Channel     string `json:"c,omitempty"`
	Thread      string `json:"t,omitempty"`
	User        string `json:"u,omitempty"`
	ResponseURL string `json:"r,omitempty"`
	Key         string `json:"k,omitempty"`
	Ref         string `json:"ref,omitempty"` // a case reference
	MessageTS   string `json:"ts,omitempty"`  // the lawyers' message
}

func (m viewMeta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

func decodeMeta(s string) (viewMeta, bool) {
	var m viewMeta
	if len(s) > maxMetadata || json.Unmarshal([]byte(s), &m) != nil {
		return viewMeta{}, false
	}
	return m, true
}

func (m viewMeta) conv() ConvRef { return ConvRef{Channel: m.Channel, Thread: m.Thread, User: m.User} }

func modal(callback, title, submit string, meta viewMeta, blocks ...slack.Block) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain(cut(title, maxModalTitle)),
		Close:           plain("Cancel"),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: meta.encode(),
		CallbackID:      callback,
	}
	if submit != "" {
		v.Submit = plain(cut(submit, maxModalTitle))
	} else {
		v.Close = plain("Close")
	}
	return v
}

func textInput(id, label, placeholder string, multiline, optional bool, max int) slack.Block {
	el := slack.NewPlainTextInputBlockElement(nil, id)
	if placeholder != "" {
		el.Placeholder = plain(cut(placeholder, 150))
	}
	el.Multiline = multiline
	el.MaxLength = min(max, maxInputLength)
	in := slack.NewInputBlock(id, plain(cut(label, 2000)), nil, el)
	in.Optional = optional
	return in
}

// PasteView is the form the slash command opens when it has no text: one
// box per kind of paste, each up to Slack's 3,000 characters.
func PasteView(meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		section("Paste what you have in any of the boxes. The answer is visible only to you."),
	}
	for _, f := range pasteFields {
		blocks = append(blocks, textInput(f.id, f.label, f.placeholder, true, true, maxInputLength))
	}
	return modal(callbackPaste, "Check a supplier", "Check", meta, blocks...)
}

// pasteText joins the boxes of a submitted paste form.
func pasteText(state *slack.ViewState) string {
	var parts []string
	for _, f := range pasteFields {
		if v := strings.TrimSpace(inputValue(state, f.id)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "\n\n")
}

func inputValue(state *slack.ViewState, id string) string {
	if state == nil {
		return ""
	}
	return state.Values[id][id].Value
}

// ConsentView asks the buyer to confirm an escalation, listing exactly what
// will be shared and the consent statement, with optional contact and note.
func ConsentView(conv bot.Conversation, meta viewMeta) slack.ModalViewRequest {
	var b strings.Builder
	b.WriteString("*If you confirm, TradeGuard sends the AC&amp;E legal team:*")
	for _, item := range bot.Shared(conv) {
		b.WriteString("\n• " + clip(item, 400))
	}
	return modal(callbackEscalate, "Escalate to AC&E", "Send to AC&E", meta,
		section(b.String()),
		section("*Your consent:* _"+clip(bot.ConsentText, 1500)+"_"),
		textInput("contact", "How can the lawyer reach you? (optional)", "E-mail or phone; otherwise they reply here", false, true, 200),
		textInput("note", "Anything the lawyer should know? (optional)", "What happened, what you need, deadlines", true, true, 2000),
		note("Consent statement version "+esc(bot.ConsentVersion)+". Until a lawyer accepts the case you can withdraw with the case command."),
	)
}

// statusView replaces a submitted modal with a message and a Close button.
func statusView(title, text string) slack.ModalViewRequest {
	return modal("status", title, "", viewMeta{}, section(text))
}

// CloseView asks a lawyer for the resolution of the case being closed.
func CloseView(ref string, meta viewMeta) slack.ModalViewRequest {
	return modal(callbackClose, "Close case", "Close case", meta,
		section("Closing *"+clip(ref, 40)+"*. The buyer is told the resolution."),
		textInput("resolution", "Resolution (the buyer sees this)", "What was done and what the buyer should do next", true, false, 2000),
	)
}
