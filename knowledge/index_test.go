package knowledge

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// smallGuide is a hand-written guide whose sections each answer one thing.
var smallGuide = []Section{
	{Title: "Wire Transfers", Source: "ops.md", Body: "A wire transfer (bank transfer) is how most orders are paid. Send it only to the beneficiary on the order page.\n\nBanks charge a fee for each transfer."},
	{Title: "Opening a Dispute", Source: "ops.md", Body: "Open a dispute from the order page. Describe the problem and upload photos.\n\nWhat to do first:\n- Talk to the supplier.\n- Keep every message."},
	{Title: "Dispute Deadlines", Source: "ops.md", Body: "You must open a dispute within 30 days after confirmed receipt. Some older guides say 15 days. When in doubt, open it early."},
	{Title: "Proforma Invoices", Source: "docs.md", Body: "A proforma invoice lists the goods, the price and the bank details before the order. Check the company name on it."},
	{Title: "Letters of Credit", Source: "docs.md", Body: "A letter of credit is a bank's promise to pay when documents match. It costs more than a wire but protects large orders."},
	{Title: "Intellectual Property", Source: "legal.md", Body: "Register your trademark in China before you show the design to a factory. China is first to file."},
	{Title: "Trade Assurance Coverage", Source: "ta.md", Body: "Trade Assurance covers late shipment and quality that does not match the contract. It does not cover money paid off the platform."},
	{Title: "Trading Companies", Source: "supplier.md", Body: "A trading company buys from factories and resells. Ask for the factory address and a video tour."},
}

func titles(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Section.Title)
	}
	return out
}

func TestSearchFindsTheSection(t *testing.T) {
	ix := NewIndex(smallGuide)
	tests := []struct {
		query, want string
	}{
		{"how do I open a dispute", "Opening a Dispute"},
		{"how many days do I have to dispute", "Dispute Deadlines"},
		// Thesaurus: abbreviations and related words.
		{"is T/T ok", "Wire Transfers"},
		{"supplier sent PI", "Proforma Invoices"},
		{"L/C for big order?", "Letters of Credit"},
		{"protect my IP", "Intellectual Property"},
		{"what does TA cover", "Trade Assurance Coverage"},
		{"how do I get a refund", "Opening a Dispute"},
		{"I want to file a complaint", "Opening a Dispute"},
		// "trade" alone is not Trade Assurance.
		{"is it a trading company", "Trading Companies"},
		// One-edit typos.
		{"trademrak registration", "Intellectual Property"},
		{"procedure for disptue", "Opening a Dispute"},
		// Case and width folding.
		{"ＷＩＲＥ TRANSFER", "Wire Transfers"},
	}
	for _, tt := range tests {
		hits := ix.Search(tt.query, 3)
		if len(hits) == 0 || hits[0].Section.Title != tt.want {
			t.Errorf("Search(%q) = %q, want %q first", tt.query, titles(hits), tt.want)
		}
	}
}

func TestSearchNothing(t *testing.T) {
	ix := NewIndex(smallGuide)
	for _, q := range []string{"", "   ", "the and of is", "xylophone zebra", "!!!"} {
		if hits := ix.Search(q, 5); len(hits) != 0 {
			t.Errorf("Search(%q) = %q, want nothing", q, titles(hits))
		}
	}
	if hits := ix.Search("dispute", 0); hits != nil {
		t.Errorf("k=0 gave %d hits", len(hits))
	}
	if hits := NewIndex(nil).Search("dispute", 3); hits != nil {
		t.Errorf("empty index gave %d hits", len(hits))
	}
}

func TestSearchOrderAndK(t *testing.T) {
	ix := NewIndex(smallGuide)
	hits := ix.Search("dispute", 10)
	if len(hits) != 2 {
		t.Fatalf("got %q, want the two dispute sections", titles(hits))
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("scores not descending: %v then %v", hits[i-1].Score, hits[i].Score)
		}
	}
	if got := ix.Search("dispute", 1); len(got) != 1 || got[0].Section != hits[0].Section {
		t.Errorf("k=1 gave %q, want %q", titles(got), hits[0].Section.Title)
	}
	// Equal scores keep section order.
	twins := NewIndex([]Section{{Title: "A", Body: "Refund rules."}, {Title: "B", Body: "Refund rules."}})
	if got := titles(twins.Search("refund", 2)); fmt.Sprint(got) != "[A B]" {
		t.Errorf("ties: %q", got)
	}
}

