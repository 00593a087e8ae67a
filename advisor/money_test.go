package advisor

import (
	"math"
	"testing"
)

// firstMoney returns the first amount of money Extract reads in text.
func firstMoney(text string) (Money, bool) {
	e := newExtractor(text, testNow)
	e.sentences()
	e.scan()
	if len(e.money) == 0 {
		return Money{}, false
	}
	return e.money[0].m, true
}

func TestMoney(t *testing.T) {
	tests := []struct {
		in       string
		amount   float64
		currency string
		usd      float64
		text     string
	}{
		{"order US$12,000 total", 12000, "USD", 12000, "US$12,000"},
		{"USD 12k", 12000, "USD", 12000, "USD 12k"},
		{"about $1.2m of goods", 1.2e6, "USD", 1.2e6, "$1.2m"},
		{"12.000,00 EUR", 12000, "EUR", 12960, "12.000,00 EUR"},
		{"deposit €1.200 now", 1200, "EUR", 1296, "€1.200"},
		{"€1.200,50", 1200.5, "EUR", 1296.54, "€1.200,50"},
		{"unit price €2.35", 2.35, "EUR", 2.54, "€2.35"},
		{"¥35,000 for the mould", 35000, "CNY", 4900, "¥35,000"},
		{"RMB 50000", 50000, "CNY", 7000, "RMB 50000"},
		{"CNY 8.000", 8000, "CNY", 1120, "CNY 8.000"},
		{"USD 4.500 anticipo", 4500, "USD", 4500, "USD 4.500"},
		{"$0.125/pc", 0.125, "USD", 0.13, "$0.125"},
		{"5000 yuan", 5000, "CNY", 700, "5000 yuan"},
		{"合计3万元", 30000, "CNY", 4200, "3万元"},
		{"5万美元", 50000, "USD", 50000, "5万美元"},
		{"£900 deposit", 900, "GBP", 1143, "£900"},
		{"HK$ 78,000", 78000, "HKD", 9984, "HK$ 78,000"},
		{"1,200.50 USD", 1200.5, "USD", 1200.5, "1,200.50 USD"},
		{"US $5,000", 5000, "USD", 5000, "US $5,000"},
		{"pay 3,600 USDT", 3600, "USDT", 3600, "3,600 USDT"},
		{"$0.62/pc", 0.62, "USD", 0.62, "$0.62"},
		{"₦2,500,000", 2.5e6, "NGN", 1625, "₦2,500,000"},
		{"500 dólares", 500, "USD", 500, "500 dólares"},
		{"12,50 €", 12.5, "EUR", 13.5, "12,50 €"},
	}
	for _, tt := range tests {
		m, ok := firstMoney(tt.in)
		if !ok {
			t.Errorf("%q: no money read", tt.in)
			continue
		}
		if math.Abs(m.Amount-tt.amount) > 1e-9 || m.Currency != tt.currency || math.Abs(m.USD-tt.usd) > 0.005 || m.Text != tt.text {
			t.Errorf("%q = %+v, want {%v %s %v %q}", tt.in, m, tt.amount, tt.currency, tt.usd, tt.text)
		}
	}
}

func TestMoneyNotMoney(t *testing.T) {
	for _, in := range []string{
		"4,000 phone holders", "MOQ 1000/style", "30% deposit", "ISO9001", "try 5 samples", "pay us 5000 later",
		"2.9/5 (31 reviews)", "size 38",
	} {
		if m, ok := firstMoney(in); ok {
			t.Errorf("%q read as money %+v", in, m)
		}
	}
}

func TestToUSD(t *testing.T) {
	if got, ok := ToUSD(100, "EUR"); !ok || got != 108 {
		t.Errorf("ToUSD(100, EUR) = %v, %v", got, ok)
	}
	if _, ok := ToUSD(100, "XXX"); ok {
		t.Error("ToUSD accepted an unknown currency")
	}
	rates := ExchangeRates()
	rates["USD"] = 2 // a copy: the table itself must not change
	if got, _ := ToUSD(1, "USD"); got != 1 {
		t.Errorf("ExchangeRates returned the table itself: ToUSD(1, USD) = %v", got)
	}
}
