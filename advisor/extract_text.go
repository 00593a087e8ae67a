package advisor

import (
	"strings"
)

// unitWords after an amount (and a space) make it a unit price ("$4 per
// piece", "$2 a pair"); "/pc", "/set"… and " each" are checked directly.
var unitWords = newPhrases("per", "a piece", "a pair", "a set", "a unit", "pc", "pcs", "la pieza", "por unidad",
	"c/u", "每个", "the piece", "apiece")

var phOrdersOf = newPhrases("orders of", "payments of", "installments of", "order of")

// notOrderCues mark an amount that is not the order's value: samples,
// shipping, fees, limits, thresholds, company figures.
var notOrderCues = newPhrases("sample", "samples", "shipping", "freight", "dhl", "fedex", "ups", "courier", "express",
	"fee", "fees", "postage", "limit", "revenue", "capital", "turnover", "annual", "transaction", "transactions",
	"min order", "minimum", "moq", "under", "over", "below", "above", "up to", "less than", "more than", "at least",
	"threshold", "refund the", "charged", "charge", "cost us", "registration", "muestra", "envío", "运费", "样品")

// orderCueScore weighs the words before an amount that mark the order's
// value or the money to move.
var orderCueScore = map[string]int{
	"order total": 6, "total amount": 6, "total": 6, "grand total": 6, "order amount": 6,
	"order value": 6, "order is": 5, "order of": 5, "orders of": 2, "po value": 6, "pi total": 6,
	"invoice amount": 6, "amount": 4, "contract value": 6, "worth": 4, "合计": 6, "总额": 6,
	"总金额": 6, "金额": 4, "monto": 4, "importe": 4, "total del pedido": 6,
	"balance": 4, "deposit": 4, "payment of": 4, "pay": 3, "paid": 3, "wire": 3, "wired": 3,
	"transfer": 3, "transferred": 3, "sent": 3, "send": 3, "remaining": 4, "余款": 4, "定金": 4,
	"尾款": 4, "saldo": 4, "anticipo": 4, "depósito": 4, "pi": 4, "pi for": 5, "invoice": 4,
	"po": 4, "order": 3, "for": 1,
}

var (
	phAmounts1 = newPhrases("sample", "samples", "shipping", "freight", "fee", "fees", "dhl", "fedex", "limit", "revenue", "capital", "express", "postage", "courier", "refund")
)

var orderCues = func() *phrases {
	var l []string
	for w := range orderCueScore {
		l = append(l, w)
	}
	return newPhrases(l...)
}()

