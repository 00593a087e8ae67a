package advisor

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lowerSamples are texts that exercise lowerText and readable: ASCII, runes
// whose lower-case form has another length (İ, the Kelvin sign, Ⱥ), U+FFFD,
// invalid bytes and control characters.
func lowerSamples() []string {
	out := []string{"", "abc", "ABC def", "Shenzhen Hongtai · 3,200 m² ≤4h", "İstanbul KELVIN \u212a Ⱥ ẞ Σ", "\ufffd and \xff\xfe",
		"中文 ABC 账户", "ÀÉÎÕÜ Ñandú", "\x00\x01\x02 text\x7f\u0085\u009f", "a\u200bb\u202ec"}
	// Every ASCII byte, at every alignment, for the eight-byte loops.
	var ascii strings.Builder
	for c := range 128 {
		ascii.WriteByte(byte(c))
	}
	for k := range 9 {
		out = append(out, strings.Repeat("x", k)+ascii.String()+"É"+strings.Repeat("Ab@[`{Zz", 5))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"a", "Z", " ", "\n", "\t", "Hello WORLD", "plain ascii text", "@[`{", "\x00", "\x1f", "\x7f", "\xc3", "\xff", "É", "İ", "\u212a", "Ⱥ", "ǅ", "中", "\ufffd", "\u0085", "Ж"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(80) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestLowerText checks lowerText against strings.ToLower, its specification.
func TestLowerText(t *testing.T) {
	for _, s := range lowerSamples() {
		if got, want := lowerText(s), strings.ToLower(s); got != want {
			t.Fatalf("lowerText(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestReadableASCIIFastPath checks readable against its rune-by-rune
// definition.
func TestReadableASCIIFastPath(t *testing.T) {
	spec := func(text string) bool {
		if !hasWords(text) {
			return false
		}
		var total, junk int
		for _, r := range text {
			total++
			if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
				junk++
			}
		}
		return junk*10 < total*3
	}
	for _, s := range lowerSamples() {
		if got, want := readable(s), spec(s); got != want {
			t.Fatalf("readable(%q) = %v, want %v", s, got, want)
		}
	}
}
