package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
)

// run runs the real program with args, stdin and env, and returns its exit
// status, stdout and stderr.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	dataDir := t.TempDir() // chat opens the case store in DATA_DIR: keep it out of the source tree
	m := &Main{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string {
			if v, ok := env[k]; ok || k != "DATA_DIR" {
				return v
			}
			return dataDir
		},
		Now: func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) },
	}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func decodeAdvice(t *testing.T, out string) advisor.Advice {
	t.Helper()
	var a advisor.Advice
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("stdout is not one Advice JSON object: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("stdout has more than one JSON value:\n%s", out)
	}
	return a
}

func TestAdviseJSONContract(t *testing.T) {
	code, out, errs := run(t, "", nil, "advise", "--json", "Please pay the balance USD 23,400 by Western Union to our manager")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	// Every key of the DESIGN.md contract is present, including the nine facts.
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"level", "score", "flags", "facts", "answer", "citations", "escalate", "escalation_reason", "ruleset"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("missing key %q in %s", k, out)
		}
	}
	facts := raw["facts"].(map[string]any)
	for _, k := range []string{"supplier_name", "years_on_platform", "verified", "trade_assurance_limit_usd", "order_amount_usd",
		"payment_method", "beneficiary_name", "beneficiary_country", "delivery_date"} {
		if _, ok := facts[k]; !ok {
			t.Errorf("missing facts key %q", k)
		}
	}
	for _, k := range []string{"flags", "citations"} {
		if _, ok := raw[k].([]any); !ok {
			t.Errorf("%s must be a JSON array (never null), got %v", k, raw[k])
		}
	}
	a := decodeAdvice(t, out)
	if a.Ruleset == "" {
		t.Error("empty ruleset")
	}
}

func TestAdviseReadsStdin(t *testing.T) {
	for _, args := range [][]string{{"advise", "--json"}, {"advise", "--json", "-"}} {
		code, out, _ := run(t, "how many days do I have to open a dispute?", nil, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d", args, code)
		}
		a := decodeAdvice(t, out)
		if a.Answer == "" || a.Answer == advisor.EmptyAnswer {
			t.Errorf("%v: the question read from stdin got no answer: %q", args, a.Answer)
		}
	}
}

func TestAdviseNothingToRead(t *testing.T) {
	tests := map[string]string{
		"empty":        "",
		"whitespace":   "   \n\t \n",
		"emoji":        "   \n\t 🙃🙃 ???\n",
		"binary":       string([]byte{0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x1b, 0x7f, 0x03, 0x04}),
		"invalid utf8": "\xff\xfe\xfd\xfc\xfb\xfa",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			code, out, _ := run(t, in, nil, "advise", "--json")
			if code != exitOK {
				t.Fatalf("exit %d, want 0", code)
			}
			a := decodeAdvice(t, out)
			if a.Level != advisor.LevelNone || len(a.Flags) != 0 || a.Escalate {
				t.Errorf("got level %q, %d flags, escalate %v; want none, 0, false", a.Level, len(a.Flags), a.Escalate)
			}
			if !strings.Contains(a.Answer, "Paste the supplier") {
				t.Errorf("answer does not say what to paste: %q", a.Answer)
			}
		})
	}
}

func TestAdviseHugePaste(t *testing.T) {
	line := "Dear friend, kindly send the deposit to our new bank account urgently, the old one is under audit. "
	huge := strings.Repeat(line, (1<<20)/len(line)+1) // > 1 MiB
	code, out, _ := run(t, huge, nil, "advise", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	a := decodeAdvice(t, out)
	if !a.Truncated {
		t.Error("a 1 MiB paste must be reported as truncated")
	}
	if a.Level == advisor.LevelNone {
		t.Error("the first 64 KiB of the paste should still be judged")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{nil, exitUsage},
		{[]string{"frobnicate"}, exitUsage},
		{[]string{"advise", "--bogus"}, exitUsage},
		{[]string{"advise", "--now", "yesterday", "x"}, exitUsage},
		{[]string{"chat", "extra"}, exitUsage},
		{[]string{"--help"}, exitOK},
		{[]string{"advise", "--help"}, exitOK},
		{[]string{"chat", "-h"}, exitOK},
		{[]string{"serve", "--help"}, exitOK},
	}
	for _, tt := range tests {
		code, out, errs := run(t, "", nil, tt.args...)
		if code != tt.want {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.want)
		}
		if tt.want == exitUsage && !strings.Contains(errs, "Usage") && !strings.Contains(errs, "usage") {
			t.Errorf("%v: no usage line on stderr: %q", tt.args, errs)
		}
		if tt.want == exitOK && !strings.Contains(out, "Usage") {
			t.Errorf("%v: --help printed no usage on stdout: %q", tt.args, out)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		code, out, errs := run(t, "", nil, c.name, "--help")
		if code != exitOK || !strings.Contains(out, "Usage: tradeguard "+c.name) {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q", c.name, code, out, errs)
		}
	}
}

func TestBadConfiguration(t *testing.T) {
	code, _, errs := run(t, "", map[string]string{"SLACK_BOT_TOKEN": "xoxp-user-token"}, "advise", "hi there")
	if code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(errs, "SLACK_BOT_TOKEN must start with \"xoxb-\"") {
		t.Errorf("unclear configuration error: %q", errs)
	}
}

func TestAdviseDeterministic(t *testing.T) {
	paste := "Supplier: Ningbo Sunrise Houseware Co., Ltd. Please note our new account at DBS Bank (Hong Kong), pay USD 23,400 asap."
	_, a, _ := run(t, "", nil, "advise", "--json", "--now", "2026-06-01", paste)
	_, b, _ := run(t, "", nil, "advise", "--json", "--now", "2026-06-01", paste)
	if a != b {
		t.Errorf("same input and clock gave different output:\n%s\n---\n%s", a, b)
	}
}

func TestAdviseHumanReadable(t *testing.T) {
	code, out, _ := run(t, "", nil, "advise", "hello, what is trade assurance?")
	if code != exitOK || strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Fatalf("exit %d; human form looks like JSON: %q", code, out)
	}
}

func TestChatQuits(t *testing.T) {
	code, out, _ := run(t, "what is trade assurance?\nquit\n", nil, "chat")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "Bye") {
		t.Errorf("chat did not say goodbye: %q", out)
	}
}

func TestServeWiresTheLLM(t *testing.T) {
	// A malformed LLM setting is only noticed when serve wires the writer.
	env := map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "LLM_MAX_INPUT_TOKENS": "10",
		"LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir()}
	code, _, errs := run(t, "", env, "serve")
	if code != exitUsage || !strings.Contains(errs, "LLM_MAX_INPUT_TOKENS") {
		t.Errorf("exit %d, stderr %q; want 2 naming LLM_MAX_INPUT_TOKENS", code, errs)
	}
}
