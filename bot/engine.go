package bot

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"tradeguard/advisor"
)

// Engine wraps the pure advisor with what a chat front end needs. Its exported
// fields are set before first use; the zero values of the optional ones turn
// the feature off.
type Engine struct {
	Advisor *advisor.Advisor
	// Writer is the optional LLM; nil means extractive answers only.
	Writer advisor.Writer
	// WriteBudget bounds one Writer call (default 20 s).
	WriteBudget time.Duration
	// Cases stores escalations; nil means escalation is unavailable.
	Cases advisor.CaseService
	// Audit records each piece of advice given (optional).
	Audit advisor.AuditLog
	// Now is the clock (default time.Now).
	Now func() time.Time
	Log *slog.Logger

	convs *conversations
}

// Conversation memory bounds.
const (
	maxConversations = 10000
	conversationTTL  = 24 * time.Hour
)

// NewEngine returns an Engine for a with default settings.
func NewEngine(a *advisor.Advisor) *Engine {
	return &Engine{Advisor: a, WriteBudget: 20 * time.Second, Now: time.Now, Log: slog.Default(),
		convs: newConversations(maxConversations, conversationTTL)}
}

func (e *Engine) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

// Advise answers req deterministically and at once. A follow-up in the same
// conversation is judged against the earlier paste.
func (e *Engine) Advise(ctx context.Context, req advisor.Request) advisor.Advice {
	now := e.now()
	key := ConversationKey(req)
	if req.Context == "" {
		if conv, ok := e.convs.get(key, now); ok {
			req.Context = conv.Paste
		}
	}
	adv := e.Advisor.Advise(req, now)
	own := advisor.Extract(req.Text, now)
	e.convs.update(key, now, func(c *Conversation) {
		c.Buyer = advisor.Identity{Platform: req.Platform, UserID: req.User, Channel: req.Channel, Thread: req.Thread}
		if own.SupplierContent {
			c.Paste = appendPaste(c.Paste, req.Text)
		}
		text := keepText(req.Text)
		c.Inputs = keepLast(append(c.Inputs, text), maxInputs)
		c.Transcript = keepLast(append(c.Transcript,
			advisor.Turn{At: now, Role: "buyer", Text: text},
			advisor.Turn{At: now, Role: "tradeguard", Text: adv.Answer}), 2*maxInputs)
		c.Last = adv
	})
	e.record(ctx, req, adv, now)
	return adv
}

// Per-conversation bounds, so a chatty user or a huge paste cannot grow
// memory without limit: the last maxInputs messages are kept, each cut to
// what the advisor judges.
const maxInputs = 50

func keepLast[T any](s []T, n int) []T {
	if len(s) <= n {
		return s
	}
	return append([]T(nil), s[len(s)-n:]...)
}

// keepText cuts a message to advisor.DefaultMaxInputBytes on a rune
// boundary, noting the cut.
func keepText(s string) string {
	if len(s) <= advisor.DefaultMaxInputBytes {
		return s
	}
	cut := advisor.DefaultMaxInputBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "\n[… message cut: only its first 64 KiB were kept]"
}

// appendPaste keeps the supplier content of a conversation, newest last,
// without growing past what the advisor judges.
func appendPaste(old, add string) string {
	if old == "" {
		return add
	}
	if strings.Contains(old, add) {
		return old
	}
	joined := old + "\n\n" + add
	if len(joined) > advisor.DefaultMaxInputBytes {
		return add
	}
	return joined
}

// auditBudget bounds one audit write.
const auditBudget = 500 * time.Millisecond

func (e *Engine) record(ctx context.Context, req advisor.Request, adv advisor.Advice, now time.Time) {
	if e.Audit == nil {
		return
	}
	ids := make([]string, len(adv.Flags))
	for i, f := range adv.Flags {
		ids[i] = f.ID
	}
	rec := advisor.AdviceRecord{At: now, Platform: req.Platform, UserHash: advisor.Hash(req.User),
		InputHash: advisor.Hash(req.Text), Level: adv.Level, Score: adv.Score, Flags: ids, Ruleset: adv.Ruleset}
	// A slow store must not hold up the answer: the record gets a short
	// budget of its own, and a failure is logged, never shown to the buyer.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditBudget)
	defer cancel()
	if err := e.Audit.RecordAdvice(ctx, rec); err != nil {
		e.Log.Warn("audit record failed", "err", err, "req", req)
	}
}

