package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackbot "tradeguard/bot/slack"
)

// TestRun drives a stand-in endpoint that verifies the signatures with the
// real verifier: every command is signed correctly and counted.
func TestRun(t *testing.T) {
	secret := []byte("load-secret")
	v := &slackbot.Verifier{Secret: secret}
	var got, bad atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := v.Verify(w, r)
		if err != nil || !strings.Contains(string(body), "user_id=U0LOAD") {
			bad.Add(1)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		got.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"response_type":"ephemeral","blocks":[]}`))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{URL: srv.URL, Secret: secret, Rate: 200, Duration: 500 * time.Millisecond, Conns: 32, Users: 10, Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	if bad.Load() != 0 || res.Answered != int(got.Load()) || res.Answered < 90 || res.Status[200] != res.Answered {
		t.Fatalf("answered %d of %d sent, server saw %d good and %d bad: %+v", res.Answered, res.Sent, got.Load(), bad.Load(), res)
	}
	if res.Percentiles["p99"] <= 0 || res.Percentiles["p50"] > res.Percentiles["p99"] || !strings.Contains(res.String(), "p99") {
		t.Fatalf("percentiles %v", res.Percentiles)
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 1000; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(ds)
	if p["p50"] != 500000 || p["p99"] != 990000 || p["max"] != 1000000 {
		t.Fatalf("%v", p)
	}
}
