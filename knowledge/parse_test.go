package knowledge

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// sec is a compact section for table tests.
type sec struct{ Title, Body string }

func secs(ss []Section) []sec {
	out := make([]sec, len(ss))
	for i, s := range ss {
		out[i] = sec{s.Title, s.Body}
	}
	return out
}

func TestParseMarkdown(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []sec
	}{
		"front matter and H1 sections": {
			in: "---\nsource: ACME guide\nupdated: 2026-03-01\n---\n\n# Paying safely\n\nPay on the order page.\nNever wire to a new account.\n\n# Disputes\n\nOpen one within 30 days.\n",
			want: []sec{
				{"Paying safely", "Pay on the order page. Never wire to a new account."},
				{"Disputes", "Open one within 30 days."},
			},
		},
		"headings of any level, empty parent dropped": {
			in: "# Guide\n## Samples\nAsk for a sample first.\n### Who pays\nThe buyer pays the courier.\n",
			want: []sec{
				{"Samples", "Ask for a sample first."},
				{"Who pays", "The buyer pays the courier."},
			},
		},
		"setext headings": {
			in: "Deposits\n========\n\nThirty percent is usual.\n\nBalances\n--------\nPay after inspection.\n",
			want: []sec{
				{"Deposits", "Thirty percent is usual."},
				{"Balances", "Pay after inspection."},
			},
		},
		"lists, numbers and lead-in": {
			in:   "# Steps\n\nWhat to do:\n\n- Stop paying.\n* Call the supplier\n1. Open a dispute.\n2) Keep evidence\n   from the chat.\n",
			want: []sec{{"Steps", "What to do:\n\n- Stop paying.\n- Call the supplier\n- 1. Open a dispute.\n- 2. Keep evidence from the chat."}},
		},
		"inline markup reduced to text": {
			in:   "# Links\n\nSee [the help page](https://example.com/x) and ![logo](l.png) **bold**, *em*, _also_ `code` &amp; <b>tags</b> <https://alibaba.com>.\n",
			want: []sec{{"Links", "See the help page and logo bold, em, also code & tags https://alibaba.com."}},
		},
		"code fence hides headings": {
			in:   "# Real\n\n```\n# not a heading\n```\nAfter.\n",
			want: []sec{{"Real", "# not a heading\n\nAfter."}},
		},
		"text before the first heading is titled from front matter": {
			in:   "---\ntitle: Preface\n---\nSome intro text.\n",
			want: []sec{{"Preface", "Some intro text."}},
		},
		"text before the first heading is titled from the file name": {
			in:   "Some intro text.\n\n# Next\n\nMore.",
			want: []sec{{"Paying safely", "Some intro text."}, {"Next", "More."}},
		},
		"tables and quotes": {
			in:   "# Limits\n\n| Tier | Limit |\n|---|---|\n| A | $5,000 |\n\n> Quoted advice.\n",
			want: []sec{{"Limits", "Tier; Limit\n\nA; $5,000\n\nQuoted advice."}},
		},
		"CRLF and BOM": {
			in:   "\xEF\xBB\xBF# Title\r\n\r\nBody line.\r\n",
			want: []sec{{"Title", "Body line."}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseMarkdown("guides/02-paying-safely.md", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, secs(got)); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
			for _, s := range got {
				if s.Source != "02-paying-safely.md" || s.File != "guides/02-paying-safely.md" {
					t.Errorf("Source %q File %q, want the base name and the path", s.Source, s.File)
				}
			}
		})
	}
}

