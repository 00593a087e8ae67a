package rules_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/knowledge"
)

// benchPastes are realistic pastes: a supplier profile, chat, PI and the
// buyer's notes (4 KiB), the same with older chat (16 KiB), and a 14-month
// chat export (256 KiB).
var benchPastes = []struct{ name, file string }{
	{"4KiB", "testdata/bench/paste4k.txt"},
	{"16KiB", "testdata/bench/paste16k.txt"},
	{"256KiB", "testdata/bench/paste256k.txt"},
}

func readPaste(tb testing.TB, file string) string {
	tb.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkAdvise measures the whole core (extraction, rules, verdict,
// escalation, answer) with the default configuration. The default judges
// at most 64 KiB, so the 256 KiB case measures a clipped paste; the
// "unclipped" cases raise MaxInputBytes to show the cost stays linear.
func BenchmarkAdvise(b *testing.B) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, cfg := range []struct {
		name string
		cfg  advisor.Config
	}{{"default", advisor.Config{}}, {"unclipped", advisor.Config{MaxInputBytes: 1 << 20}}} {
		adv := advisor.New(rules.Default(), knowledge.NewIndex(knowledge.Builtin()), cfg.cfg)
		for _, p := range benchPastes {
			text := readPaste(b, p.file)
			b.Run(cfg.name+"/"+p.name, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					adv.Advise(advisor.Request{Text: text}, now)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/byte")
			})
		}
	}
}

// BenchmarkRules measures the rules alone on the same pastes: facts are
// extracted once outside the loop, then every rule runs on a fresh Input
// (as Advise does, so the shared scan is included).
func BenchmarkRules(b *testing.B) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	rs := rules.Default()
	cfg := advisor.Config{DisputeWindowDays: advisor.DefaultDisputeWindowDays}
	for _, p := range benchPastes {
		text := readPaste(b, p.file)
		facts := advisor.Extract(text, now)
		lower := strings.ToLower(text)
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				in := &advisor.Input{Text: text, Lower: lower, Facts: &facts, Now: now, Config: &cfg}
				for i := range rs.Rules {
					rs.Rules[i].Match(in)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/byte")
		})
	}
}

// BenchmarkEachRule measures each rule alone on the 4 KiB paste (the shared
// scan is done once outside the loop).
func BenchmarkEachRule(b *testing.B) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	cfg := advisor.Config{DisputeWindowDays: advisor.DefaultDisputeWindowDays}
	text := readPaste(b, "testdata/bench/paste4k.txt")
	facts := advisor.Extract(text, now)
	lower := strings.ToLower(text)
	for _, r := range rules.Default().Rules {
		b.Run(r.ID, func(b *testing.B) {
			warm := &advisor.Input{Text: text, Lower: lower, Facts: &facts, Now: now, Config: &cfg}
			rules.Default().Rules[0].Match(warm)
			for b.Loop() {
				in := *warm
				in.Cache = warm.Cache
				r.Match(&in)
			}
		})
	}
}
