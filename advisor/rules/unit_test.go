package rules

import (
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
)

func TestSameCompany(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Shenzhen Xin Hai Yi Knitwear Co., Ltd.", "XINHAIYI KNITWEAR CO., LIMITED", true},
		{"Shenzhen Xinhaiyi Knitwear Co.", "SHENZHEN XIN HAI YI KNITWEAR CO.,LTD.", true},
		{"Ningbo Hengda Houseware Co.,Ltd.", "NINGBO HENGDA HOUSEWARE CO LTD", true},
		{"Yiwu Hongfa Trading Co., Ltd", "Yiwu Hongfa Import & Export Co., Ltd", true},
		{"Hangzhou Greenleaf Bamboo Products Co., Ltd", "GREENLEAF BAMBOO INDUSTRIAL LIMITED", true},
		{"GOLDEN H*** TRADING LIMITED", "Ningbo ___ Houseware Co., Ltd", false},
		{"Hangzhou R*** Import Export Co.", "Zhejiang ___ Machinery Co., Ltd", false},
		{"Hangzhou R*** Import Export Co.", "Hangzhou ___ Import & Export Co., Ltd", true},
		{"WINSTAR GLOBAL TRADING LIMITED", "Dongguan Meilin Plastic Products Co., Ltd", false},
		{"Golden Ocean Trading Ltd", "Qingdao Haixin Tyre Co., Ltd.", false},
		{"*** LIMITED", "Anything Co., Ltd", true},
	} {
		if got := sameCompany(c.a, c.b); got != c.same {
			t.Errorf("sameCompany(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
		if got := sameCompany(c.b, c.a); got != c.same {
			t.Errorf("sameCompany(%q, %q) = %v, want %v (reversed)", c.b, c.a, got, c.same)
		}
	}
}

func TestPersonName(t *testing.T) {
	for name, want := range map[string]bool{
		"ZHANG WEI": true, "Chen Xiaoli": true, "Li Na": true, "Mr. Wang Lei": true, "王丽": true,
		"Ningbo Hengda Houseware Co., Ltd": false, "HK RUIXIANG INTERNATIONAL": false, "GOLDEN H*** TRADING LIMITED": false,
		"Sino Pacific Trading Ltd": false, "瑞祥家具有限公司": false, "": false, "ACME": false,
	} {
		if got := personName(name); got != want {
			t.Errorf("personName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestLookalikeHost(t *testing.T) {
	check := func(text string, want bool) {
		t.Helper()
		sc := newScan(text, strings.ToLower(text))
		hs := sc.hosts()
		if len(hs) == 0 {
			t.Fatalf("no host in %q", text)
		}
		if got := lookalikeHost(hs[0]); got != want {
			t.Errorf("lookalikeHost(%q) = %v, want %v", text, got, want)
		}
	}
	for _, h := range []string{"alibaba-secure-pay.com", "a1ibaba.com", "alibaba.com.pay-verify.net", "xn--alibab-8nf.com",
		"аlibaba.com", "aIibaba.com", "alibabba.com", "tradeassurance-alibaba.support", "paypa1.com", "aliexpress-refund.top"} {
		check(h, true)
	}
	for _, h := range []string{"alibaba.com", "www.alibaba.com", "sale.alibaba.com", "hengda.en.alibaba.com", "alibaba.com.cn",
		"aliexpress.com", "1688.com", "alipay.com", "paypal.com", "hengdahouseware.com", "global.alipay.com",
		"ａｌｉｂａｂａ.com"} { // full-width letters fold to alibaba.com itself
		check(h, false)
	}
}

func TestAmountsIn(t *testing.T) {
	got := amountsIn("quotes: $2.55-2.70/pc, usd 68/unit, 2.10 usd, €3 per set, ausd 5")
	type want struct {
		text string
		v    float64
		unit string
	}
	seg := "quotes: $2.55-2.70/pc, usd 68/unit, 2.10 usd, €3 per set, ausd 5"
	wants := []want{{"$2.55", 2.55, "pc"}, {"2.70", 2.70, "pc"}, {"usd 68", 68, "unit"}, {"2.10", 2.10, ""}, {"€3", 3, "set"}}
	if len(got) != len(wants) {
		t.Fatalf("amountsIn found %d amounts, want %d: %+v", len(got), len(wants), got)
	}
	for i, w := range wants {
		if g := got[i]; seg[g.sp.start:g.sp.end] != w.text || g.v != w.v || g.unit != w.unit {
			t.Errorf("amount %d = %q %v %q, want %q %v %q", i, seg[g.sp.start:g.sp.end], g.v, g.unit, w.text, w.v, w.unit)
		}
	}
}

func TestIsQuestion(t *testing.T) {
	for s, want := range map[string]bool{
		"can i pay outside alibaba?": true, " is it normal?": true, "how do i know?": true,
		"pay outside alibaba, ok?": false, "we can ship today.": false, "scam or normal?": false,
	} {
		if got := isQuestion(s); got != want {
			t.Errorf("isQuestion(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestNormalizeView checks the view undoes each hiding trick and maps back
// to the exact input bytes.
func TestNormalizeView(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"I\u200bgnore", "ignore"},
		{"ＩＧＮＯＲＥ", "ignore"},
		{"іgnоrе", "ignore"}, // Cyrillic і, о, е among Latin letters
		{"1gn0r3 4ll", "ignore all"},
		{"i g n o r e", "ignore"},
		{"s.y.s.t.e.m", "system"},
		{"Ig\u00adnore   previous", "ignore previous"},
		{"Игнорируй все", "игнорируй все"}, // Russian stays Russian
		{"instrucciónes", "instrucciones"},
		{"पिछले", "पिछले"}, // Devanagari vowel signs are kept
	} {
		v := normalizeView(c.in, []span{{0, len(c.in)}})
		if v.s != c.want {
			t.Errorf("view(%q) = %q, want %q", c.in, v.s, c.want)
		}
		if len(v.start) != len(v.s) || len(v.s) > 0 && (v.start[0] < 0 || int(v.end[len(v.s)-1]) > len(c.in)) {
			t.Errorf("view(%q): offsets out of range", c.in)
		}
	}
}

// TestDisputeWindow checks the deadline arithmetic and the advice text on
// facts given directly (no extraction involved).
func TestDisputeWindow(t *testing.T) {
	now := time.Date(2026, 6, 1, 18, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		text     string
		delivery string
		window   int
		fires    bool
		evidence string
		advice   []string
	}{
		{"near", "Confirmed receipt: 2026-05-04, supplier still negotiating", "2026-05-04", 0, true, "2026-05-04",
			[]string{"2026-05-04", "30-day rule", "2026-06-03", "2 days left", "about 15 days"}},
		{"last day", "Goods delivered 2026-05-02.", "2026-05-02", 0, true, "2026-05-02", []string{"today, 2026-06-01, is the last day"}},
		{"passed", "received 2026-04-20, half are defective", "2026-04-20", 0, true, "2026-04-20",
			[]string{"2026-05-20", "12 days ago", "offline"}},
		{"far, no problem", "received 2026-05-25, all good, thanks", "2026-05-25", 0, false, "", nil},
		{"far, quality problem", "received 2026-05-25, 30% are broken", "2026-05-25", 0, true, "30% are broken", []string{"2026-06-24", "23 days left"}},
		{"15-day window", "received 2026-05-20, all good", "2026-05-20", 15, true, "2026-05-20",
			[]string{"15-day window assumed here", "2026-06-04", "3 days left", "30 days after confirmed receipt"}},
		{"future delivery", "delivery date 2026-06-20", "2026-06-20", 0, false, "", nil},
		{"no date, quality", "the goods arrived, quality is very bad", "", 0, true, "quality is very bad", []string{"30 days after delivery"}},
		{"dispute open", "received 2026-04-20, 40% broken, I opened a dispute", "2026-04-20", 0, false, "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := advisor.Facts{DeliveryDate: c.delivery, Spans: map[string]string{}}
			if c.delivery != "" {
				f.Spans["delivery_date"] = c.delivery
			}
			cfg := advisor.Config{DisputeWindowDays: c.window}
			in := &advisor.Input{Text: c.text, Lower: strings.ToLower(c.text), Facts: &f, Now: now, Config: &cfg}
			got, ok := matchDisputeWindow(in)
			if ok != c.fires {
				t.Fatalf("fires = %v, want %v (%+v)", ok, c.fires, got)
			}
			if !ok {
				return
			}
			if got.Evidence != c.evidence {
				t.Errorf("evidence %q, want %q", got.Evidence, c.evidence)
			}
			for _, w := range c.advice {
				if !strings.Contains(got.Advice, w) {
					t.Errorf("advice lacks %q:\n%s", w, got.Advice)
				}
			}
		})
	}
}
