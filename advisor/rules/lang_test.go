package rules_test

import (
	"testing"

	"tradeguard/advisor"
)

// TestMultilingualPhrasings checks the Chinese and Spanish phrasings of an
// account change and of urgency named in issue 2, each inside a realistic
// sentence.
func TestMultilingualPhrasings(t *testing.T) {
	adv := newAdvisor(t)
	for _, c := range []struct{ rule, text, evidence string }{
		{"bank_account_change", "您好，我司已更改银行账户，请按新的PI付款。", "更改银行账户"},
		{"bank_account_change", "通知：公司变更银行账户，旧账户停止使用。", "变更银行账户"},
		{"bank_account_change", "尾款请打到我们的新账户，谢谢配合。", "新账户"},
		{"bank_account_change", "请汇到新账号：6222 0000 1111，户名见附件。", "新账号"},
		{"bank_account_change", "Le informamos un cambio de cuenta por auditoría, favor de no pagar a la anterior.", "cambio de cuenta"},
		{"bank_account_change", "Adjuntamos la nueva cuenta bancaria para el pago del saldo.", "nueva cuenta bancaria"},
		{"urgency_pressure", "请尽快安排付款，货已经装柜了。", "尽快安排付款"},
		{"urgency_pressure", "请马上付尾款，船明天开。", "马上付尾款"},
		{"urgency_pressure", "紧急：今天必须付定金，否则取消订单。", "紧急：今天必须付定金"},
		{"urgency_pressure", "Es urgente, realice el pago hoy para no perder el contenedor.", "urgente, realice el pago"},
		{"urgency_pressure", "Por favor transfiera el depósito lo antes posible.", "transfiera el depósito lo antes posible"},
	} {
		got := adv.Advise(advisor.Request{Text: c.text}, exampleNow)
		var ev string
		for _, f := range got.Flags {
			if f.ID == c.rule {
				ev = f.Evidence
			}
		}
		if ev != c.evidence {
			t.Errorf("%s on %q: evidence %q, want %q (flags %v)", c.rule, c.text, ev, c.evidence, flagIDs(got.Flags))
		}
	}
}
