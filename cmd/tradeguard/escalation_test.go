package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/escalation"
	"tradeguard/advisor/store/storetest"
)

const (
	hookSecret = "whsec_e2e_9c1d"
	scamPaste  = `Dear customer, our company bank account is under audit this month.
Kindly pay the balance USD 23,400 to our new account today, it is urgent:
Beneficiary: Li Wei, Bank of China, account 6217000010001234567`
)

var refRE = regexp.MustCompile(`ACE-\d{4}-\d{6}`)

// lawyersHook is the law firm's webhook receiver: it verifies every request
// and keeps the events it accepted.
type lawyersHook struct {
	mu     sync.Mutex
	events []escalation.WebhookEvent
	bad    int
	status int // answer with this status instead of 204 when set
}

func (h *lawyersHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := escalation.VerifyRequest(r, hookSecret, 10<<20, time.Now())
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if h.status != 0 {
		w.WriteHeader(h.status)
		return
	}
	var ev escalation.WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	h.events = append(h.events, ev)
	w.WriteHeader(http.StatusNoContent)
}

func (h *lawyersHook) got() ([]escalation.WebhookEvent, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]escalation.WebhookEvent(nil), h.events...), h.bad
}

// TestEscalationEndToEnd is issue 4's "done when": from `tradeguard chat` a
// buyer pastes a scam, types escalate, confirms and gets a reference; the
// local webhook receiver gets one signed notice; `cases accept` and `cases
// close` change the status and the buyer sees it — with no configuration
// (SQLite) and with DATABASE_URL (PostgreSQL).
func TestEscalationEndToEnd(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			hook := &lawyersHook{}
			srv := httptest.NewServer(hook)
			defer srv.Close()
			env := map[string]string{
				"DATA_DIR":                  t.TempDir(),
				"ESCALATION_WEBHOOK_URL":    srv.URL + "/tradeguard",
				"ESCALATION_WEBHOOK_SECRET": hookSecret,
			}
			if store == "postgres" {
				env["DATABASE_URL"] = storetest.PostgresURL(t)
			}
			code, out, errOut := run(t, scamPaste+"\n\nescalate\nyes\nmia@example.org\nPlease hurry.\nquit\n", env, "chat")
			if code != exitOK {
				t.Fatalf("chat exit %d: %s", code, errOut)
			}
			ref := refRE.FindString(out)
			if ref == "" || !strings.Contains(out, "Your case reference is "+ref) {
				t.Fatalf("no reference in the chat:\n%s\nstderr:\n%s", out, errOut)
			}
			events, bad := hook.got()
			if len(events) != 1 || bad != 0 {
				t.Fatalf("receiver got %d signed notices (%d bad), want 1", len(events), bad)
			}
			ev := events[0]
			if ev.Event != "case_created" || ev.IdempotencyKey != ref+":case_created:webhook" || ev.Case.Ref != ref ||
				!strings.Contains(ev.Case.Inputs[0], "6217000010001234567") || ev.Case.Consent.Contact != "mia@example.org" {
				t.Errorf("notice %+v", ev)
			}

			show := func() string {
				t.Helper()
				code, out, errOut := run(t, "", env, "cases", "show", strings.ToLower(ref))
				if code != exitOK {
					t.Fatalf("cases show: exit %d: %s", code, errOut)
				}
				return out
			}
			out = show()
			for _, want := range []string{"Case " + ref + " — NEW", "Notice       sent", "terminal:terminal", "mia@example.org",
				"Please hurry.", "6217000010001234567", "case_created    -> webhook", "lawyers notified via webhook", "Consent"} {
				if !strings.Contains(out, want) {
					t.Errorf("cases show lacks %q:\n%s", want, out)
				}
			}

			code, out, errOut = run(t, "", env, "cases", "accept", ref, "--lawyer", "Ana Li")
			if code != exitOK || !strings.Contains(out, ref+" accepted by Ana Li") {
				t.Fatalf("cases accept: exit %d\n%s%s", code, out, errOut)
			}
			if out = show(); !strings.Contains(out, "— ACCEPTED") || !strings.Contains(out, "buyer:terminal   skipped") {
				t.Errorf("after accept:\n%s", out)
			}
			_, out, _ = run(t, "status "+ref+"\nquit\n", env, "chat")
			if !strings.Contains(out, "accepted by Ana Li") {
				t.Errorf("the buyer does not see the acceptance in the chat:\n%s", out)
			}
			code, out, errOut = run(t, "", env, "cases", "close", "--resolution", "Bank recall filed; do not pay the new account.", ref)
			if code != exitOK || !strings.Contains(out, ref+" closed") {
				t.Fatalf("cases close: exit %d\n%s%s", code, out, errOut)
			}
			if out = show(); !strings.Contains(out, "— CLOSED") || !strings.Contains(out, "Resolution   Bank recall filed") {
				t.Errorf("after close:\n%s", out)
			}
			_, out, _ = run(t, "status "+ref+"\nquit\n", env, "chat")
			if !strings.Contains(out, "closed by Ana Li. Resolution: Bank recall filed") {
				t.Errorf("the buyer does not see the closing:\n%s", out)
			}
			_, out, _ = run(t, "", env, "cases", "list", "--status", "closed")
			if !strings.Contains(out, ref) || !strings.Contains(out, "sent") {
				t.Errorf("cases list --status closed:\n%s", out)
			}
			_, out, _ = run(t, "", env, "cases", "export", ref)
			var c advisor.Case
			if err := json.Unmarshal([]byte(out), &c); err != nil || c.Ref != ref || c.Status != advisor.CaseClosed || len(c.Events) < 4 {
				t.Errorf("cases export: %v\n%s", err, out)
			}
			if events, _ := hook.got(); len(events) != 1 {
				t.Errorf("the receiver got %d notices in all, want 1", len(events))
			}
		})
	}
}

