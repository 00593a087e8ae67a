package advisor

import "testing"

// TestExtractFieldCases pins single facts on pastes where extraction once
// went wrong.
func TestExtractFieldCases(t *testing.T) {
	tests := []struct {
		name, text string
		check      func(f Facts) (got any, want any)
	}{
		{"CJK full stop ends a bank name",
			"收款人：HK RUIXIANG INTERNATIONAL CO., LIMITED，银行：汇丰银行香港。请尽快安排付款，今天之内最好。",
			func(f Facts) (any, any) { return f.BankName, "汇丰银行香港" }},
		{"CJK comma trimmed from a beneficiary",
			"收款人：HK RUIXIANG INTERNATIONAL CO., LIMITED，银行：汇丰银行香港。",
			func(f Facts) (any, any) { return f.BeneficiaryName, "HK RUIXIANG INTERNATIONAL CO., LIMITED" }},
		{"we need payment by USDT is money about to move",
			`"for this special price USD 68/unit (500 units) we need payment by USDT TRC20 because bank transfer take too long"`,
			func(f Facts) (any, any) { return f.PaymentStatus, "pending" }},
		{"quantity after a unit price makes the order amount",
			`"for this special price USD 68/unit (500 units) we need payment by USDT TRC20"`,
			func(f Facts) (any, any) { return deref(f.OrderAmountUSD), 34000.0 }},
		{"a quantity in a refund condition is not the order",
			"custom sample USD 100/design, refunded if order > 2,000 pairs/style",
			func(f Facts) (any, any) { return f.OrderAmountUSD == nil, true }},
		{"business type badge in a separated profile header",
			"Guangzhou Topfine Electronic Technology Co., Ltd\nGold Supplier · 1 YRS · Trading Company · not verified\nStore rating 3.4/5 (9 reviews)",
			func(f Facts) (any, any) { return f.BusinessType, "trading company" }},
		{"manufacturer badge between pipes",
			"Verified | 9 yrs | Custom Manufacturer | Trade Assurance: US$ 120,000",
			func(f Facts) (any, any) { return f.BusinessType, "manufacturer" }},
		{"收到 as an acknowledgement is not a receipt date",
			"王总：收到，谢谢，5月20日发货。",
			func(f Facts) (any, any) { return f.ReceiptDate + f.DeliveryDate, "" }},
		{"货已收到 with a date is a receipt date",
			"货已收到，5月20日收到货，质量有问题",
			func(f Facts) (any, any) { return f.DeliveryDate, "2026-05-20" }},
	}
	for _, tt := range tests {
		f := Extract(tt.text, testNow)
		if got, want := tt.check(f); got != want {
			t.Errorf("%s: got %v, want %v", tt.name, got, want)
		}
		checkSpans(t, tt.text, f)
	}
}

func TestQuestionIgnoresWhenClauses(t *testing.T) {
	text := "Confirmed receipt: 2026-05-04.\nWhen we unpacked, about 200 pcs flicker. We have not opened a dispute yet. What should we do?"
	if got := Extract(text, testNow).Question; got != "What should we do?" {
		t.Errorf("Question = %q", got)
	}
	if got := Extract("when does the dispute window start", testNow).Question; got != "when does the dispute window start" {
		t.Errorf("a lone question without '?' is still the question: %q", got)
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
