package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/store/storetest"
)

// Canary personal data. None of it may reach a log line or the audit log;
// it may live only inside the case the buyer consented to share.
var privacyCanaries = []string{
	"DE89370400440532013000",      // IBAN
	"DE89 3704 0044 0532 0130 00", // the same, grouped
	"6217000010001234567",         // account number
	"li.wei.canary@163.com",       // e-mail
	"+86 138 1234 5678",           // phone
	"13812345678",                 // phone, bare
}

const canaryPaste = `Dear buyer, our bank account changed because of an audit. Pay USD 23,400 today to
Beneficiary: Li Wei, account 6217000010001234567, IBAN DE89 3704 0044 0532 0130 00.
Contact li.wei.canary@163.com or WhatsApp +86 138 1234 5678 (tel 13812345678).`

func checkNoCanaries(t *testing.T, where, text string) {
	t.Helper()
	for _, c := range privacyCanaries {
		if strings.Contains(text, c) {
			t.Errorf("%s carries %q:\n%s", where, c, text)
		}
	}
}

// TestLogsCarryNoPersonalData pastes canary values through the chat,
// escalation, a failing webhook, an unreachable webhook, an unreachable
// database and the cases commands at LOG_LEVEL=debug, then greps every log
// line and the audit log for them.
func TestLogsCarryNoPersonalData(t *testing.T) {
	hook := &lawyersHook{status: http.StatusInternalServerError}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	dataDir := t.TempDir()
	env := map[string]string{
		"DATA_DIR": dataDir, "LOG_LEVEL": "debug",
		"ESCALATION_WEBHOOK_URL": srv.URL, "ESCALATION_WEBHOOK_SECRET": hookSecret,
	}
	var logs strings.Builder
	runLogged := func(stdin string, env map[string]string, args ...string) string {
		t.Helper()
		_, out, errOut := run(t, stdin, env, args...)
		logs.WriteString(errOut)
		return out
	}
	chatIn := canaryPaste + "\n\nis this safe?\nescalate\nyes\nli.wei.canary@163.com\ncall me on +86 138 1234 5678\nquit\n"
	out := runLogged(chatIn, env, "chat")
	ref := refRE.FindString(out)
	if ref == "" {
		t.Fatalf("no case:\n%s", out)
	}
	// The receiver answered 500; now it is unreachable.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	env2 := map[string]string{"DATA_DIR": dataDir, "LOG_LEVEL": "debug",
		"ESCALATION_WEBHOOK_URL": closed + "/hook?token=" + "6217000010001234567", "ESCALATION_WEBHOOK_SECRET": hookSecret}
	runLogged("status "+ref+"\nquit\n", env2, "chat")
	runLogged("", env, "cases", "accept", ref, "--lawyer", "Ana Li")
	runLogged("", env, "cases", "list")
	runLogged("", env, "forget", "--user", "someone-else")
	// A database that cannot be reached: the chat still advises.
	runLogged(canaryPaste+"\n\nquit\n", map[string]string{"LOG_LEVEL": "debug",
		"DATABASE_URL": "postgres://tg:pw@127.0.0.1:1/tg?sslmode=disable&connect_timeout=1"}, "chat")

	if !strings.Contains(logs.String(), "notice delivery failed") {
		t.Errorf("the webhook failures were not logged at all (the test would prove nothing):\n%s", logs.String())
	}
	checkNoCanaries(t, "the log", logs.String())

	// The audit log has hashes, not the paste.
	st, err := openStore(context.Background(), Config{DataDir: dataDir}, newLogger(&bytes.Buffer{}, "error", true))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.FindAdvice(context.Background(), advisor.AdviceFilter{})
	if err != nil || len(recs) < 2 {
		t.Fatalf("audit records: %d, %v", len(recs), err)
	}
	var audit strings.Builder
	for _, r := range recs {
		audit.WriteString(r.Platform + r.UserHash + r.InputHash + string(r.Level) + strings.Join(r.Flags, ",") + r.Ruleset + "\n")
		if r.UserHash == "" || r.InputHash == "" || r.UserHash == "terminal" {
			t.Errorf("audit record without hashes: %+v", r)
		}
	}
	checkNoCanaries(t, "the audit log", audit.String())
	// The consented case does hold the paste: that is where it belongs.
	c, err := st.FindCaseByRef(context.Background(), ref)
	if err != nil || !strings.Contains(strings.Join(c.Inputs, ""), "6217000010001234567") {
		t.Errorf("the case lost the buyer's evidence: %v", err)
	}
	// What the operator sees about failed deliveries is redacted too.
	for _, n := range c.Notices {
		checkNoCanaries(t, "notice error", n.LastError)
	}
}

// TestRelayLogsRedactNotifierErrors: a notifier whose error repeats the
// paste (as a chat API may) leaks it neither to the log nor to the stored
// delivery error that `cases show` prints.
func TestRelayLogsRedactNotifierErrors(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			cfg := Config{DataDir: t.TempDir()}
			if kind == "postgres" {
				cfg.DatabaseURL = storetest.PostgresURL(t)
			}
			var logs bytes.Buffer
			log := newLogger(&logs, "debug", false)
			st, err := openStore(context.Background(), cfg, log)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			c := storetest.NewCase(advisor.Identity{Platform: "slack", UserID: "U1"}, "k", time.Now())
			c.Inputs = []string{canaryPaste}
			if err := st.CreateCase(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			leaky := advisor.NotifierFunc(func(ctx context.Context, n advisor.Notice) error {
				return errors.New("channel rejected message: " + n.Case.Inputs[0])
			})
			r := newRelay(cfg, st, map[string]advisor.Notifier{"slack": leaky}, nil, log)
			if _, err := r.Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			got, err := st.FindCaseByRef(context.Background(), c.Ref)
			if err != nil {
				t.Fatal(err)
			}
			var show bytes.Buffer
			printCase(&show, got)
			if !strings.Contains(logs.String(), "notice delivery failed") || !strings.Contains(show.String(), "channel rejected message") {
				t.Fatalf("no failure recorded:\n%s\n%s", logs.String(), show.String())
			}
			checkNoCanaries(t, "the log", logs.String())
			for _, n := range got.Notices {
				checkNoCanaries(t, "the stored delivery error", n.LastError)
			}
		})
	}
}

// TestLoggersRedact: every logger cmd makes masks personal data, whatever
// a caller passes it.
func TestLoggersRedact(t *testing.T) {
	var buf bytes.Buffer
	m := &Main{Stderr: &buf, Getenv: func(k string) string {
		if k == "LOG_LEVEL" {
			return "debug"
		}
		return ""
	}}
	cfg := Config{LogLevel: "debug"}
	for name, log := range map[string]interface {
		Info(string, ...any)
	}{
		"newLogger json": newLogger(&buf, "debug", false),
		"newLogger text": newLogger(&buf, "debug", true),
		"cmdLogger":      m.cmdLogger(cfg),
	} {
		buf.Reset()
		log.Info("pasted "+canaryPaste, "err", errors.New(canaryPaste), "paste", canaryPaste)
		if buf.Len() == 0 {
			t.Errorf("%s wrote nothing", name)
		}
		checkNoCanaries(t, name, buf.String())
	}
}
