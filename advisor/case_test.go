package advisor_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"tradeguard/advisor"
)

func TestParseRef(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"ACE-2026-000123", "ACE-2026-000123", true},
		{" ace-2026-123 ", "ACE-2026-000123", true},
		{"Ace-2027-1", "ACE-2027-000001", true},
		{"ACE-2026-1234567", "ACE-2026-1234567", true},
		{"ACE-2026-000000", "", false},
		{"ACE-1999-000001", "", false},
		{"ACE-26-000001", "", false},
		{"ACE-2026-", "", false},
		{"ACE-2026-12a", "", false},
		{"ACE-2026--12", "", false},
		{"ACE-2026-+12", "", false},
		{"ACE 2026 000123", "", false},
		{"BCE-2026-000123", "", false},
		{"", "", false},
		{"ACE-2026-0000000000001", "", false},
	} {
		got, err := advisor.ParseRef(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRef(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && advisor.ErrorCode(err) != advisor.EINVALID {
			t.Errorf("ParseRef(%q) error code %q, want invalid", tt.in, advisor.ErrorCode(err))
		}
	}
}

// FuzzParseRef: whatever is typed, ParseRef either rejects it or returns a
// canonical reference that parses to itself.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"ACE-2026-000123", "ace-2026-1", "ACE-9999-999999999999", "ACE-2026-\u0661", "ACE-٢٠٢٦-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := advisor.ParseRef(s)
		if err != nil {
			if ref != "" {
				t.Fatalf("ParseRef(%q) returned %q with an error", s, ref)
			}
			return
		}
		again, err := advisor.ParseRef(ref)
		if err != nil || again != ref {
			t.Fatalf("ParseRef(%q) = %q, which parses to %q, %v", s, ref, again, err)
		}
		var y int
		var n int64
		if _, err := fmt.Sscanf(ref, "ACE-%4d-%d", &y, &n); err != nil || advisor.Ref(y, n) != ref {
			t.Fatalf("%q is not ACE-YYYY-NNNNNN: %v", ref, err)
		}
	})
}

func TestNoticeErrors(t *testing.T) {
	base := errors.New("HTTP 429")
	if advisor.Permanent(nil) != nil || advisor.RetryAfter(nil, time.Second) != nil {
		t.Error("wrapping nil must stay nil")
	}
	p := fmt.Errorf("slack: %w", advisor.Permanent(base))
	if !advisor.IsPermanent(p) || !errors.Is(p, base) || p.Error() != "slack: HTTP 429" {
		t.Errorf("Permanent: %v", p)
	}
	r := fmt.Errorf("webhook: %w", advisor.RetryAfter(base, 30*time.Second))
	if d, ok := advisor.RetryAfterOf(r); !ok || d != 30*time.Second || advisor.IsPermanent(r) || !errors.Is(r, base) {
		t.Errorf("RetryAfter: %v %v", d, ok)
	}
	if _, ok := advisor.RetryAfterOf(base); ok || advisor.IsPermanent(base) {
		t.Error("a plain error is neither permanent nor has a wait")
	}
	if advisor.BuyerDestination("slack") != "buyer:slack" || advisor.Ref(2026, 123) != "ACE-2026-000123" {
		t.Error("BuyerDestination or Ref")
	}
}