// longSection has many sentences, one of which answers the query.
var longSection = Section{Title: "Paying Suppliers", Source: "pay.md", Body: strings.Join([]string{
	"Most suppliers ask for a deposit before production starts.",
	"The deposit is usually thirty percent of the order value.",
	"The balance is paid after production, before shipment.",
	"Ask for photos of the finished goods before you pay the balance.",
	"An inspection company can check the goods in the factory.",
	"Never pay the balance to a new bank account that arrives by e-mail.",
	"Call the supplier on a known number to confirm any change of bank details.",
	"Keep copies of every invoice and receipt.",
	"Large orders can be paid by letter of credit instead.",
	"Some buyers split large orders into several shipments.",
}, " ")}

func TestSearchExcerpt(t *testing.T) {
	ix := NewIndex([]Section{longSection})
	h := ix.Search("new bank account by email", 1)[0]
	if !strings.Contains(h.Excerpt, "Never pay the balance to a new bank account") {
		t.Errorf("excerpt %q misses the matching sentence", h.Excerpt)
	}
	if n := len(h.Sentences); n < 1 || n > 3 {
		t.Errorf("excerpt has %d sentences, want 1–3", n)
	}
	if len(h.Excerpt) >= len(longSection.Body) || len(h.Excerpt) > excerptMaxBytes+3 {
		t.Errorf("excerpt is %d bytes of a %d-byte section", len(h.Excerpt), len(longSection.Body))
	}
	if !strings.Contains(longSection.Body, h.Sentences[0].Text) || h.Sentences[0].Score < 0 {
		t.Errorf("sentence %q is not from the body", h.Sentences[0].Text)
	}
	if !strings.Contains(h.Passage, h.Sentences[0].Text) || len(h.Passage) > passageMaxBytes {
		t.Errorf("passage %d bytes does not hold the excerpt", len(h.Passage))
	}
	// The neighbour that also matches joins the window.
	if !strings.Contains(h.Excerpt, "change of bank details") {
		t.Errorf("excerpt %q misses the matching next sentence", h.Excerpt)
	}
}

func TestSearchExcerptLeadIn(t *testing.T) {
	ix := NewIndex(smallGuide)
	h := ix.Search("keep every message", 1)[0]
	if h.Section.Title != "Opening a Dispute" {
		t.Fatalf("got %q", h.Section.Title)
	}
	if !strings.Contains(h.Excerpt, "Keep every message") {
		t.Errorf("excerpt %q", h.Excerpt)
	}
	var item *Sentence
	for i := range h.Sentences {
		if strings.HasPrefix(h.Sentences[i].Text, "Keep every message") {
			item = &h.Sentences[i]
		}
	}
	if item == nil || !item.Bullet || item.LeadIn != "What to do first:" {
		t.Errorf("list item %+v, want a bullet with its lead-in", item)
	}
}

func TestSearchSectionAndSentences(t *testing.T) {
	ix := NewIndex(smallGuide)
	h, ok := ix.SearchSection("dispute deadlines", "fifteen days older guides")
	if !ok || h.Section.Title != "Dispute Deadlines" {
		t.Fatalf("SearchSection = %+v, %v", h, ok)
	}
	if !strings.Contains(h.Excerpt, "Some older guides say 15 days.") {
		t.Errorf("excerpt %q", h.Excerpt)
	}
	if _, ok := ix.SearchSection("No Such Section", "x"); ok {
		t.Error("found a section that does not exist")
	}
	sec, ss := ix.Sentences("Opening a Dispute", "keep messages")
	if sec == nil || sec.Title != "Opening a Dispute" || len(ss) != 5 {
		t.Fatalf("Sentences = %v, %d sentences", sec, len(ss))
	}
	if ss[4].Text != "Keep every message." || ss[4].Score <= 0 || ss[0].Score != 0 {
		t.Errorf("sentences %+v", ss)
	}
	if sec, ss := ix.Sentences("nope", "x"); sec != nil || ss != nil {
		t.Error("Sentences of a missing section")
	}
}

func TestSearchConcurrent(t *testing.T) {
	ix := NewIndex(append(Builtin(), smallGuide...))
	want := map[string]string{}
	queries := []string{"how long to open a dispute", "T/T wire", "trademark china", "refund", "gift cards"}
	for _, q := range queries {
		want[q] = fmt.Sprint(titles(ix.Search(q, 5)))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				q := queries[(g+i)%len(queries)]
				if got := fmt.Sprint(titles(ix.Search(q, 5))); got != want[q] {
					t.Errorf("concurrent Search(%q) = %s, want %s", q, got, want[q])
					return
				}
				ix.SearchSection("Bank Account Change Fraud", q)
			}
		}()
	}
	wg.Wait()
}

