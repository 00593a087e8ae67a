package advisor

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		in                          string
		delivery, receipt, shipment string
		expected                    string
	}{
		{in: "goods arrived 10 days ago, 30% broken", delivery: "2026-05-22"},
		{in: "we received on 3 Nov the container", delivery: "2025-11-03", receipt: "2025-11-03"},
		{in: "received the goods yesterday", delivery: "2026-05-31", receipt: "2026-05-31"},
		{in: "the container arrived three weeks ago", delivery: "2026-05-11"},
		{in: "received 2026-04-28, confirmed receipt on the order page", delivery: "2026-04-28", receipt: "2026-04-28"},
		{in: "delivered 20/05/2026", delivery: "2026-05-20"},
		{in: "delivered 05/20/2026", delivery: "2026-05-20"},
		{in: "it was delivered on May 2nd", delivery: "2026-05-02"},
		{in: "delivered on the 20th of April", delivery: "2026-04-20"},
		{in: "received on December 28 last year", delivery: "2025-12-28", receipt: "2025-12-28"},
		{in: "ship-by date June 20", shipment: "2026-06-20"},
		{in: "they shipped on 2026/5/9 by sea", shipment: "2026-05-09"},
		{in: "delivery date: July 30", expected: "2026-07-30"},
		{in: "货物已于2026年5月3日收到", delivery: "2026-05-03", receipt: "2026-05-03"},
		{in: "5月20日到货", delivery: "2026-05-20"},
		{in: "3天前收到货", delivery: "2026-05-29", receipt: "2026-05-29"},
		{in: "la mercancía llegó hace 2 semanas", delivery: "2026-05-18"},
		{in: "recibimos el pedido el 12 de mayo de 2026", delivery: "2026-05-12", receipt: "2026-05-12"},
		{in: "samples received on May 3, all good"},
		{in: "paid the deposit 3 weeks ago"},
		{in: "pay today please, goods ship on time"},
		{in: "may i ask about 3 things"},
		{in: "version 2.10.2026 of the spec"},
	}
	for _, tt := range tests {
		f := Extract(tt.in, now)
		if f.DeliveryDate != tt.delivery || f.ReceiptDate != tt.receipt || f.ShipmentDate != tt.shipment ||
			f.ExpectedDeliveryDate != tt.expected {
			t.Errorf("%q: delivery %q receipt %q shipment %q expected %q; want %q %q %q %q", tt.in,
				f.DeliveryDate, f.ReceiptDate, f.ShipmentDate, f.ExpectedDeliveryDate,
				tt.delivery, tt.receipt, tt.shipment, tt.expected)
		}
		checkSpans(t, tt.in, f)
	}
}

func TestNumericDateAt(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no date
	}{
		{"2026-06-20", "2026-06-20"},
		{"2026/6/20", "2026-06-20"},
		{"20.06.2026", "2026-06-20"},
		{"06/20/2026", "2026-06-20"},
		{"03/04/2026", "2026-04-03"}, // day first when both could be months
		{"2026-02-30", ""},
		{"31/31/2026", ""},
		{"12/05", ""},
		{"1.85", ""},
	}
	for _, tt := range tests {
		d, ok := numericDateAt(tt.in, 0, testNow)
		got := ""
		if ok {
			got = ymd(d.date)
		}
		if got != tt.want {
			t.Errorf("numericDateAt(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
