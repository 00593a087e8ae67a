// Package term is TradeGuard's terminal chat: multi-line pastes, follow-up
// questions against the last paste, and escalation with consent.
package term

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"tradeguard/advisor"
	"tradeguard/bot"
)

// Chat runs a terminal conversation with the engine.
type Chat struct {
	Engine *bot.Engine
	In     io.Reader
	Out    io.Writer
	// User names the buyer in cases (default: "terminal").
	User string
}

const greeting = `TradeGuard — paste a supplier's profile, chat or invoice, or ask about Trade Assurance.
End a paste with an empty line. A one-line question ending in "?" is sent at once.
Words: help, escalate, status REF, withdraw REF, new (forget the last paste), quit.
`

const help = `Paste what the supplier sent you (profile, messages, proforma invoice, bank details),
then press Enter on an empty line. I will give a risk verdict, the red flags with the
exact words that triggered them, and what to do. Ask follow-up questions about the same
paste, or general questions about Trade Assurance and disputes.
  escalate      send this conversation to the AC&E legal team (you confirm first)
  status REF    where your case stands (REF is the reference you were given)
  withdraw REF  take your consent back before a lawyer accepts the case
  new           forget the last paste and start over
  quit          leave
`

// maxMessage bounds one message read from the terminal.
const maxMessage = 4 << 20

// Run talks until quit, end of input or ctx is done.
func (c *Chat) Run(ctx context.Context) error {
	user := c.User
	if user == "" {
		user = "terminal"
	}
	req := advisor.Request{Platform: "terminal", User: user, Channel: "tty"}
	sc := bufio.NewScanner(c.In)
	sc.Buffer(make([]byte, 64<<10), maxMessage)
	fmt.Fprint(c.Out, greeting)
	for ctx.Err() == nil {
		fmt.Fprint(c.Out, "\n> ")
		msg, ok := c.readMessage(sc)
		if !ok {
			fmt.Fprintln(c.Out)
			return sc.Err()
		}
		switch strings.ToLower(strings.TrimSpace(msg)) {
		case "":
			continue
		case "quit", "exit", "bye", "q":
			fmt.Fprintln(c.Out, "Bye. Stay safe: pay only through the order page on Alibaba.com.")
			return nil
		case "help", "?":
			fmt.Fprint(c.Out, help)
			continue
		case "new", "reset", "clear":
			c.Engine.Forget(req)
			fmt.Fprintln(c.Out, "Forgotten. Paste the next supplier's details.")
			continue
		case "escalate":
			c.escalate(ctx, sc, req)
			continue
		}
		if word, ref, ok := caseCommand(msg); ok {
			c.caseCommand(ctx, req, word, ref)
			continue
		}
		r := req
		r.Text = msg
		adv := c.Engine.Advise(ctx, r)
		// The verdict never waits for the LLM: print it, then the fuller
		// answer if one arrives within the budget.
		fmt.Fprint(c.Out, "\n"+bot.Text(adv))
		if c.Engine.Writer != nil {
			fmt.Fprintln(c.Out, "\n(asking the AI assistant for a fuller answer…)")
			if better, ok := c.Engine.Rewrite(ctx, r, adv); ok {
				fmt.Fprint(c.Out, "\n"+llmText(better))
			} else {
				fmt.Fprintln(c.Out, "(no AI answer this time; the answer above is from the guide)")
			}
		}
		if adv.Escalate && c.Engine.Cases != nil {
			fmt.Fprintln(c.Out, `Type "escalate" to hand this case to the AC&E legal team (you will confirm first).`)
		}
	}
	return ctx.Err()
}

// llmText renders an LLM-written answer and its sources; the verdict and
// flags printed before it are the rules' and do not change.
func llmText(a advisor.Advice) string {
	var b strings.Builder
	b.WriteString("AI-written answer, from the guide passages cited (the verdict above is unchanged):\n")
	b.WriteString(a.Answer)
	b.WriteString("\n")
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "  - %s (%s)\n", c.Title, c.Source)
		}
	}
	return b.String()
}