// Conversation returns what the engine remembers of the conversation req
// belongs to.
func (e *Engine) Conversation(req advisor.Request) (Conversation, bool) {
	return e.convs.get(ConversationKey(req), e.now())
}

// Forget drops the conversation req belongs to.
func (e *Engine) Forget(req advisor.Request) { e.convs.delete(ConversationKey(req)) }

// Rewrite asks the Writer for a fluent answer to req within WriteBudget. It
// returns false, and adv unchanged, when there is no Writer or it fails or is
// late; only Answer, Citations and AnswerSource ever change: the writer gets
// copies of the flags and citations, and the result is built from adv.
// Callers send adv (the deterministic verdict and the extractive answer)
// first when they can and use the rewrite only if it arrives in time.
func (e *Engine) Rewrite(ctx context.Context, req advisor.Request, adv advisor.Advice) (advisor.Advice, bool) {
	if e.Writer == nil || adv.Level == advisor.LevelNone && len(adv.Citations) == 0 {
		return adv, false
	}
	budget := e.WriteBudget
	if budget <= 0 {
		budget = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	if req.Context == "" {
		// Advise took the earlier paste from the conversation; so does the writer.
		if conv, ok := e.Conversation(req); ok {
			req.Context = conv.Paste
		}
	}
	question, paste := writeInputs(req, adv, e.now())
	view := adv
	view.Flags = append([]advisor.Flag(nil), adv.Flags...)
	view.Citations = append([]advisor.Citation(nil), adv.Citations...)
	wr := advisor.WriteRequest{Question: question, Paste: paste, Advice: view,
		Passages: e.passages(question, view), User: req.Platform + ":" + req.User}
	if len(wr.Passages) == 0 {
		return adv, false // nothing to ground an answer on
	}
	type result struct {
		answer string
		cites  []advisor.Citation
		err    error
	}
	done := make(chan result, 1) // buffered: a writer that ignores ctx cannot block forever on send
	go func() {
		answer, cites, err := e.Writer.Write(ctx, wr)
		done <- result{answer, cites, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		r.err = ctx.Err() // the budget holds even for a writer that ignores ctx
	}
	answer, cites, err := r.answer, r.cites, r.err
	if err != nil || strings.TrimSpace(answer) == "" || len(cites) == 0 {
		if err != nil {
			e.Log.Warn("llm answer unavailable; the extractive answer stands", "err", err, "req", req)
		}
		return adv, false
	}
	out := adv
	out.Answer, out.Citations, out.AnswerSource = answer, cites, "llm"
	return out, true
}

// writeInputs splits a message into the buyer's question and the supplier
// text the writer must treat as untrusted data. A message that is itself a
// supplier paste — the extractor says so, or a flag quotes it — goes to the
// paste, with at most a short question found in it that quotes no flag.
func writeInputs(req advisor.Request, adv advisor.Advice, now time.Time) (question, paste string) {
	text := strings.TrimSpace(req.Text)
	own := advisor.Extract(req.Text, now)
	if !own.SupplierContent && !quotesFlag(text, adv.Flags) {
		return text, req.Context
	}
	q := strings.TrimSpace(own.Question)
	if q == text || len([]rune(q)) > 300 || quotesFlag(q, adv.Flags) {
		q = ""
	}
	return q, appendPaste(req.Context, req.Text)
}

// quotesFlag reports whether s contains the evidence of any flag.
func quotesFlag(s string, flags []advisor.Flag) bool {
	for _, f := range flags {
		if f.Evidence != "" && strings.Contains(s, f.Evidence) {
			return true
		}
	}
	return false
}

// passageSource is what the advisor offers when it picks the writer's
// passages itself (the retrieval engineer's Advisor.Passages).
type passageSource interface {
	Passages(question string, adv advisor.Advice) []advisor.Passage
}

// passages are the guide passages the writer may use, labelled G1, G2…: the
// advisor's choice when it makes one, else (or when it finds none) the
// sections the extractive answer cited.
func (e *Engine) passages(question string, adv advisor.Advice) []advisor.Passage {
	if src, ok := any(e.Advisor).(passageSource); ok {
		if ps := src.Passages(question, adv); len(ps) > 0 {
			return ps
		}
	}
	var ps []advisor.Passage
	for i, c := range adv.Citations {
		ps = append(ps, advisor.Passage{ID: passageID(i), Title: c.Title, Source: c.Source, Updated: c.Updated, Text: c.Excerpt})
	}
	return ps
}

func passageID(i int) string { return "G" + itoa(i+1) }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
