package bot_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"tradeguard/bot"
)

// Canary values: a valid IBAN, an account number, an e-mail, phone numbers.
var canaries = []string{
	"DE89370400440532013000",
	"DE89 3704 0044 0532 0130 00",
	"6217000010001234567",
	"li.wei.canary@163.com",
	"+86 138 1234 5678",
	"13812345678",
}

type stringer string

func (s stringer) String() string { return string(s) }

type logValuer struct{ account string }

func (l logValuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("account", "account "+l.account), slog.Int("n", 3))
}

func TestRedactHandler(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			var h slog.Handler = slog.NewJSONHandler(&buf, nil)
			if format == "text" {
				h = slog.NewTextHandler(&buf, nil)
			}
			log := slog.New(bot.NewRedactHandler(h))
			paste := "Pay to account 6217000010001234567, IBAN DE89 3704 0044 0532 0130 00, " +
				"mail li.wei.canary@163.com or WhatsApp +86 138 1234 5678 / tel 13812345678"
			log.Info("buyer pasted: " + paste)
			log.Warn("delivery failed", "err", errors.New("webhook rejected "+paste), "body", []byte(paste),
				"who", stringer("li.wei.canary@163.com"), "acct", int64(6217000010001234567),
				slog.Group("case", slog.String("note", paste), slog.Any("map", map[string]string{"iban": "DE89370400440532013000"})),
				"valuer", logValuer{"6217000010001234567"})
			log.With("contact", "li.wei.canary@163.com").WithGroup("g").Error("x", "phone", "+86 138 1234 5678")
			log.Info("kept", "ref", "ACE-2026-000123", "key", "ACE-2026-000123:case_created:webhook", "level", "critical",
				"score", 91, "attempt", 3, "bank", "DBS Bank (Hong Kong)", "amount", "USD 23,400", "swift", "DBSSHKHH")
			out := buf.String()
			for _, c := range canaries {
				if strings.Contains(out, c) {
					t.Errorf("canary %q in the log:\n%s", c, out)
				}
			}
			for _, keep := range []string{"ACE-2026-000123", "ACE-2026-000123:case_created:webhook", "critical", "91",
				"DBS Bank (Hong Kong)", "USD 23,400", "DBSSHKHH", "@163.com", "delivery failed"} {
				if !strings.Contains(out, keep) {
					t.Errorf("redaction removed %q:\n%s", keep, out)
				}
			}
		})
	}
}

func TestRedactHandlerLevels(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(bot.NewRedactHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn})))
	log.Info("hidden")
	log.Warn("shown")
	if out := buf.String(); strings.Contains(out, "hidden") || !strings.Contains(out, "shown") {
		t.Errorf("levels not respected: %q", out)
	}
	if fmt.Sprint(log.Enabled(t.Context(), slog.LevelDebug)) != "false" {
		t.Error("Enabled(debug) = true")
	}
}
