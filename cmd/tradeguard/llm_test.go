package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/llm/llmtest"
)

const llmQuestion = "how many days do I have to open a dispute?"

const llmPaste = `Supplier: Shenzhen Bright Star Co., Ltd (2 yrs on Alibaba.com)
Dear friend, our company bank account is under audit, kindly pay the balance USD 23,400 to our new account:
Beneficiary: Li Wei, IBAN DE89 3704 0044 0532 0130 00, e-mail cindy.wang@163.com, WhatsApp +86 138 1234 5678.
Please pay today. Can I open a dispute if the goods are late?`

func llmEnv(s *llmtest.Server, extra ...string) map[string]string {
	env := map[string]string{"OPENAI_BASE_URL": s.BaseURL(), "OPENAI_MODEL": "local-test", "OPENAI_TIMEOUT": "5s"}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return env
}

// sameVerdict fails unless a and b agree on everything the rules decide.
func sameVerdict(t *testing.T, a, b advisor.Advice) {
	t.Helper()
	if a.Level != b.Level || a.Score != b.Score || a.Escalate != b.Escalate || a.EscalationReason != b.EscalationReason ||
		!reflect.DeepEqual(a.Flags, b.Flags) || !reflect.DeepEqual(a.Facts, b.Facts) || a.Ruleset != b.Ruleset {
		t.Errorf("verdicts differ:\n%+v\n%+v", a, b)
	}
}

func TestAdviseUsesLLMServer(t *testing.T) {
	for _, text := range []string{llmQuestion, llmPaste} {
		s := llmtest.NewServer(t)
		code, out, errs := run(t, "", llmEnv(s), "advise", "--json", text)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		got := decodeAdvice(t, out)
		code, out, _ = run(t, "", nil, "advise", "--json", text)
		if code != exitOK {
			t.Fatal("advise without LLM failed")
		}
		plain := decodeAdvice(t, out)
		sameVerdict(t, got, plain)
		if len(plain.Citations) == 0 {
			t.Fatalf("%q: the extractive answer cites nothing, so there is nothing to ground on", text)
		}
		if got.AnswerSource != "llm" || !strings.Contains(got.Answer, "[1]") || len(got.Citations) == 0 {
			t.Errorf("%q: answer_source %q, answer %q, citations %d", text, got.AnswerSource, got.Answer, len(got.Citations))
		}
		// The citations are guide sections the extractive answer found.
		for _, c := range got.Citations {
			found := false
			for _, p := range plain.Citations {
				found = found || p.Title == c.Title
			}
			if !found {
				t.Errorf("cited %q, which retrieval did not return", c.Title)
			}
		}
		chats := s.Chats()
		if len(chats) != 1 || chats[0].Model != "local-test" {
			t.Fatalf("server saw %d chats", len(chats))
		}
		body := string(s.Requests()[0].Body)
		for _, secret := range []string{"DE89 3704", "cindy.wang", "138 1234 5678"} {
			if strings.Contains(body, secret) {
				t.Errorf("%q left for the LLM server unmasked", secret)
			}
		}
	}
}

func TestAdviseLLMFailuresKeepTheVerdict(t *testing.T) {
	code, out, _ := run(t, "", nil, "advise", "--json", llmPaste)
	if code != exitOK {
		t.Fatal("advise failed")
	}
	plain := decodeAdvice(t, out)
	tests := []struct {
		name  string
		setup func(s *llmtest.Server)
	}{
		{"server killed", func(s *llmtest.Server) { s.Close() }},
		{"hangs past OPENAI_TIMEOUT", func(s *llmtest.Server) {
			s.ChatFn = func(int, llmtest.Chat) llmtest.Reply { return llmtest.Reply{Hang: true} }
		}},
		{"500", func(s *llmtest.Server) {
			s.ChatFn = func(int, llmtest.Chat) llmtest.Reply { return llmtest.Reply{Status: 500} }
		}},
		{"429 far in the future", func(s *llmtest.Server) {
			s.ChatFn = func(int, llmtest.Chat) llmtest.Reply {
				return llmtest.Reply{Status: 429, Header: map[string][]string{"Retry-After": {"3600"}}}
			}
		}},
		{"nonsense", func(s *llmtest.Server) {
			s.ChatFn = func(int, llmtest.Chat) llmtest.Reply { return llmtest.Reply{Content: "asdf qwer zxcv"} }
		}},
		{"not JSON", func(s *llmtest.Server) {
			s.ChatFn = func(int, llmtest.Chat) llmtest.Reply { return llmtest.Reply{Body: "<html>gateway</html>"} }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.NewServer(t)
			tt.setup(s)
			start := time.Now()
			code, out, errs := run(t, "", llmEnv(s, "OPENAI_TIMEOUT", "400ms"), "advise", "--json", llmPaste)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("advise took %v with a 400 ms LLM timeout", elapsed)
			}
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got := decodeAdvice(t, out)
			if !reflect.DeepEqual(got, plain) {
				t.Errorf("the failed LLM changed the advice:\n got %+v\nwant %+v", got, plain)
			}
		})
	}
}

