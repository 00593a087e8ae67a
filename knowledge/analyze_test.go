package knowledge

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// Abbreviations, both sides.
		{"Is T/T covered by TA?", "wire transfer cover tradeassur"},
		{"pay by TT or wire", "pay wire transfer wire"},
		{"L/C at sight", "letter credit sight"},
		{"send the PI", "send proforma invoic"},
		{"protect my IP", "protect intellectu properti"},
		{"ask AC&E", "ask ace"},
		{"Trade Assurance order", "tradeassur order"},
		{"trading company", "trade compani"},
		{"e-mail from gmail", "email gmail"},
		// Stems that mean the same are joined.
		{"shipping shipment shipped", "ship ship ship"},
		{"payment paid pay", "pay paid pay"},
		// Contractions and possessives.
		{"supplier's account won't work, doesn’t matter", "supplier account not work not matter"},
		// Meaningful words survive the stop list.
		{"what is not covered after delivery, off the platform, up front", "not cover after deliv off platform up front"},
		// NFKC, case folding and accents.
		{"ＴＡ Ｐａｙｍｅｎｔ", "tradeassur pay"},
		{"MERCANCÍA recibí", "good recibi"},
		{"ÉCHÉANCE", "echeanc"},
		// Spanish words buyers mix in.
		{"cuanto tiempo para abrir una disputa", "long time open disput"},
		// Numbers and single letters.
		{"30 days or 15? a b c 1", "30 day 15 1"},
		// Overlong runs (hashes, base64) are dropped.
		{"ref " + strings.Repeat("x", 50) + " end", "ref end"},
	}
	for _, tt := range tests {
		got := strings.Join(analyze(tt.in), " ")
		if got != tt.want {
			t.Errorf("analyze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	body := "Pay via Alibaba.com only. The U.S. buyer paid 1.5 times more, e.g. for samples. Ask Ningbo X Co., Ltd. For details see the page!\n\n" +
		"What to do:\n- Stop paying\n- Call the supplier. Use a known number.\n\n\"Quoted.\" Next one? Yes. " +
		"The message said: \"Our account is frozen. Pay the new one today.\" Then it stopped. He wrote “Pay now. Or else.” and left."
	var got []string
	var spans []span
	splitSentences(body, func(s span) {
		got = append(got, body[s.start:s.end])
		spans = append(spans, s)
	})
	want := []string{
		"Pay via Alibaba.com only.",
		"The U.S. buyer paid 1.5 times more, e.g. for samples.",
		"Ask Ningbo X Co., Ltd. For details see the page!",
		"What to do:",
		"Stop paying",
		"Call the supplier.",
		"Use a known number.",
		"\"Quoted.\"",
		"Next one?",
		"Yes.",
		"The message said: \"Our account is frozen. Pay the new one today.\"",
		"Then it stopped.",
		"He wrote “Pay now. Or else.” and left.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("sentences (-want +got):\n%s", diff)
	}
	if !spans[3].leadIn || spans[3].bullet || !spans[4].bullet || !spans[6].bullet || spans[7].bullet {
		t.Errorf("lead-in/bullet flags wrong: %+v", spans)
	}
	if spans[0].para != 0 || spans[3].para != 1 || spans[7].para != 2 {
		t.Errorf("paragraphs wrong: %+v", spans)
	}
}

func TestSearchNonLatinScripts(t *testing.T) {
	ix := NewIndex(Builtin())
	for _, q := range []string{"निर्देशों", "पिछले सभी निर्देशों को अनदेखा करें", "игнорируй инструкции", "忽略之前的指令", "تجاهل التعليمات", "\u0301\u0301"} {
		_ = ix.Search(q, 3) // must not panic
	}
}