func TestParseMarkdownFrontMatterUpdated(t *testing.T) {
	got, err := ParseMarkdown("a.md", []byte("---\nsource: x\nupdated: 2026-03-01\n---\n# A\nText.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Updated != "2026-03-01" {
		t.Errorf("Updated = %q", got[0].Updated)
	}
	if got[0].Source != "a.md" {
		t.Errorf("operator file Source = %q, want the file name", got[0].Source)
	}
}

// TestParseSeedArticle checks that the seed article, plain text with one
// paragraph per line and unmarked headings, comes out as its own sections.
func TestParseSeedArticle(t *testing.T) {
	data, err := os.ReadFile("testdata/trade-assurance-guide.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseText("testdata/trade-assurance-guide.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Title)
	}
	want := []string{
		"Introduction", "Understanding Alibaba Trade Assurance", "The Risks of Factory Scams", "Finding Legal Support",
		"What is Trade Assurance on Alibaba.com?", "Overview of Trade Assurance", "Benefits for Buyers",
		"Common Misconceptions", "Trade Assurance Coverage and Eligibility", "What Does Trade Assurance Cover?",
		"Eligibility Criteria for Buyers", "Limitations and Exclusions", "Dispute Resolution Process",
		"Initiating a Dispute", "Steps for Resolution", "How AC&E Can Help",
		"Legal Preparations Before Doing Business in China", "Importance of Legal Due Diligence",
		"Key Legal Considerations", "Engaging Local Legal Experts", "Red Flags of Alibaba Trade Assurance Scam",
		"Identifying Potential Scams", "Warning Signs to Watch For", "Real Cases of Fraud", "Conclusion",
		"Protect Yourself from Scams", "Utilizing Legal Resources Effectively", "The Role of AC&E in Ensuring Fair Trade",
	}
	if diff := cmp.Diff(want, titles); diff != "" {
		t.Fatalf("titles (-want +got):\n%s", diff)
	}
	for _, s := range got {
		if s.Source != "trade-assurance-guide.txt" {
			t.Errorf("%s: Source = %q", s.Title, s.Source)
		}
		if len(strings.Fields(s.Body)) < 30 {
			t.Errorf("%s: body has only %d words: %q", s.Title, len(strings.Fields(s.Body)), s.Body)
		}
	}
	// Paragraphs stay paragraphs: "Eligibility Criteria for Buyers" has two.
	for _, s := range got {
		if s.Title == "Eligibility Criteria for Buyers" && strings.Count(s.Body, "\n\n") != 1 {
			t.Errorf("Eligibility Criteria for Buyers: want 2 paragraphs, got %q", s.Body)
		}
	}
}

