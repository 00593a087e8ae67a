package advisor

import (
	"slices"
	"testing"
)

func TestPaymentMethods(t *testing.T) {
	tests := []struct {
		in     string
		method string   // the one asked for
		all    []string // all named, in order
		span   string   // evidence of method
	}{
		{"please pay by T/T", PayTT, []string{PayTT}, "T/T"},
		{"they want 50% TT to start", PayTT, []string{PayTT}, "TT"},
		{"payment by telegraphic transfer only", PayTT, []string{PayTT}, "telegraphic transfer"},
		{"before we wire the balance", PayTT, []string{PayTT}, "wire"},
		{"付款方式：电汇", PayTT, []string{PayTT}, "电汇"},
		{"forma de pago: transferencia bancaria", PayTT, []string{PayTT}, "transferencia bancaria"},
		{"send it by Western Union to my manager", PayWesternUnion, []string{PayWesternUnion}, "Western Union"},
		{"MoneyGram is faster for us", PayMoneyGram, []string{PayMoneyGram}, "MoneyGram"},
		{"pay with PayPal F&F to avoid fees", PayPayPalFF, []string{PayPayPalFF}, "PayPal F&F"},
		{"we accept PayPal", PayPayPal, []string{PayPayPal}, "PayPal"},
		{"send 2 BTC to this wallet", PayCrypto, []string{PayCrypto}, "BTC"},
		{"USDT TRC20 only please", PayCrypto, []string{PayCrypto}, "USDT"},
		{"pay the customs fee with Google Play card codes", PayGiftCard, []string{PayGiftCard}, "Google Play card"},
		{"pay through Alibaba.com secure payment", PayAlibaba, []string{PayAlibaba}, "Alibaba.com secure payment"},
		{"we'll use Pay Later for this order", PayLater, []string{PayLater}, "Pay Later"},
		{"over 20k we require L/C at sight", PayLC, []string{PayLC}, "L/C"},
		{"payment terms: letter of credit", PayLC, []string{PayLC}, "letter of credit"},
		{"(TT, not TA) and no PayPal", PayTT, []string{PayTT}, "TT"},
		{"copper wire harness, 2000 pcs", "", nil, ""},
		{"our cash flow is tight", "", nil, ""},
	}
	for _, tt := range tests {
		f := Extract(tt.in, testNow)
		if f.PaymentMethod != tt.method || !slices.Equal(f.PaymentMethods, tt.all) || f.Span("payment_method") != tt.span {
			t.Errorf("%q: method %q %q (span %q), want %q %q (span %q)", tt.in, f.PaymentMethod, f.PaymentMethods,
				f.Span("payment_method"), tt.method, tt.all, tt.span)
		}
	}
}

func TestPaymentInstructionLabels(t *testing.T) {
	tests := []struct {
		in                       string
		beneficiary, bank, swift string
		account, bankCountry     string
	}{
		{in: "Beneficiary: GOLDEN TRADING LIMITED\nBank: DBS Bank (Hong Kong) Ltd\nAcc: 7890123456",
			beneficiary: "GOLDEN TRADING LIMITED", bank: "DBS Bank (Hong Kong) Ltd", account: "7890123456", bankCountry: "Hong Kong"},
		{in: "Account name: LI XIAOMING\nAccount number: 6217 0012 3456 7890\nBank name: China Merchants Bank",
			beneficiary: "LI XIAOMING", bank: "China Merchants Bank", account: "6217 0012 3456 7890", bankCountry: "China"},
		{in: "A/C name: ZHANG WEI  A/C no: 4412-8890-0021  SWIFT/BIC: ICBKCNBJGDG",
			beneficiary: "ZHANG WEI", swift: "ICBKCNBJGDG", account: "4412-8890-0021", bankCountry: "China"},
		{in: "Beneficiary name: Hengda Trading Co., Ltd\nBeneficiary bank: HSBC\nSWIFT code: HSBCHKHHHKH",
			beneficiary: "Hengda Trading Co., Ltd", bank: "HSBC", swift: "HSBCHKHHHKH", bankCountry: "Hong Kong"},
		{in: "受益人：深圳市恒达贸易有限公司\n开户行：招商银行深圳分行\n账号：7559 1234 5678 901",
			beneficiary: "深圳市恒达贸易有限公司", bank: "招商银行深圳分行", account: "7559 1234 5678 901", bankCountry: "China"},
		{in: "户名：王芳 卡号：6222 0000 1111 2222",
			beneficiary: "王芳", account: "6222 0000 1111 2222"},
		{in: "Beneficiario: Textiles del Norte S.A.\nBanco: BBVA\nCuenta: 0182 1234 5678 9012",
			beneficiary: "Textiles del Norte S.A.", bank: "BBVA", account: "0182 1234 5678 9012"},
		{in: "SWIFT: ABCDXX12 (please use this)", swift: ""}, // XX is no country
		{in: "SWIFT: BKCHCN (short)", swift: ""},
		{in: "swift code is BKCHCNBJ", swift: "BKCHCNBJ", bankCountry: "China"},
		{in: "IBAN: GB29 NWBK 6016 1331 9268 19", bankCountry: "United Kingdom"},
		{in: "please send to our account at a bank in Istanbul, Turkey", bankCountry: "Turkey"},
	}
	for _, tt := range tests {
		f := Extract(tt.in, testNow)
		if f.BeneficiaryName != tt.beneficiary || f.BankName != tt.bank || f.SWIFT != tt.swift ||
			f.AccountNumber != tt.account || f.BankCountry != tt.bankCountry {
			t.Errorf("%q:\n got beneficiary %q bank %q swift %q account %q country %q\nwant beneficiary %q bank %q swift %q account %q country %q",
				tt.in, f.BeneficiaryName, f.BankName, f.SWIFT, f.AccountNumber, f.BankCountry,
				tt.beneficiary, tt.bank, tt.swift, tt.account, tt.bankCountry)
		}
		checkSpans(t, tt.in, f)
	}
}

func TestPaymentStatus(t *testing.T) {
	tests := []struct{ in, want, span string }{
		{"Kindly arrange the balance USD 23,400 to our new account", "pending", "Kindly arrange"},
		{"got this right before we wire the 70% balance", "pending", "before we wire"},
		{"they want 50% TT to start production", "pending", "they want"},
		{"she says pay either one", "pending", "pay either one"},
		{"should i pay the deposit now?", "pending", "should i pay"},
		{"wired 30% deposit USD 12,500 three weeks ago", "paid", "wired"},
		{"we paid in full and the supplier disappeared", "paid", "we paid"},
		{"I sent the money last Friday", "paid", "sent the money"},
		{"no deposit paid yet. bait & switch?", "", ""},
		{"we always paid TT direct to their BOC acct", "", ""},
		{"the customs fee must be paid with gift cards", "", ""},
		{"they want a video call first", "", ""},
	}
	for _, tt := range tests {
		f := Extract(tt.in, testNow)
		if f.PaymentStatus != tt.want || f.Span("payment_status") != tt.span {
			t.Errorf("%q: status %q (span %q), want %q (span %q)", tt.in, f.PaymentStatus, f.Span("payment_status"), tt.want, tt.span)
		}
	}
}
