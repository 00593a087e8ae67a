package discord

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"fits", "short text", 20, []string{"short text"}},
		{"empty", "  \n ", 20, nil},
		{"paragraph", "First paragraph here.\n\nSecond one is here.", 30, []string{"First paragraph here.", "Second one is here."}},
		{"line", "line one is long\nline two", 20, []string{"line one is long", "line two"}},
		{"sentence", "One sentence here. Two sentences there.", 25, []string{"One sentence here.", "Two sentences there."}},
		{"word", "alpha beta gamma delta", 12, []string{"alpha beta", "gamma delta"}},
		{"long word", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"runes", "ééééé", 2, []string{"éé", "éé", "é"}},
		{"surrogates", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"window ends a word", "aaaa bbbb", 4, []string{"aaaa", "bbbb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, more := splitMessage(tt.in, tt.max, 100)
			if more {
				t.Errorf("more = true")
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("splitMessage(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
	parts, more := splitMessage(strings.Repeat("word ", 1000), 100, 3)
	if len(parts) != 3 || !more {
		t.Errorf("n=3: got %d parts, more=%v", len(parts), more)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"hello world", 20, "hello world"},
		{"hello world", 11, "hello world"},
		{"hello world again", 12, "hello world…"},
		{"  padded  ", 6, "padded"},
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.max); got != tt.want || dlen(got) > tt.max {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hi @everyone and @HERE", "hi @" + zwsp + "everyone and @" + zwsp + "HERE"},
		{"<@123> <@!4> <@&5> <#6>", "<@" + zwsp + "123> <@" + zwsp + "!4> <@" + zwsp + "&5> <#" + zwsp + "6>"},
		{"[Alibaba](https://evil.example)", "[Alibaba]" + zwsp + "(https://evil.example)"},
		{"pay \u202eevil\u202c now", "pay evil now"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"plain text, a@b.com", "plain text, a@b.com"},
	}
	for _, tt := range tests {
		if got := neutralise(tt.in); got != tt.want {
			t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSplitMessage checks that splitting never loses or reorders text, never
// exceeds the limit, and only cuts inside a word longer than the limit.
func FuzzSplitMessage(f *testing.F) {
	f.Add("One sentence here. Two sentences there.\n\nA paragraph.", uint16(23))
	f.Add("abcdefghij klm", uint16(2))
	f.Add("😀 é 中文字符 混合 text", uint16(1))
	f.Add("\xff\xfe bad bytes \n\n\n", uint16(3))
	f.Add(strings.Repeat("word ", 500), uint16(1998))
	f.Fuzz(func(t *testing.T, s string, m uint16) {
		// A small unsigned limit keeps the fuzzer's minimiser fast; 2 units
		// hold any one character.
		max := 2 + int(m)%4999
		parts, more := splitMessage(s, max, 1<<30)
		if more {
			t.Fatal("more with unlimited parts")
		}
		longest := 0
		for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
			if n := dlen(w); n > longest {
				longest = n
			}
		}
		pos := 0
		for i, p := range parts {
			if p == "" || dlen(p) > max {
				t.Fatalf("part %d %q: %d units, max %d", i, p, dlen(p), max)
			}
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Fatalf("part %d is not valid UTF-8", i)
			}
			r, _ := utf8.DecodeRuneInString(p)
			l, _ := utf8.DecodeLastRuneInString(p)
			if unicode.IsSpace(r) || unicode.IsSpace(l) {
				t.Fatalf("part %d %q starts or ends with space", i, p)
			}
			// Each part is the next piece of s, after whitespace.
			rest := strings.TrimLeftFunc(s[pos:], unicode.IsSpace)
			pos = len(s) - len(rest)
			if !strings.HasPrefix(rest, p) {
				t.Fatalf("part %d %q is not the next text of %q", i, p, rest)
			}
			pos += len(p)
			if longest <= max && pos < len(s) {
				if next, _ := utf8.DecodeRuneInString(s[pos:]); !unicode.IsSpace(next) {
					t.Fatalf("part %d %q ends mid-word (next %q), though no word exceeds %d", i, p, next, max)
				}
			}
		}
		if strings.TrimSpace(s[pos:]) != "" {
			t.Fatalf("text lost after the last part: %q", s[pos:])
		}
	})
}