// amounts settles the order amount and unit prices from the money read.
func (e *extractor) amounts() {
	type cand struct {
		i     int
		score int
		cs    int // start of the cue
	}
	var best *cand
	var neutral *cand
	for i := range e.money {
		m := &e.money[i]
		if m.role != roleNone {
			continue
		}
		after := e.after(m.end, 20)
		before := e.before(m.start, 40)
		if ss := e.sentenceStart(m.start); m.start-ss < len(before) {
			before = before[len(before)-(m.start-ss):]
		}
		// Ranges: "$2.55-2.70" reads the second number as the same currency.
		if e.unitPrice(m, before, after) {
			m.role = roleUnit
			e.f.UnitPrices = append(e.f.UnitPrices, m.m)
			e.set("unit_prices", m.start, m.end)
			if j := e.rangeEnd(m); j != nil {
				e.f.UnitPrices = append(e.f.UnitPrices, j.m)
				e.set("unit_prices", j.start, j.end)
			}
			continue
		}
		near := before
		if len(near) > 24 {
			near = near[len(near)-24:]
		}
		if k := strings.LastIndexAny(near, ",;("); k >= 0 {
			near = near[k+1:] // "MOQ 2000 pcs, total $6,400": only this clause
		}
		if notOrderCues.in(near) || phAmounts1.in(clause(after)) {
			continue
		}
		if strings.HasPrefix(after, "+") || strings.HasPrefix(after, " +") && !strings.HasPrefix(after, " + ") {
			continue // "US$1,000,000+": a company figure
		}
		score, cs := 0, m.start
		// The cue must be close: within the last 24 bytes ("40% deposit $5,600").
		orderCues.each(before, func(k int, w string) bool {
			if sc := orderCueScore[w]; sc >= score && len(before)-(k+len(w)) <= 24 {
				score, cs = sc, m.start-(len(before)-k)
			}
			return true
		})
		if strings.HasPrefix(after, " total") || strings.HasPrefix(after, " in total") {
			score, cs = 6, m.start
		}
		// "4,000 phone holders ($5,200)": a total in brackets after a quantity.
		if strings.HasSuffix(before, "(") {
			for j := numFrom(e.qty, m.start-80); j < len(e.qty) && e.qty[j].start < m.start; j++ {
				if q := e.qty[j]; q.end <= m.start && m.start-q.end <= 40 {
					if score < 5 {
						score, cs = 5, m.start
					}
					break
				}
			}
		}
		if strings.HasPrefix(after, " each") {
			continue
		}
		c := &cand{i, score, cs}
		if score > 0 {
			if best == nil || score > best.score || (score == best.score && m.m.USD > e.money[best.i].m.USD) {
				best = c
			}
		} else if m.m.USD >= 500 && (neutral == nil || m.m.USD > e.money[neutral.i].m.USD) {
			neutral = c
		}
	}
	if best == nil {
		best = neutral
	}
	if best != nil {
		m := e.money[best.i]
		mm := m.m
		e.f.OrderAmount = &mm
		e.f.OrderAmountUSD = floatp(mm.USD)
		e.set("order_amount", m.start, m.end)
		e.set("order_amount_usd", best.cs, m.end)
		return
	}
	// Quantity × unit price: "2,000 pcs … $1.85/pc" or "USD 68/unit (500
	// units)": the first unit price with a quantity beside it on its line.
	if len(e.f.UnitPrices) >= 1 && len(e.qty) >= 1 {
		for _, m := range e.money {
			if m.role != roleUnit {
				continue
			}
			line := e.lineStart(m.start)
			for j := numFrom(e.qty, m.start-120); j < len(e.qty) && e.qty[j].start < m.end+40; j++ {
				q := e.qty[j]
				before := q.end <= m.start && m.start-q.end <= 80
				after := q.start >= m.end && q.start-m.end <= 40 && qtyFollows(e.low[m.end:q.start])
				if (!before && !after) || e.lineStart(q.start) != line || q.v < 1 {
					continue
				}
				total := q.v * m.m.Amount
				usd, _ := ToUSD(total, m.m.Currency)
				s, t := q.start, m.end
				if after {
					s, t = m.start, q.end
				}
				e.f.OrderAmount = &Money{Amount: total, Currency: m.m.Currency, USD: usd, Text: e.text[s:t]}
				e.f.OrderAmountUSD = floatp(usd)
				e.set("order_amount", s, t)
				e.set("order_amount_usd", s, t)
				return
			}
		}
	}
}

// qtyFollows reports whether gap, the text between a unit price and a
// quantity after it, joins them: "/unit (", " x ", " for ", "/pc × ".
func qtyFollows(gap string) bool {
	g := strings.TrimSpace(gap)
	if i := strings.IndexByte(g, '/'); i == 0 {
		w, _, end := nextWord(g, 1)
		if w == "" {
			return false
		}
		g = strings.TrimSpace(g[end:])
	}
	g = strings.TrimSpace(strings.TrimPrefix(g, "for"))
	switch g {
	case "", "(", "x", "×", "*", "x (", ",", "per order", "(x":
		return true
	}
	return false
}

var (
	phUnitPrice2 = newPhrases("unit price", "price", "at", "quoted", "quote", "quotes", "re-quote", "requote", "re-quoted", "priced", "fob", "exw", "cif", "ddp", "costs", "precio", "单价")
	phUnitPrice3 = newPhrases("sample", "samples", "fee", "shipping")
)

// clause cuts a window after an amount at the end of its clause.
func clause(after string) string {
	if k := strings.IndexAny(after, ",;.()"); k >= 0 {
		return after[:k]
	}
	return after
}

