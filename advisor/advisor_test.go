package advisor_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"tradeguard/advisor"
)

var now = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

// always returns a rule that fires on keyword kw, quoting it.
func always(id string, sev advisor.Severity, kw string) advisor.Rule {
	return advisor.Rule{ID: id, Severity: sev, Title: id, Keywords: []string{kw},
		Match: func(in *advisor.Input) (advisor.Finding, bool) {
			i := strings.Index(in.Lower, kw)
			if i < 0 {
				return advisor.Finding{}, false
			}
			return advisor.Finding{Evidence: in.Text[i : i+len(kw)]}, true
		}}
}

func TestScore(t *testing.T) {
	flags := func(sevs ...advisor.Severity) []advisor.Flag {
		var out []advisor.Flag
		for _, s := range sevs {
			out = append(out, advisor.Flag{Severity: s})
		}
		return out
	}
	tests := []struct {
		flags []advisor.Flag
		want  int
	}{
		{nil, 0},
		{flags(advisor.SeverityLow), 5},
		{flags(advisor.SeverityMedium), 12},
		{flags(advisor.SeverityHigh), 25},
		{flags(advisor.SeverityCritical), 45},
		{flags(advisor.SeverityCritical, advisor.SeverityCritical), 70},
		{flags(advisor.SeverityCritical, advisor.SeverityHigh), 59},
	}
	for _, tt := range tests {
		if got := advisor.Score(tt.flags); got != tt.want {
			t.Errorf("Score(%v) = %d, want %d", tt.flags, got, tt.want)
		}
	}
	many := flags()
	for range 40 {
		many = append(many, advisor.Flag{Severity: advisor.SeverityCritical})
	}
	if got := advisor.Score(many); got < 0 || got > 100 {
		t.Errorf("score out of range: %d", got)
	}
}

func TestVerdictFloors(t *testing.T) {
	rs := advisor.Ruleset{Version: "t", Rules: []advisor.Rule{
		always("bank_account_change", advisor.SeverityCritical, "new account"),
		always("urgency_pressure", advisor.SeverityMedium, "asap"),
		always("short_history", advisor.SeverityLow, "1 yrs"),
	}}
	a := advisor.New(rs, nil, advisor.Config{})
	tests := []struct {
		text string
		want advisor.Level
	}{
		{"profile says 1 yrs on the platform", advisor.LevelLow},
		{"they want it asap", advisor.LevelMedium},
		// A payment-diversion flag alone is at least high.
		{"they mention a new account", advisor.LevelHigh},
	}
	for _, tt := range tests {
		if got := a.Advise(advisor.Request{Text: tt.text}, now).Level; got != tt.want {
			t.Errorf("%q: level %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestFollowUpUsesContext(t *testing.T) {
	rs := advisor.Ruleset{Version: "t", Rules: []advisor.Rule{always("bank_account_change", advisor.SeverityCritical, "new account")}}
	a := advisor.New(rs, nil, advisor.Config{})
	adv := a.Advise(advisor.Request{Context: "Please pay to our new account", Text: "is that normal?"}, now)
	if !adv.HasFlag("bank_account_change") {
		t.Error("a follow-up question must be judged against the earlier paste")
	}
}

func TestClipAndReadable(t *testing.T) {
	rs := advisor.Ruleset{Version: "t", Rules: []advisor.Rule{always("urgency_pressure", advisor.SeverityMedium, "asap")}}
	a := advisor.New(rs, nil, advisor.Config{MaxInputBytes: 10})
	// The limit falls inside a multi-byte rune; the cut must stay valid UTF-8.
	adv := a.Advise(advisor.Request{Text: "asap 价格价格价格"}, now)
	if !adv.Truncated || !adv.HasFlag("urgency_pressure") {
		t.Errorf("truncated=%v flags=%v", adv.Truncated, adv.Flags)
	}
	for _, f := range adv.Flags {
		if !utf8.ValidString(f.Evidence) {
			t.Errorf("invalid UTF-8 evidence %q", f.Evidence)
		}
	}
	big := advisor.New(rs, nil, advisor.Config{})
	for _, junk := range []string{"", " \n\t", "🙃🙃 ???", "\x00\x01\x02\x03\xff\xfe\x00\x00ab\x00\x00\x00\x00"} {
		adv := big.Advise(advisor.Request{Text: junk}, now)
		if adv.Level != advisor.LevelNone || adv.Flags == nil || adv.Citations == nil || adv.Answer == "" {
			t.Errorf("%q: %+v", junk, adv)
		}
	}
	if got := big.Advise(advisor.Request{Text: "\x00\x01\x02\x03\xff\xfe\x00\x00ab\x00\x00\x00\x00"}, now).Answer; got != advisor.UnreadableAnswer {
		t.Errorf("binary junk answer = %q", got)
	}
}

func TestRequestLogValueHidesText(t *testing.T) {
	r := advisor.Request{Text: "IBAN DE89370400440532013000 mail a@b.com", User: "U123", Platform: "slack"}
	v := r.LogValue().String()
	for _, secret := range []string{"DE89370400440532013000", "a@b.com", "U123"} {
		if strings.Contains(v, secret) {
			t.Errorf("log value leaks %q: %s", secret, v)
		}
	}
}

func TestErrors(t *testing.T) {
	err := advisor.Errorf(advisor.ENOTFOUND, "No case %s.", "ACE-2026-000001")
	if advisor.ErrorCode(err) != advisor.ENOTFOUND || advisor.ErrorMessage(err) != "No case ACE-2026-000001." {
		t.Errorf("coded error: %v", err)
	}
	plain := strings.NewReader("").UnreadRune()
	if advisor.ErrorCode(plain) != advisor.EINTERNAL || advisor.ErrorMessage(plain) != "Internal error." {
		t.Errorf("uncoded error must be internal and hidden: %v", plain)
	}
	if advisor.ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}
