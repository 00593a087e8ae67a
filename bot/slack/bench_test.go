package slack

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/rules"
	"tradeguard/bot"
)

// BenchmarkSlashCommand is one signed slash command's round trip over real
// HTTP through the real handler: verification, parsing, the deterministic
// verdict with the real rules and guide, rendering and the JSON answer.
func BenchmarkSlashCommand(b *testing.B) {
	h := newHarness(b, func(c *Config, e *bot.Engine) {
		*e = *bot.NewEngine(advisor.New(rules.Default(), guideIndex(), advisor.Config{}))
		e.Log = c.Log
		c.Now = time.Now
	})
	srv := httptest.NewServer(h.h)
	defer srv.Close()
	form, _ := url.ParseQuery(strings.TrimSpace(readTestdata(b, "slash_command.form")))
	form.Set("text", scamPaste)
	client := srv.Client()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// Many buyers, as in a workspace: each conversation stays short.
		i++
		form.Set("user_id", fmt.Sprintf("U0BENCH%04d", i%1000))
		body := []byte(form.Encode())
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/commands", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		SignRequest(req, []byte(testSecret), time.Now(), body)
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || n < 500 {
			b.Fatalf("status %d, %d bytes", res.StatusCode, n)
		}
	}
}

// BenchmarkVerify is the signature check alone (1 KiB body).
func BenchmarkVerify(b *testing.B) {
	body := bytes.Repeat([]byte("a"), 1024)
	v := &Verifier{Secret: []byte(testSecret)}
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "/slack/commands", bytes.NewReader(body))
		SignRequest(r, v.Secret, time.Now(), body)
		if _, err := v.Verify(nil, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBlocks is rendering alone.
func BenchmarkBlocks(b *testing.B) {
	a := criticalAdvice()
	b.ReportAllocs()
	for b.Loop() {
		Blocks(a, Options{Ref: buyerRef, Share: true})
	}
}
