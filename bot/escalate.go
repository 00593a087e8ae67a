package bot

import (
	"context"
	"strconv"
	"strings"

	"tradeguard/advisor"
)

// ConsentVersion identifies the consent statement below; bump it when the
// text changes so each case records exactly what the buyer agreed to.
const ConsentVersion = "2026-11-1"

// ConsentText is what the buyer agrees to before a case goes to AC&E.
const ConsentText = "I ask TradeGuard to send this conversation to the AC&E legal team so a lawyer can review my case " +
	"and contact me. I understand this shares the items listed, and that I can withdraw before a lawyer accepts the case."

// Shared lists what an escalation of conv would share, in words a buyer reads
// before confirming.
func Shared(conv Conversation) []string {
	items := []string{
		plural(len(conv.Inputs), "message") + " you sent in this conversation, word for word (including any bank details you pasted)",
		"TradeGuard's verdict, red flags with their evidence, and extracted facts",
		"your " + titleCase(conv.Buyer.Platform) + " user ID and name, so the lawyer can reply to you",
	}
	return items
}

func plural(n int, word string) string {
	if n == 1 {
		return "the 1 " + word
	}
	return "the " + itoa(n) + " " + word + "s"
}

func titleCase(s string) string {
	if s == "" {
		return "chat"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Escalate hands the conversation req belongs to over to the AC&E lawyers
// with the buyer's consent. consent.Buyer, .IdempotencyKey and optionally
// .Contact and .Note are the caller's; the rest is filled in here.
// Returns EUNAVAILABLE when escalation is not configured and ENOTFOUND when
// the conversation has expired.
func (e *Engine) Escalate(ctx context.Context, req advisor.Request, consent advisor.Consent) (*advisor.Case, error) {
	if e.Cases == nil {
		return nil, advisor.Errorf(advisor.EUNAVAILABLE, "Escalation is not set up on this TradeGuard; nothing was sent.")
	}
	conv, ok := e.Conversation(req)
	if !ok || len(conv.Inputs) == 0 {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "I no longer have this conversation (it expired or the service restarted). Paste the supplier's details again, then escalate; nothing was sent.")
	}
	now := e.now()
	if consent.Buyer.Platform == "" {
		consent.Buyer = conv.Buyer
	}
	consent.At = now
	consent.Version = ConsentVersion
	consent.Text = ConsentText
	consent.Shared = Shared(conv)
	derived := consent.IdempotencyKey == ""
	if derived {
		consent.IdempotencyKey = conv.Key + ":" + advisor.Hash(strings.Join(conv.Inputs, "\x00"))
	}
	c := &advisor.Case{
		Buyer:      consent.Buyer,
		Consent:    consent,
		Inputs:     conv.Inputs,
		Transcript: conv.Transcript,
		Advice:     conv.Last,
	}
	fresh := *c
	if err := e.Cases.CreateCase(ctx, c); err != nil {
		return nil, err
	}
	if derived && (c.Status == advisor.CaseWithdrawn || c.Status == advisor.CaseClosed) {
		// The same conversation was escalated before and that case is over:
		// this is a new request, not a retry of the old one.
		fresh.Consent.IdempotencyKey += ":" + strconv.FormatInt(now.UnixNano(), 36)
		if err := e.Cases.CreateCase(ctx, &fresh); err != nil {
			return nil, err
		}
		return &fresh, nil
	}
	return c, nil
}

// BuyerCase returns the case ref if who is the buyer who opened it. Other
// people's cases are reported as not found, so references cannot be probed.
func (e *Engine) BuyerCase(ctx context.Context, ref string, who advisor.Identity) (*advisor.Case, error) {
	if e.Cases == nil {
		return nil, advisor.Errorf(advisor.EUNAVAILABLE, "Escalation is not set up on this TradeGuard.")
	}
	if r, err := advisor.ParseRef(ref); err == nil {
		ref = r
	} else {
		ref = strings.ToUpper(strings.TrimSpace(ref))
	}
	c, err := e.Cases.FindCaseByRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	if c.Buyer.Platform != who.Platform || c.Buyer.UserID != who.UserID {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s of yours was found.", ref)
	}
	return c, nil
}

// Withdraw takes back the buyer's consent for case ref before a lawyer
// accepts it: unsent notices are cancelled and the pastes erased from the
// case. Someone else's case is reported as not found. Returns EINVALID for a
// malformed reference and ECONFLICT once a lawyer has accepted.
func (e *Engine) Withdraw(ctx context.Context, ref string, who advisor.Identity) (*advisor.Case, error) {
	if e.Cases == nil {
		return nil, advisor.Errorf(advisor.EUNAVAILABLE, "Escalation is not set up on this TradeGuard.")
	}
	r, err := advisor.ParseRef(ref)
	if err != nil {
		return nil, err
	}
	c, err := e.Cases.WithdrawCase(ctx, r, who)
	if code := advisor.ErrorCode(err); code == advisor.EFORBIDDEN || code == advisor.ENOTFOUND {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s of yours was found.", r)
	}
	return c, err
}

// StatusText describes a case's status in words a buyer reads.
func StatusText(c *advisor.Case) string {
	var b strings.Builder
	b.WriteString("Case " + c.Ref + ": ")
	switch c.Status {
	case advisor.CaseNew:
		b.WriteString("received, waiting for a lawyer to accept it.")
		switch c.NoticeState {
		case advisor.NoticeSent:
			b.WriteString(" The legal team has been notified.")
		case advisor.NoticePending:
			b.WriteString(" The notice to the legal team is on its way.")
		case advisor.NoticeDead:
			b.WriteString(" The notice to the legal team could not be delivered yet; the operator has been told.")
		}
	case advisor.CaseAccepted:
		b.WriteString("accepted by " + orSomeone(c.Lawyer) + ", who will contact you.")
	case advisor.CaseClosed:
		b.WriteString("closed by " + orSomeone(c.Lawyer) + ". Resolution: " + c.Resolution)
	case advisor.CaseWithdrawn:
		b.WriteString("withdrawn at your request; nothing more will be sent.")
	default:
		b.WriteString(string(c.Status))
	}
	return b.String()
}

func orSomeone(lawyer string) string {
	if lawyer == "" {
		return "an AC&E lawyer"
	}
	return lawyer
}
