package advisor

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"email keeps domain",
			"she now writes from cindy.wong88@163.com instead of sales@ningbo-hw.com",
			"she now writes from c***@163.com instead of s***@ningbo-hw.com"},
		{"iban in groups",
			"IBAN: DE89 3704 0044 0532 0130 00 (Commerzbank)",
			"IBAN: [IBAN DE…3000] (Commerzbank)"},
		{"iban compact, swift stays",
			"pay to GB29NWBK60161331926819, SWIFT NWBKGB2L",
			"pay to [IBAN GB…6819], SWIFT NWBKGB2L"},
		{"iban group of four before a word",
			"BE68 5390 0754 7034 Bank of Brussels",
			"[IBAN BE…7034] Bank of Brussels"},
		{"account label, grouped digits",
			"Account No.: 6217 0000 1234 5678 901\nSWIFT: BKCHCNBJ",
			"Account No.: [account …8901]\nSWIFT: BKCHCNBJ"},
		{"already masked account",
			"Beneficiary: GOLDEN H*** TRADING LIMITED\nAcc: 7890xxxxxx\nBest regards",
			"Beneficiary: GOLDEN H*** TRADING LIMITED\nAcc: [account]\nBest regards"},
		{"chinese account label",
			"户名：王小明 账号：6222021234567890123 开户行：中国银行",
			"户名：王小明 账号：[account …0123] 开户行：中国银行"},
		{"spanish cuenta",
			"Titular: Juan Perez, número de cuenta 0049 1500 0512 3456 7892",
			"Titular: Juan Perez, número de cuenta [account …7892]"},
		{"whatsapp with country code",
			"add me on WhatsApp +86 138 1234 5678 for faster reply",
			"add me on WhatsApp +86 [phone] for faster reply"},
		{"plus number without label",
			"call +8613812345678 now",
			"call [phone] now"},
		{"local phone after tel label",
			"Tel: 0574-8765 4321 / Mob: 138 1234 5678",
			"Tel: [phone] / Mob: [phone]"},
		{"wechat id after label",
			"wechat: cindy_hw88, 微信号：lucy2024",
			"wechat: [wechat id], 微信号：[wechat id]"},
		{"wechat word is not an id",
			"wechat silent, store suspended. what do i do?",
			"wechat silent, store suspended. what do i do?"},
		{"wechat id is a phone number",
			"WeChat/WhatsApp: 8613812345678",
			"WeChat/WhatsApp: [phone]"},
		{"telegram handle",
			"they moved to telegram @fastpay_cn and want USDT",
			"they moved to telegram @[id] and want USDT"},
		{"order number stays",
			"Order No. 2345678901234567 shipped, tracking 1Z999AA10123456784",
			"Order No. 2345678901234567 shipped, tracking 1Z999AA10123456784"},
		{"bare long number",
			"send it to 6222021234567890 today ok?",
			"send it to [number] today ok?"},
		{"amounts dates and sizes stay",
			"balance USD 23,400 by 2026-06-20 14:30; ¥1.200.000; sizes 38 39 40 41 42 43 44; 4,000 pcs at $1.85",
			"balance USD 23,400 by 2026-06-20 14:30; ¥1.200.000; sizes 38 39 40 41 42 43 44; 4,000 pcs at $1.85"},
		{"question keeps its words",
			"is it safe to pay 30% to acc 1234567890 at Bank of China?",
			"is it safe to pay 30% to acc [account …7890] at Bank of China?"},
		{"hotel is not tel",
			"hotel 123456789012 booking",
			"hotel [number] booking"},
		{"nothing to mask", "how many days do I have to open a dispute?", "how many days do I have to open a dispute?"},
		{"case references stay", "your case ACE-2026-000123 was sent to the AC&E team", "your case ACE-2026-000123 was sent to the AC&E team"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"DE89 3704 0044 0532 0130 00", true},
		{"GB29NWBK60161331926819", true},
		{"gb29 nwbk 6016 1331 9268 19", true},
		{"NL91ABNA0417164300", true},
		{"DE89 3704 0044 0532 0130 01", false}, // check digits wrong
		{"GB29NWBK6016133192681", false},       // one short
		{"XX29NWBK60161331926819", false},      // no such country
		{"CN12 3456 7890 1234 5678", false},    // China has no IBAN
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.in); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Canary values that must never survive Redact.
var redactCanaries = []struct{ line, secret string }{
	{"IBAN: DE89 3704 0044 0532 0130 00", "3704 0044 0532"},
	{"IBAN: GB29NWBK60161331926819", "60161331926819"},
	{"e-mail cindy.canary77@163.com", "cindy.canary77"},
	{"WhatsApp: +86 138 1234 5678", "1234 5678"},
	{"tel +8613912345678", "13912345678"},
	{"账号：6222021234567890123", "6222021234567890123"},
	{"Account number: 0049150005123456", "0049150005123456"},
}

func FuzzRedact(f *testing.F) {
	f.Add("Dear customer, kindly pay the balance", "to our new account asap")
	f.Add("order no", "12345")
	f.Add("x@", "@y.com")
	f.Add("wechat:", "微信")
	f.Add("+", "(+86)")
	f.Add(strings.Repeat("1 ", 40), strings.Repeat("a@b.", 20))
	f.Fuzz(func(t *testing.T, prefix, suffix string) {
		out := Redact(prefix + suffix)
		if utf8.ValidString(prefix+suffix) && !utf8.ValidString(out) {
			t.Fatalf("Redact broke UTF-8: %q", out)
		}
		for _, c := range redactCanaries {
			in := prefix + "\n" + c.line + "\n" + suffix
			if out := Redact(in); strings.Contains(out, c.secret) {
				t.Fatalf("canary %q survived in %q", c.secret, out)
			}
		}
	})
}

func BenchmarkRedact(b *testing.B) {
	text := strings.Repeat("Beneficiary: GOLDEN TRADING LIMITED\nAcc: 6217000012345678901\n"+
		"Tel: +86 574 8765 4321, e-mail cindy@163.com. Order 2345678901234567, USD 23,400 by 2026-06-20.\n", 40)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(text)
	}
}