// unitPrice reports whether an amount is a price per unit.
func (e *extractor) unitPrice(m *moneyHit, before, after string) bool {
	switch {
	case strings.HasPrefix(after, "/"):
		// "$1.85/pc", "USD 100/design", "/个" — but not "/5" or a date.
		return len(after) > 1 && !isDigit(after[1]) && after[1] != ' '
	case strings.HasPrefix(after, " each"):
		return !phOrdersOf.in(before)
	case strings.HasPrefix(after, " "):
		if w := after[1:]; unitWords.prefix(w) {
			return true
		}
	}
	// A price column right after a quantity: "12,000 pcs  US$0.62".
	if m.m.USD < 500 {
		for j := numFrom(e.qty, m.start-40); j < len(e.qty) && e.qty[j].start < m.start; j++ {
			if q := e.qty[j]; q.end <= m.start && m.start-q.end <= 6 {
				switch strings.TrimSpace(e.low[q.end:m.start]) {
				case "", "x", "×", "@", "at", "*":
					return true // "12,000 pcs  US$0.62", "500 sets x $12.50"
				}
			}
		}
	}
	near := before
	if len(near) > 20 {
		near = near[len(near)-20:]
	}
	if m.m.USD < 500 && phUnitPrice2.in(near) &&
		!phUnitPrice3.in(near) {
		return true
	}
	return false
}

// rangeEnd returns the amount that closes a range started by m ("$2.55-2.70").
func (e *extractor) rangeEnd(m *moneyHit) *moneyHit {
	rest := e.low[m.end:]
	k := 0
	for k < len(rest) && k < 5 && (rest[k] == ' ' || rest[k] == '-' || rest[k] == '~' || strings.HasPrefix(rest[k:], "–")) {
		if strings.HasPrefix(rest[k:], "–") {
			k += len("–")
			continue
		}
		k++
	}
	if k == 0 || k >= len(rest) || !isDigit(rest[k]) {
		return nil
	}
	start := m.end + k
	n := scanRawNumber(e.low, start)
	v := n.value(e.low, m.m.Currency == "EUR")
	usd, _ := ToUSD(v, m.m.Currency)
	return &moneyHit{m: Money{Amount: v, Currency: m.m.Currency, USD: usd, Text: e.text[start:n.end]}, start: start, end: n.end, role: roleUnit}
}

// Date cues, by kind.
var (
	receiptCues  = []string{"received", "receive", "receipt", "got the goods", "got them", "got it", "confirmed receipt", "收到", "签收", "recibí", "recibimos", "recibido", "recibida"}
	deliveryCues = []string{"arrived", "arrival", "delivered", "delivery", "landed", "到货", "llegó", "llegaron", "entregado", "entrega", "came"}
	shipCues     = []string{"shipped", "ship", "ship-by", "ship by", "shipping", "shipment", "dispatch", "dispatched", "sent out", "loaded", "loading", "etd", "发货", "出货", "enviado", "embarque", "envío", "despachado"}
	pastCues     = newPhrases("received", "arrived", "delivered", "landed", "got", "came", "收到", "到货", "签收", "recibí", "recibimos", "recibido", "llegó", "llegaron", "entregado", "shipped", "dispatched")
)

