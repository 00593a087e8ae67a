package slack

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello world", 6, "hello…"},
		{"a & b", 9, "a &amp; b"},
		{"a & b", 8, "a &amp;…"},
		{"a & b", 6, "a …"}, // never cut inside &amp;
		{"<!channel>", 100, "&lt;!channel&gt;"},
		{"💰💰💰", 4, "💰…"}, // an astral emoji counts 2
		{"x", 0, ""},
	}
	for _, tt := range tests {
		got := clip(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if slackLen(got) > tt.max {
			t.Errorf("clip(%q, %d) is %d long", tt.in, tt.max, slackLen(got))
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"one line", 100, "> one line"},
		{"two\n\nlines ", 100, "> two\n> lines"},
		{"> nested <b>", 100, "> &gt; nested &lt;b&gt;"},
		{"first\nsecond line", 12, "> first\n> s…"},
		{"first\nsecond", 8, "> first…"},
		{"", 10, ""},
	}
	for _, tt := range tests {
		if got := quote(tt.in, tt.max); got != tt.want {
			t.Errorf("quote(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"pay to <http://alibaba-payments.com|alibaba-payments.com> now", "pay to alibaba-payments.com now"},
		{"see <https://example.com/x>", "see https://example.com/x"},
		{"write to <mailto:a.b@163.com|a.b@163.com>", "write to a.b@163.com"},
		{"<@U0BUYER01> and <@U0X|bob>", "@U0BUYER01 and @bob"},
		{"in <#C0SOURCING|sourcing>", "in #sourcing"},
		{"<!channel> <!here|here> <!subteam^S01|@buyers>", "@channel here @buyers"},
		{"5 &lt; 6 &amp;&amp; 7 &gt; 2 &amp;lt;", "5 < 6 && 7 > 2 &lt;"},
		{"no markup", "no markup"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripMention(t *testing.T) {
	tests := []struct{ in, bot, want string }{
		{"<@U0BOT> is this safe?", "U0BOT", "is this safe?"},
		{"<@U0BOT>, is this safe?", "", "is this safe?"},
		{"hey <@U0BOT> check this", "U0BOT", "hey  check this"},
		{"ask <@U0OTHER> first", "U0BOT", "ask <@U0OTHER> first"},
	}
	for _, tt := range tests {
		if got := stripMention(tt.in, tt.bot); got != tt.want {
			t.Errorf("stripMention(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitText(t *testing.T) {
	para := strings.Repeat("word ", 500) // 2,500
	got := splitText(para+"\n\n"+para+"\n\n"+para, 2900, 2)
	if len(got) != 2 {
		t.Fatalf("%d chunks, want 2", len(got))
	}
	for _, c := range got {
		if slackLen(c) > 2900 {
			t.Errorf("chunk of %d", slackLen(c))
		}
	}
	if !strings.HasSuffix(got[1], "…") {
		t.Errorf("last chunk does not say it was cut: %q", got[1][len(got[1])-20:])
	}
	if got := splitText("short & sweet", 2900, 2); len(got) != 1 || got[0] != "short &amp; sweet" {
		t.Errorf("splitText(short) = %q", got)
	}
}