func TestAdviseBadLLMSettings(t *testing.T) {
	code, _, errs := run(t, "", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, "advise", "--json", llmQuestion)
	if code != exitUsage || !strings.Contains(errs, "OPENAI_BASE_URL") {
		t.Errorf("exit %d, stderr %q; want 2 naming OPENAI_BASE_URL", code, errs)
	}
}

func TestAdviseTextWithLLM(t *testing.T) {
	s := llmtest.NewServer(t)
	code, out, errs := run(t, "", llmEnv(s), "advise", llmQuestion)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "[1]") || !strings.Contains(out, "Sources:") {
		t.Errorf("text output lacks the cited LLM answer:\n%s", out)
	}
}

func TestChatUsesLLMServer(t *testing.T) {
	s := llmtest.NewServer(t)
	s.ChatFn = func(_ int, c llmtest.Chat) llmtest.Reply {
		r := llmtest.Grounded(c)
		r.Content = "LLM-WROTE-THIS " + r.Content
		return r
	}
	code, out, errs := run(t, llmQuestion+"\nquit\n", llmEnv(s), "chat")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "LLM-WROTE-THIS") || len(s.Chats()) != 1 {
		t.Errorf("chat did not use the LLM (%d requests):\n%s", len(s.Chats()), out)
	}
	// The guide's answer is printed first; the AI answer follows it.
	if i, j := strings.Index(out, "asking the AI assistant"), strings.Index(out, "LLM-WROTE-THIS"); i < 0 || j < i {
		t.Errorf("the AI answer did not follow the guide answer:\n%s", out)
	}
	if q := s.Chats()[0].Question(); q != llmQuestion {
		t.Errorf("the question did not reach the prompt: %q", q)
	}
}

func TestAdviseEmbeddingsCached(t *testing.T) {
	s := llmtest.NewServer(t)
	dir := t.TempDir()
	env := llmEnv(s, "OPENAI_EMBEDDING_MODEL", "stand-in-embed", "DATA_DIR", dir)
	texts := func() int {
		n := 0
		for _, in := range s.Embeds() {
			n += len(in)
		}
		return n
	}
	code, out, errs := run(t, "", env, "advise", "--json", llmQuestion)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	first := texts()
	if first < 10 {
		t.Fatalf("first run embedded %d texts; want every guide section and the query", first)
	}
	if a := decodeAdvice(t, out); len(a.Citations) == 0 {
		t.Error("hybrid retrieval found nothing")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cache", "embeddings-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file: %v, mode %v; want readable by its owner only", err, fi.Mode().Perm())
	}
	// A restart embeds only the new query.
	if code, _, errs := run(t, "", env, "advise", "--json", "can I get a refund for late shipment?"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got := texts() - first; got != 1 {
		t.Errorf("second run embedded %d texts, want 1 (the query)", got)
	}
	var cached map[string][]float32
	b, _ := os.ReadFile(files[0])
	if err := json.Unmarshal(b, &cached); err != nil || len(cached) < 10 {
		t.Errorf("cache holds %d vectors: %v", len(cached), err)
	}
}