// acknowledgement reports whether the text after "收到" makes it "got it"
// (收到，谢谢 / 收到了，好的) rather than "received (the goods)".
func acknowledgement(after string) bool {
	after = strings.TrimPrefix(after, "了")
	for _, p := range []string{"，", ",", "。", "!", "！", " "} {
		after = strings.TrimPrefix(after, p)
	}
	for _, w := range []string{"谢谢", "谢", "好的", "好", "明白", "ok", "OK"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

var (
	phDatesFacts1 = newPhrases("sample", "samples", "muestra", "muestras", "样品")
)

// dateCueKind maps each date cue to "receipt", "delivery" or "ship".
var dateCueKind = func() map[string]string {
	m := map[string]string{}
	for _, g := range []struct {
		kind string
		cues []string
	}{{"ship", shipCues}, {"delivery", deliveryCues}, {"receipt", receiptCues}} {
		for _, c := range g.cues {
			m[c] = g.kind
		}
	}
	return m
}()

var dateCues = func() *phrases {
	var l []string
	for c := range dateCueKind {
		l = append(l, c)
	}
	return newPhrases(l...)
}()

// datesFacts reads dates and sorts them into shipment, delivery and receipt.
func (e *extractor) datesFacts() {
	for _, h := range e.byKind[akMonth] {
		if d, ok := monthDate(e.low, h, e.now); ok {
			e.dates = append(e.dates, d)
		}
	}
	if !e.now.IsZero() {
		for _, h := range e.byKind[akAgo] {
			if d, ok := agoDate(e.low, h, e.now); ok {
				e.dates = append(e.dates, d)
			}
		}
		today := dayOf(e.now)
		for _, h := range e.byKind[akYesterday] {
			e.dates = append(e.dates, dateHit{date: today.AddDate(0, 0, -1), start: h.start, end: h.end, relative: true})
		}
		for _, h := range e.byKind[akToday] {
			e.dates = append(e.dates, dateHit{date: today, start: h.start, end: h.end, relative: true})
		}
	}
	if len(e.dates) == 0 {
		return
	}
	sortDates(e.dates)
	horizon := dayOf(e.now).AddDate(0, 0, 1)
	for _, d := range e.dates {
		ss := e.sentenceStart(d.start)
		before := e.low[ss:d.start]
		at, cue := dateCues.last(before)
		if cue == "收到" && acknowledgement(before[at+len(cue):]) {
			cue = "" // "收到，谢谢" is "got it, thanks", not a receipt
		}
		if cue == "" && !d.relative {
			after := e.after(d.end, 40)
			at, cue = dateCues.first(after)
			if cue == "收到" && acknowledgement(after[at+len(cue):]) {
				cue = ""
			}
		}
		kind := dateCueKind[cue]
		if kind == "" {
			continue
		}
		t := d.date
		ctx := e.low[ss:e.sentenceEnd(d.end)]
		if kind != "ship" && phDatesFacts1.in(ctx) {
			continue // "samples received" is not the goods
		}
		past := pastCues.in(ctx)
		if d.yearless && past && kind != "ship" && !e.now.IsZero() && t.After(horizon) {
			t = t.AddDate(-1, 0, 0)
		}
		future := !e.now.IsZero() && t.After(horizon)
		switch kind {
		case "receipt":
			if future {
				continue
			}
			if e.f.ReceiptDate == "" {
				e.f.ReceiptDate = ymd(t)
				e.set("receipt_date", d.start, d.end)
			}
			if e.f.DeliveryDate == "" {
				e.f.DeliveryDate = ymd(t)
				e.set("delivery_date", d.start, d.end)
			}
		case "delivery":
			if future {
				if e.f.ExpectedDeliveryDate == "" {
					e.f.ExpectedDeliveryDate = ymd(t)
					e.set("expected_delivery_date", d.start, d.end)
				}
				continue
			}
			if e.f.DeliveryDate == "" {
				e.f.DeliveryDate = ymd(t)
				e.set("delivery_date", d.start, d.end)
			}
		case "ship":
			if e.f.ShipmentDate == "" {
				e.f.ShipmentDate = ymd(t)
				e.set("shipment_date", d.start, d.end)
			}
		}
	}
}

var (
	phStatus1 = newPhrases("be", "not", "no", "haven't", "havent", "hasn't", "didn't", "didnt", "never", "yet to", "before", "always", "usually", "previously", "used to", "normally", "if", "should", "will", "un", "nothing", "unless", "when")
)

// status reads whether money is about to move ("pending") or already moved
// ("paid"). Money about to move wins: it can still be stopped.
func (e *extractor) status() {
	for _, h := range firstN(e.byKind[akPending]) {
		if !e.pendingCounts(h) {
			continue
		}
		e.f.PaymentStatus = "pending"
		e.set("payment_status", h.start, h.end)
		return
	}
	for _, h := range firstN(e.byKind[akPaid]) {
		near := e.before(h.start, 22)
		if phStatus1.in(near) {
			continue
		}
		next, _, _ := nextWord(e.low, h.end)
		if next == "yet" || next == "samples" || next == "sample" || next == "version" || next == "plan" || next == "ads" || next == "membership" {
			continue
		}
		if w := e.low[h.start:h.end]; w == "wired" {
			if !e.payWordCounts(h, w) {
				continue
			}
		}
		e.f.PaymentStatus = "paid"
		e.set("payment_status", h.start, h.end)
		return
	}
	// Payment instructions (a payee with an account) exist to be paid.
	if e.f.BeneficiaryName != "" && (e.f.AccountNumber != "" || e.f.IBAN != "") {
		if s, t := e.spanOf("beneficiary_name"); s >= 0 {
			e.f.PaymentStatus = "pending"
			e.set("payment_status", s, t)
		}
	}
}

var (
	phPendingCounts1 = newPhrases("don't", "dont", "not", "never", "won't", "wont", "refuse", "didn't")
	phPendingCounts2 = newPhrases("payment", "deposit", "balance", "full", "me to pay", "us to pay", "to be paid", "the money", "prepayment", "upfront")
	phPendingCounts3 = newPhrases("pay", "deposit", "payment", "prepayment")
	phPendingCounts4 = newPhrases("the", "fee", "deposit", "balance", "in", "now", "today", "them")
)

// pendingCounts checks the context of a "money about to move" phrase.
func (e *extractor) pendingCounts(h hit) bool {
	w := e.low[h.start:h.end]
	if phPendingCounts1.in(e.before(h.start, 12)) {
		return false
	}
	switch w {
	case "they want", "he wants", "she wants", "supplier wants":
		a := e.after(h.end, 30)
		if a == "" {
			return false
		}
		a = strings.TrimLeft(a, " ")
		if a != "" && isDigit(a[0]) {
			return true
		}
		// "they want (the rest) by Western Union"
		if pays := e.byKind[akPay]; len(pays) > 0 {
			if i := hitFrom(pays, h.end); i < len(pays) && pays[i].start-h.end <= 30 {
				return true
			}
		}
		return strings.HasPrefix(a, "$") || strings.HasPrefix(a, "us$") || strings.HasPrefix(a, "usd") ||
			phPendingCounts2.in(a)
	case "before production":
		ctx := e.low[e.sentenceStart(h.start):e.sentenceEnd(h.end)]
		return strings.Contains(ctx, "%") || phPendingCounts3.in(ctx)
	case "and pay":
		a := e.after(h.end, 20)
		return phPendingCounts4.in(a)
	}
	return true
}

// askWords start a question.
var askWords = newPhrases("how", "what", "what's", "whats", "when", "where", "why", "which", "who", "should", "can",
	"could", "would", "is it", "is this", "is that", "is there", "is the", "are they", "are there", "are samples",
	"do i", "do we", "do you", "does", "did", "any idea", "any ideas", "anything", "thoughts", "is trade assurance",
	"am i", "cómo", "como", "qué", "que hago", "cuándo", "puedo", "debo", "怎么", "如何", "是否", "能否", "red flag", "scam")

// inlineAsks start a question in the middle of a sentence (each begins
// with a space: it follows another word).
var inlineAsks = []string{" is that ", " is this ", " is it ", " should i ", " should we ", " can i ", " can we ",
	" do i ", " do we ", " what do i ", " what should ", " how do i ", " how can i ", " am i covered", " are we covered"}

// maxInlineAskText is the longest message in which an unpunctuated inline
// question is looked for.
const maxInlineAskText = 600

// inlineAsk returns where a question starts inside the lower-cased sentence
// low, or 0. Only the last clause of a sentence counts, and it must be short
// (a question, not a paste that happens to contain "is it").
func inlineAsk(low string) int {
	const window = 80
	base := max(0, len(low)-window-1) // only the tail can hold it
	best := 0
	for i := base; i < len(low); i++ {
		if low[i] != ' ' || i == 0 {
			continue
		}
		for _, a := range inlineAsks {
			if strings.HasPrefix(low[i:], a) {
				best = i
				break
			}
		}
	}
	if best == 0 {
		return 0
	}
	return best + 1
}

// question collects the sentences that ask something: those ending in "?"
// (or "？", "吗") and those starting with a question word ("what do i do").
// With nothing to judge and no such sentence, the whole text is the question.
func (e *extractor) question() {
	var parts []string
	text := e.text
	start := 0
	add := func(stop int) {
		seg := strings.TrimSpace(text[start:stop])
		if seg == "" || len(parts) > 12 {
			return
		}
		asking := strings.HasSuffix(seg, "?") || strings.HasSuffix(seg, "？") || strings.HasSuffix(seg, "吗")
		if !asking {
			lowSeg := strings.TrimSpace(e.low[start:stop])
			// "When we unpacked, …" and "Where the label says …" open
			// statements as often as questions: without "?" they are not asked.
			asking = askWords.prefix(lowSeg) && !strings.HasPrefix(lowSeg, "when ") && !strings.HasPrefix(lowSeg, "where ")
		}
		if !asking {
			// An unpunctuated question after a statement: "supplier wants me
			// to pay his cousin's account is that covered". The whole sentence
			// is kept: the statement says what "that" is.
			// Only in a short message: in a long paste such clauses are the
			// supplier's chat, not the buyer asking.
			asking = len(text) <= maxInlineAskText && inlineAsk(e.low[start:stop]) > 0
		}
		if asking && hasLetters(seg) {
			parts = append(parts, seg)
		}
	}
	for i, stop := range e.sentEnd {
		add(stop)
		start = e.sentNext[i]
	}
	add(len(text))
	q := strings.Join(parts, " ")
	if q == "" && !e.f.SupplierContent {
		q = strings.TrimSpace(text)
	}
	if len(q) > 600 {
		cut := 600
		for cut > 0 && (q[cut]&0xC0) == 0x80 {
			cut--
		}
		q = q[:cut]
	}
	e.f.Question = q
}

// actorVerbs follow a supplier word when the text reports what a supplier
// did or said ("factory charged", "they want", "supplier drafted").
var actorVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "sent": true, "sends": true, "send": true, "quoted": true, "quote": true,
	"quotes": true, "re-quote": true, "requote": true, "wants": true, "want": true, "wanted": true, "asked": true,
	"asks": true, "charged": true, "charge": true, "charges": true, "changed": true, "refused": true, "refuses": true,
	"refuse": true, "won't": true, "wont": true, "drafted": true, "offered": true, "offers": true, "claims": true,
	"claimed": true, "told": true, "insists": true, "insisted": true, "insist": true, "requires": true, "required": true,
	"replied": true, "answered": true, "stopped": true, "promised": true, "listed": true, "shows": true, "agreed": true,
	"gave": true, "got": true, "provided": true, "uses": true, "used": true, "keeps": true, "kept": true, "moved": true,
	"switched": true, "added": true, "delayed": true, "disappeared": true, "blocked": true, "deleted": true,
	"terms": true, "policy": true, "profile": true, "rating": true, "only": true, "now": true, "lately": true,
	"then": true, "also": true, "just": true, "suddenly": true, "still": true, "never": true, "is": false,
	"sales": true, "girl": true, "rep": true, "manager": true, "dijo": true, "pide": true, "envió": true,
	"pidió": true, "pidio": true, "quiere": true, "exige": true, "mandó": true, "cobró": true, "dice": true, "shipped": true, "accepts": true, "accept": true, "quoting": true,
	"says:": true, "wrote": true, "writes": true, "emailed": true, "messaged": true, "called": true,
}

// supplierContent decides whether the input has something to judge: a
// supplier's profile or payment details, or a report of what a supplier
// said or did, rather than only a general question.
func (e *extractor) supplierContent() {
	f := e.f
	if f.SupplierName != "" || f.YearsOnPlatform != nil || f.Verified != nil || f.GoldSupplier != nil ||
		f.TradeAssuranceLimitUSD != nil || f.Rating != nil || f.ReviewCount != nil || f.ResponseRate != nil ||
		f.OnTimeDeliveryRate != nil || f.Transactions != nil || f.TransactionVolUSD != nil || f.BusinessType != "" ||
		f.BeneficiaryName != "" || f.BankName != "" || f.SWIFT != "" || f.IBAN != "" || f.AccountNumber != "" ||
		len(f.Emails) > 0 || len(f.Phones) > 0 || len(f.WeChatIDs) > 0 || len(f.URLs) > 0 || f.PaymentStatus == "paid" ||
		len(e.byKind[akDocument]) > 0 {
		f.SupplierContent = true
		return
	}
	for _, d := range f.Domains {
		if d != "alibaba.com" && !strings.HasSuffix(d, ".alibaba.com") {
			f.SupplierContent = true
			return
		}
	}
	if len(f.UnitPrices) > 0 && len(e.qty) > 0 {
		f.SupplierContent = true
		return
	}
	for _, h := range e.byKind[akActor] {
		if e.low[h.start] >= 0x80 {
			// 供应商要求…, 工厂说…
			for _, v := range []string{"要求", "说", "发来", "让", "要", "坚持", "拒绝", "报价", "改"} {
				if strings.HasPrefix(e.low[h.end:], v) {
					f.SupplierContent = true
					return
				}
			}
			continue
		}
		prev, _ := lastWord(e.low, h.start)
		switch prev {
		case "a", "any", "if", "do", "does", "can", "will", "would", "should", "are", "is", "when", "whether", "which":
			// A generic supplier ("can a supplier refuse…") is a question.
			continue
		}
		pos := h.end
		for n := 0; n < 4; n++ {
			w, _, we := nextWord(e.low, pos)
			if w == "" {
				break
			}
			if actorVerbs[w] {
				f.SupplierContent = true
				return
			}
			pos = we
		}
	}
}
