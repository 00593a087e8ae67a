package advisor

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract checks that Extract never panics, that every span is an exact
// substring of the input, and that 64 KiB of a short input repeated (the size
// Advise judges) finishes within a generous bound that only a super-linear
// blow-up could exceed. Run: go test ./advisor -run '^$' -fuzz FuzzExtract
// -fuzztime 60s
func FuzzExtract(f *testing.F) {
	for _, c := range extractCases() {
		if c.text != "" {
			f.Add(c.text)
		}
	}
	f.Add("Beneficiary:\nBank:\nSWIFT:\nAcc:")
	f.Add("US$ $ € ¥1.2.3.4,5,6 12k 5万美元 2026-02-30 31/31/2026 June 99 10 days ago hace  前")
	f.Add("wechat: @ a@b. +86 ( ( ( +++ 1-2-3-4-5-6-7-8-9 ")
	f.Add("Co., Ltd Co., Ltd Limited LIMITED 有限公司有限公司 ___ H*** 'x' \"y\"")
	f.Add("DE89 3704 0044 0532 0130 00 GB29NWBK60161331926819 SWIFT: BKCHCNBJ bic xx")
	f.Add("\xff\xfe\x00 invalid utf8 \xc3\x28 ？。！")
	f.Fuzz(func(t *testing.T, s string) {
		fx := Extract(s, testNow)
		for k, v := range fx.Spans {
			if !strings.Contains(s, v) {
				t.Fatalf("Spans[%q] = %q not in input %q", k, v, s)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(fx.Question) {
			t.Fatalf("Question is not valid UTF-8: %q", fx.Question)
		}
		if len(s) == 0 || len(s) > 16 {
			// Repeating a short unit is what defeats a scanner (a 64 KiB
			// run of "t5" or "1 "); longer inputs are checked as they are,
			// so that fuzzing stays fast.
			return
		}
		big := strings.Repeat(s, 64<<10/len(s)+1)[:64<<10]
		start := time.Now()
		bf := Extract(big, testNow)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Extract took %v on 64 KiB of %q", d, s)
		}
		for k, v := range bf.Spans {
			if !strings.Contains(big, v) {
				t.Fatalf("Spans[%q] = %q not in the 64 KiB input", k, v)
			}
		}
	})
}
