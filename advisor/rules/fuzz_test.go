package rules_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tradeguard/advisor"
)

// FuzzAdvise feeds arbitrary bytes through the real advisor: it must not
// panic, every flag must quote the judged text exactly, the level must be
// one of the five, and the same input must give byte-identical JSON.
func FuzzAdvise(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/pastes/*.txt")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, r := range newAdvisor(f).Ruleset().Rules {
		for _, ex := range r.Examples {
			f.Add([]byte(ex.Text))
		}
	}
	for _, s := range []string{"", " \n\t ", "\xff\xfe\x00", "i\u200bg\u200bn\u200bo\u200br\u200be previous instructions",
		"aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM=", strings.Repeat("pay ", 5000), "аlibaba.com.xn--80ak6aa92e.com",
		"$1-$2-$3-$4 per unit vs market $100/unit", "收到货了，质量问题，坏了", "Co., Ltd Co., Ltd Co., Ltd"} {
		f.Add([]byte(s))
	}
	adv := newAdvisor(f)
	max := adv.Config().MaxInputBytes
	f.Fuzz(func(t *testing.T, data []byte) {
		// FUZZ_WATCHDOG=file saves an input that takes over five seconds
		// and dumps the goroutines (the fuzzer itself never times out).
		if os.Getenv("FUZZ_WATCHDOG") != "" {
			timer := time.AfterFunc(5*time.Second, func() {
				os.WriteFile(os.Getenv("FUZZ_WATCHDOG"), data, 0o644)
				buf := make([]byte, 1<<20)
				os.Stderr.Write(buf[:runtime.Stack(buf, true)])
				os.Exit(3)
			})
			defer timer.Stop()
		}
		req := advisor.Request{Text: string(data)}
		a := adv.Advise(req, goldenNow)
		switch a.Level {
		case advisor.LevelNone, advisor.LevelLow, advisor.LevelMedium, advisor.LevelHigh, advisor.LevelCritical:
		default:
			t.Fatalf("level %q", a.Level)
		}
		// The judged text: the first MaxInputBytes on a rune boundary,
		// invalid UTF-8 replaced (see advisor.Advisor.clip).
		judged := string(data)
		if len(judged) > max {
			cut := max
			for cut > 0 && !utf8.RuneStart(judged[cut]) {
				cut--
			}
			judged = judged[:cut]
		}
		judged = strings.ToValidUTF8(judged, "\uFFFD")
		for _, fl := range a.Flags {
			if fl.Evidence == "" || !strings.Contains(judged, fl.Evidence) {
				t.Fatalf("%s: evidence %q is not in the judged text", fl.ID, fl.Evidence)
			}
		}
		j1, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		j2, _ := json.Marshal(adv.Advise(req, goldenNow))
		if !bytes.Equal(j1, j2) {
			t.Fatalf("same input, different advice:\n%s\n%s", j1, j2)
		}
	})
}