// readMessage reads one message: a command word or a one-line question at
// once, otherwise lines until an empty line or end of input.
func (c *Chat) readMessage(sc *bufio.Scanner) (string, bool) {
	var lines []string
	for sc.Scan() {
		line := sc.Text()
		if len(lines) == 0 {
			t := strings.TrimSpace(line)
			if t == "" {
				return "", true
			}
			if _, _, cmd := caseCommand(t); isWord(t) || cmd || (strings.HasSuffix(t, "?") && len(t) < 500) {
				return t, true
			}
		} else if strings.TrimSpace(line) == "" {
			return strings.Join(lines, "\n"), true
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		return strings.Join(lines, "\n"), true
	}
	return "", false
}

func isWord(s string) bool {
	switch strings.ToLower(s) {
	case "quit", "exit", "bye", "q", "help", "?", "new", "reset", "clear", "escalate":
		return true
	}
	return false
}

// escalate asks for consent, contact and a note, then creates the case.
func (c *Chat) escalate(ctx context.Context, sc *bufio.Scanner, req advisor.Request) {
	if c.Engine.Cases == nil {
		fmt.Fprintln(c.Out, "Escalation is not set up here; nothing was sent.")
		return
	}
	conv, ok := c.Engine.Conversation(req)
	if !ok || len(conv.Inputs) == 0 {
		fmt.Fprintln(c.Out, "There is nothing to escalate yet: paste the supplier's details first.")
		return
	}
	fmt.Fprintln(c.Out, "\nThis sends your case to the AC&E legal team. They will receive:")
	for _, s := range bot.Shared(conv) {
		fmt.Fprintf(c.Out, "  - %s\n", s)
	}
	fmt.Fprintf(c.Out, "\n%s\n", bot.ConsentText)
	answer := c.ask(sc, `Type "yes" to send, anything else to cancel: `)
	if !strings.EqualFold(strings.TrimSpace(answer), "yes") {
		fmt.Fprintln(c.Out, "Cancelled; nothing was sent.")
		return
	}
	contact := c.ask(sc, "How should the lawyer reach you (e-mail or phone, optional): ")
	note := c.ask(sc, "Anything the lawyer should know (optional): ")
	cs, err := c.Engine.Escalate(ctx, req, advisor.Consent{
		Buyer:   advisor.Identity{Platform: req.Platform, UserID: req.User, UserName: req.User, Channel: req.Channel},
		Contact: strings.TrimSpace(contact),
		Note:    strings.TrimSpace(note),
	})
	if err != nil {
		fmt.Fprintf(c.Out, "The case could not be created: %s Nothing was sent.\n", advisor.ErrorMessage(err))
		return
	}
	fmt.Fprintf(c.Out, "Your case reference is %s. It is saved, and the AC&E legal team is being notified.\n"+
		"Check it with \"status %s\" here or: tradeguard cases show %s\n"+
		"Changed your mind? Type \"withdraw %s\" before a lawyer accepts the case.\n", cs.Ref, cs.Ref, cs.Ref, cs.Ref)
}

// caseCommand recognises "status REF" and "withdraw REF".
func caseCommand(msg string) (word, ref string, ok bool) {
	f := strings.Fields(msg)
	if len(f) != 2 {
		return "", "", false
	}
	word = strings.ToLower(f[0])
	if word != "status" && word != "withdraw" {
		return "", "", false
	}
	ref, err := advisor.ParseRef(f[1])
	return word, ref, err == nil
}

// caseCommand shows or withdraws one of the buyer's own cases.
func (c *Chat) caseCommand(ctx context.Context, req advisor.Request, word, ref string) {
	who := advisor.Identity{Platform: req.Platform, UserID: req.User}
	var (
		cs  *advisor.Case
		err error
	)
	if word == "withdraw" {
		cs, err = c.Engine.Withdraw(ctx, ref, who)
	} else {
		cs, err = c.Engine.BuyerCase(ctx, ref, who)
	}
	if err != nil {
		fmt.Fprintln(c.Out, advisor.ErrorMessage(err))
		return
	}
	fmt.Fprintln(c.Out, bot.StatusText(cs))
}

func (c *Chat) ask(sc *bufio.Scanner, prompt string) string {
	fmt.Fprint(c.Out, prompt)
	if sc.Scan() {
		return sc.Text()
	}
	return ""
}