func TestLongQueryIsBounded(t *testing.T) {
	ix := NewIndex(smallGuide)
	q := strings.Repeat("wire transfer dispute invoice trademark factory photos ", 500)
	if hits := ix.Search(q, 3); len(hits) == 0 {
		t.Error("no hits for a long query")
	}
	if n := len(ix.queryTerms(strings.Repeat("alpha beta gamma delta ", 100) + "dispute")); n > maxQueryTerms*4 {
		t.Errorf("%d query terms", n)
	}
}

// fixedTitles are the built-in guide section titles other parts of
// TradeGuard cite (rule sources, the quality set).
var fixedTitles = []string{
	"About this guide", "What Trade Assurance Is", "What Trade Assurance Covers", "Who Is Eligible for Trade Assurance",
	"Trade Assurance Limits and Covered Amounts", "Accepted Payment Methods", "Payment Must Go to the Account Alibaba.com Designates",
	"What Trade Assurance Does Not Cover", "Customized Goods and Trade Assurance", "Intangible Goods, Services and Samples",
	"Events Outside the Supplier's Control", "Writing a Protected Trade Assurance Order", "Shipping Terms and the Shipment Date",
	"Dispute Deadlines: 30 Days or 15?", "How to Open a Trade Assurance Dispute", "Evidence That Wins a Dispute",
	"Negotiation and Platform Mediation", "Inspection Reports as Quality Evidence", "Rulings, Refunds and What Happens Next",
	"When a Dispute Is Rejected", "Keeping Agreements in the Platform's Chat", "Legal Due Diligence Before Doing Business in China",
	"Checking a Chinese Company's Registration", "Contracts with Chinese Suppliers: Governing Law and Language", "NNN Agreements",
	"Protecting Intellectual Property in China", "Courts and Arbitration in China", "Recovering Money After a Scam",
	"Working with Local Legal Experts", "How AC&E Can Help", "Red Flags and Warning Signs", "Bank Account Change Fraud",
	"Fake Payment Pages and Look-alike Domains", "Payments to Personal or Third-Party Accounts",
	"Crypto, Gift Cards and Money Transfer Services", "Prices That Are Too Good to Be True", "Pressure and Urgency Tactics",
	"Supplier Badges: Verified, Gold Supplier and Years on Platform", "Reading Ratings and Reviews",
	"Trading Companies Posing as Factories", "Stock Photos and Unverifiable Products",
	"Samples, Factory Audits and Pre-shipment Inspection", "Vague or Evasive Communication",
	"Moving the Conversation Off the Platform", "Free E-mail Addresses and Impersonated Suppliers",
	"Counterfeit and Branded Goods", "Fake Certificates and Test Reports", "Fake Tracking Numbers and Shipping Sites",
	"Full Payment Up Front and Safer Payment Terms", "Missing Documents: Proforma Invoice, Contract and Business License",
	"Hidden Instructions in Supplier Messages", "Letters of Credit and Escrow", "Payment Safety Checklist",
	"Real Cases and Lessons", "Case: The Account Under Annual Audit", "Case: The Deposit and the Vanishing Supplier",
	"Case: A Trademark Registered by Someone Else",
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func TestBuiltinGuide(t *testing.T) {
	secs, errs := LoadBuiltin()
	for _, err := range errs {
		t.Errorf("built-in guide: %v", err)
	}
	if len(secs) < 40 {
		t.Errorf("built-in guide has %d sections, want at least 40", len(secs))
	}
	byTitle := map[string]Section{}
	for _, s := range secs {
		if _, dup := byTitle[s.Title]; dup {
			t.Errorf("duplicate section title %q", s.Title)
		}
		byTitle[s.Title] = s
		if s.Source != BuiltinSource || !isoDate.MatchString(s.Updated) || !strings.HasPrefix(s.File, "guide/") {
			t.Errorf("%q: Source %q Updated %q File %q", s.Title, s.Source, s.Updated, s.File)
		}
	}
	for _, title := range fixedTitles {
		if _, ok := byTitle[title]; !ok {
			t.Errorf("built-in guide lacks the section %q", title)
		}
	}
	// Builtin hands out copies.
	a := Builtin()
	a[0].Title = "changed"
	if Builtin()[0].Title == "changed" {
		t.Error("Builtin shares its slice")
	}
}