func TestCasesCommands(t *testing.T) {
	env := map[string]string{"DATA_DIR": t.TempDir()}
	_, out, _ := run(t, scamPaste+"\n\nescalate\nyes\n\n\nquit\n", env, "chat")
	ref := refRE.FindString(out)
	if ref == "" {
		t.Fatalf("no case:\n%s", out)
	}
	for _, tt := range []struct {
		args     []string
		code     int
		stdout   string
		stderr   string
		stdoutNo string
	}{
		{[]string{"cases"}, exitUsage, "", "Usage: tradeguard cases", ""},
		{[]string{"cases", "--help"}, exitOK, "accept REF --lawyer NAME", "", ""},
		{[]string{"cases", "accept", "--help"}, exitOK, "-lawyer", "", ""},
		{[]string{"cases", "nope"}, exitUsage, "", "unknown command", ""},
		{[]string{"cases", "show"}, exitUsage, "", "give one case reference", ""},
		{[]string{"cases", "show", "ACE-nope"}, exitUsage, "", "is not a case reference", ""},
		{[]string{"cases", "show", "ACE-2026-000999"}, exitError, "", "No case ACE-2026-000999 was found.", ""},
		{[]string{"cases", "accept", ref}, exitUsage, "", "--lawyer NAME is required", ""},
		{[]string{"cases", "close", ref}, exitUsage, "", "--resolution TEXT is required", ""},
		{[]string{"cases", "list", "--status", "open"}, exitUsage, "", "is not new, accepted", ""},
		{[]string{"cases", "list"}, exitOK, ref, "", ""},
		{[]string{"cases", "list", "--status", "accepted"}, exitOK, "No cases.", "", ref},
		{[]string{"cases", "list", "--json"}, exitOK, `"ref": "` + ref, "", ""},
		{[]string{"cases", "hold", ref, "--by", "Ana Li"}, exitOK, "is under legal hold", "", ""},
		{[]string{"cases", "show", ref}, exitOK, "Legal hold   yes", "", ""},
		{[]string{"cases", "retry", ref}, exitOK, "has no dead notices", "", ""},
		{[]string{"cases", "close", ref, "--resolution", "Duplicate"}, exitOK, "closed", "", ""},
		{[]string{"cases", "accept", ref, "--lawyer", "Bo"}, exitError, "", "only a new case can be accepted", ""},
		{[]string{"cases", "hold", ref, "--off"}, exitOK, "no longer under legal hold", "", ""},
	} {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) ||
			(tt.stdoutNo != "" && strings.Contains(out, tt.stdoutNo)) {
			t.Errorf("%q: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out, errOut)
		}
	}
}