func TestParseText(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []sec
	}{
		"hard-wrapped paragraphs are joined": {
			in: "Paying Safely\n\nPay only on the order page. Wire transfers to\na new account are the most common scam\nin China sourcing.\n\nDisputes\n\nOpen a dispute within 30 days of\nconfirmed receipt.\n",
			want: []sec{
				{"Paying Safely", "Pay only on the order page. Wire transfers to a new account are the most common scam in China sourcing."},
				{"Disputes", "Open a dispute within 30 days of confirmed receipt."},
			},
		},
		"short line inside a wrapped paragraph is not a heading": {
			in: "Checks\nThe supplier should send a licence and the\nFactory Address\nso that an inspector can visit it before you pay the balance.\n",
			want: []sec{
				{"Checks", "The supplier should send a licence and the Factory Address so that an inspector can visit it before you pay the balance."},
			},
		},
		"underlined headings and lists": {
			in: "WHAT TO CHECK\n=============\n- The licence number\n- The bank beneficiary\n\nA question heading?\nIt is allowed when a paragraph follows it, like this one.\n",
			want: []sec{
				{"WHAT TO CHECK", "- The licence number\n- The bank beneficiary"},
				{"A question heading?", "It is allowed when a paragraph follows it, like this one."},
			},
		},
		"a line ending with a colon is not a heading": {
			in: "Steps\nBefore you pay, check the following points:\n- the name\n- the bank\n",
			want: []sec{
				{"Steps", "Before you pay, check the following points:\n\n- the name\n- the bank"},
			},
		},
		"no heading: one section titled from the file name": {
			in:   "just some notes about suppliers that i keep for myself.\n",
			want: []sec{{"Notes", "just some notes about suppliers that i keep for myself."}},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseText("notes.txt", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, secs(got)); diff != "" {
				t.Errorf("sections (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseHTML(t *testing.T) {
	in := `<!doctype html><html><head><title>Buyer Handbook</title><style>h1{color:red}</style>
<script>var x = "<h2>not a heading</h2>";</script></head>
<body><nav><a href="/">Home</a> <a href="/x">Pricing</a></nav>
<p>Welcome to the handbook.</p>
<h1>Paying &amp; Invoices</h1>
<p>Pay on the <b>order</b> page.<br>Never pay a new account.</p>
<ul><li>Check the name</li><li>Call the supplier</li></ul>
<h2>  Disputes
</h2><div>Open within <em>30 days</em>.</div><noscript>Enable JS</noscript>
<form><button>Subscribe</button></form>
</body></html>`
	got, err := ParseHTML("handbook.html", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []sec{
		{"Buyer Handbook", "Welcome to the handbook."},
		{"Paying & Invoices", "Pay on the order page.\n\nNever pay a new account.\n\n- Check the name\n- Call the supplier"},
		{"Disputes", "Open within 30 days."},
	}
	if diff := cmp.Diff(want, secs(got)); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		name string
		data []byte
		want error
	}{
		"binary":            {"a.txt", []byte("PK\x03\x04\x00\x00binary"), ErrNotText},
		"not UTF-8":         {"a.md", []byte("caf\xe9 na\xefve \xe9t\xe9 r\xe9sum\xe9"), ErrNotText},
		"empty":             {"a.md", []byte(""), ErrNoSections},
		"only front":        {"a.md", []byte("---\nupdated: 2026-01-01\n---\n"), ErrNoSections},
		"only headings":     {"a.md", []byte("# One\n## Two\n"), ErrNoSections},
		"html without text": {"a.html", []byte("<html><script>x()</script></html>"), ErrNoSections},
		"unsupported":       {"a.pdf", []byte("%PDF-1.4"), ErrUnsupported},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(tt.name, tt.data)
			if !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q) error = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}

func TestParseUTF16(t *testing.T) {
	// "# Fees\nNo fees.\n" in UTF-16 little-endian with a byte-order mark.
	s := "# Fees\nNo fees.\n"
	data := []byte{0xFF, 0xFE}
	for _, r := range s {
		data = append(data, byte(r), 0)
	}
	got, err := Parse("fees.md", data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]sec{{"Fees", "No fees."}}, secs(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// checkParsed is what the fuzz targets hold every parser to: no panic, and
// output bounded by the input (sections no more than lines, text no more
// than a small multiple of the input), valid UTF-8, titled, non-empty.
func checkParsed(t *testing.T, data []byte, got []Section, err error) {
	if err != nil {
		if got != nil {
			t.Fatalf("error %v with %d sections", err, len(got))
		}
		return
	}
	if len(got) > strings.Count(string(data), "\n")+strings.Count(string(data), "<")+2 {
		t.Fatalf("%d sections from %d bytes", len(got), len(data))
	}
	total := 0
	for _, s := range got {
		if s.Title == "" || s.Body == "" {
			t.Fatalf("empty title or body: %+v", s)
		}
		if !utf8.ValidString(s.Title) || !utf8.ValidString(s.Body) {
			t.Fatalf("invalid UTF-8: %+v", s)
		}
		total += len(s.Body)
	}
	if total > 3*len(data)+64 {
		t.Fatalf("%d bytes of body from %d bytes of input", total, len(data))
	}
	// The index must accept whatever the parsers produce.
	NewIndex(got).Search("payment dispute", 3)
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\nupdated: 2026-01-01\n---\n# A\n\n- one\n- two\n\n```\n# x\n```\n"))
	f.Add([]byte("Title\n===\n[link](x) **b** _c_ `d` <i>e</i> &amp;\n| a | b |\n|---|---|\n"))
	f.Add([]byte("---\n---\n#\n##   \n1) x\n> q\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseMarkdown("f.md", data)
		checkParsed(t, data, got, err)
	})
}

func FuzzParseText(f *testing.F) {
	seed, _ := os.ReadFile("testdata/trade-assurance-guide.txt")
	f.Add(seed[:min(len(seed), 3000)])
	f.Add([]byte("Heading\n\nParagraph that ends.\nShort\nline\n- item\n===\n"))
	f.Add([]byte("A?\nB\n\n\nC:\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseText("f.txt", data)
		checkParsed(t, data, got, err)
	})
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte("<html><head><title>T</title></head><body><h1>A</h1><p>x<br>y</p><ul><li>z</li></ul></body></html>"))
	f.Add([]byte("<h2><script>alert(1)</script>B</h2><style><p>no</p></style><p>&lt;ok&gt;</p>"))
	f.Add([]byte("<svg><h1>x</h1></svg><template><p>t</p></template><li>loose"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseHTML("f.html", data)
		checkParsed(t, data, got, err)
	})
}