func TestMigrateCommand(t *testing.T) {
	env := map[string]string{"DATA_DIR": t.TempDir()}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"migrate", "status"}, exitOK, "pending"},
		{[]string{"migrate"}, exitOK, "applied 00001_cases.sql"},
		{[]string{"migrate", "up"}, exitOK, "is up to date"},
		{[]string{"migrate", "status"}, exitOK, "00001_cases.sql"},
		{[]string{"migrate", "down"}, exitUsage, ""},
		{[]string{"migrate", "--help"}, exitOK, "advisory lock"},
	} {
		code, out, errOut := run(t, "", env, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) {
			t.Errorf("%q: exit %d (want %d)\n%s%s", tt.args, code, tt.code, out, errOut)
		}
	}
	if _, out, _ := run(t, "", env, "migrate", "status"); strings.Contains(out, "pending") {
		t.Errorf("still pending after up:\n%s", out)
	}
	t.Run("postgres", func(t *testing.T) {
		env := map[string]string{"DATABASE_URL": storetest.PostgresURL(t)}
		code, out, errOut := run(t, "", env, "migrate", "up")
		if code != exitOK || !strings.Contains(out, "applied 00001_cases.sql") || strings.Contains(out+errOut, "postgres@") {
			t.Errorf("migrate up on PostgreSQL: exit %d\n%s%s", code, out, errOut)
		}
	})
}

func TestForgetCommand(t *testing.T) {
	env := map[string]string{"DATA_DIR": t.TempDir()}
	var refs []string
	for _, paste := range []string{scamPaste, "Supplier asks me to pay USD 8,000 by Western Union to a personal name, is this ok?"} {
		_, out, _ := run(t, paste+"\n\nescalate\nyes\n\n\nquit\n", env, "chat")
		refs = append(refs, refRE.FindString(out))
	}
	if refs[0] == "" || refs[0] == refs[1] {
		t.Fatalf("cases %q, want two", refs)
	}
	if code, _, _ := run(t, "", env, "cases", "hold", refs[0]); code != exitOK {
		t.Fatal("hold failed")
	}
	code, out, errOut := run(t, "", env, "forget")
	if code != exitUsage || !strings.Contains(errOut, "--user ID is required") {
		t.Errorf("forget without --user: exit %d %s", code, errOut)
	}
	code, out, errOut = run(t, "", env, "forget", "--user", "terminal", "--platform", "terminal")
	if code != exitOK || !strings.Contains(out, "1 case(s) ("+refs[1]+")") || !strings.Contains(out, "Kept under legal hold: 1 case(s) ("+refs[0]+")") {
		t.Fatalf("forget: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := run(t, "", env, "cases", "show", refs[0]); code != exitOK || !strings.Contains(out, "Legal hold   yes") {
		t.Errorf("held case gone:\n%s", out)
	}
	if code, _, errOut := run(t, "", env, "cases", "show", refs[1]); code != exitError || !strings.Contains(errOut, "No case") {
		t.Errorf("erased case still there: %s", errOut)
	}
	code, out, _ = run(t, "", env, "forget", "--user", "terminal", "--json")
	var e advisor.Erasure
	if err := json.Unmarshal([]byte(out), &e); code != exitOK || err != nil || len(e.Held) != 1 || e.AdviceRecords != 0 {
		t.Errorf("forget --json: exit %d %v\n%s", code, err, out)
	}
}
