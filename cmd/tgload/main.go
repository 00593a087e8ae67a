// Command tgload sends signed Slack slash commands to a running
// `tradeguard serve` at a fixed rate and reports throughput and latency.
//
//	SLACK_SIGNING_SECRET=… go run ./cmd/tgload -url http://127.0.0.1:8080/slack/commands -rate 500 -duration 10s
//
// The load is open-loop: request i is due at start + i/rate whatever happened
// to earlier ones, and its latency counts from when it was due, so a server
// that falls behind shows it in the percentiles (no coordinated omission).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"time"

	slackbot "tradeguard/bot/slack"
)

// defaultText is a paste the deterministic path judges in full: a bank
// account change, urgency, an off-platform payment and a free e-mail address.
const defaultText = "Dear customer, our bank account is under audit, kindly pay the balance USD 23,400 to our new account asap. " +
	"Beneficiary: Zhang Wei, IBAN DE89370400440532013000, account 6222021001123456789, contact sales.cindy@163.com"

// Result is what a run measured.
type Result struct {
	Rate        float64        `json:"target_per_s"`
	Duration    time.Duration  `json:"duration_ns"`
	Sent        int            `json:"sent"`
	Answered    int            `json:"answered"` // 200 with a Block Kit answer
	Failed      int            `json:"failed"`   // transport errors
	Skipped     int            `json:"skipped"`  // due while -conns requests were in flight
	Status      map[int]int    `json:"status"`
	Throughput  float64        `json:"answered_per_s"`
	Percentiles map[string]int `json:"latency_us"`
}

func main() {
	fs := flag.NewFlagSet("tgload", flag.ExitOnError)
	target := fs.String("url", "http://127.0.0.1:8080/slack/commands", "slash command `endpoint`")
	secret := fs.String("secret", os.Getenv("SLACK_SIGNING_SECRET"), "signing `secret` (default $SLACK_SIGNING_SECRET)")
	rate := fs.Float64("rate", 500, "requests per second")
	duration := fs.Duration("duration", 10*time.Second, "how long to send")
	conns := fs.Int("conns", 256, "most requests in flight at once")
	users := fs.Int("users", 1000, "distinct Slack user IDs to spread the commands over")
	text := fs.String("text", defaultText, "command text")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	fs.Parse(os.Args[1:])
	if *secret == "" || *rate <= 0 || *duration <= 0 || *conns <= 0 || *users <= 0 {
		fmt.Fprintln(os.Stderr, "tgload: need -secret (or SLACK_SIGNING_SECRET), and positive -rate, -duration, -conns, -users")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := Run(ctx, Config{URL: *target, Secret: []byte(*secret), Rate: *rate, Duration: *duration, Conns: *conns, Users: *users, Text: *text})
	if err != nil {
		fmt.Fprintf(os.Stderr, "tgload: %v\n", err)
		os.Exit(1)
	}
	if *asJSON {
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	fmt.Print(res.String())
}

// Config is one load run.
type Config struct {
	URL      string
	Secret   []byte
	Rate     float64
	Duration time.Duration
	Conns    int
	Users    int
	Text     string
	Client   *http.Client // default: keep-alive transport sized to Conns
}

// Run sends the load and measures it.
func Run(ctx context.Context, c Config) (*Result, error) {
	if _, err := url.Parse(c.URL); err != nil {
		return nil, err
	}
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			MaxIdleConns: c.Conns, MaxIdleConnsPerHost: c.Conns,
			DialContext: (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext}}
	}
	form := url.Values{
		"token": {"load-test"}, "team_id": {"T0LOADTEST"}, "team_domain": {"load"}, "channel_id": {"C0LOADTEST"},
		"channel_name": {"load"}, "user_name": {"load"}, "command": {"/tradeguard"}, "text": {c.Text},
		"response_url": {"https://hooks.slack.com/commands/T0LOADTEST/1/load"}, "trigger_id": {"1.2.load"}, "api_app_id": {"A0LOADTEST"},
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		res       = &Result{Rate: c.Rate, Status: map[int]int{}}
		wg        sync.WaitGroup
		slots     = make(chan struct{}, c.Conns)
	)
	interval := time.Duration(float64(time.Second) / c.Rate)
	start := time.Now()
	end := start.Add(c.Duration)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !due.Before(end) || ctx.Err() != nil {
			break
		}
		if d := time.Until(due); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
		select {
		case slots <- struct{}{}:
		default:
			mu.Lock()
			res.Skipped++
			mu.Unlock()
			continue
		}
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("user_id", fmt.Sprintf("U0LOAD%05d", i%c.Users))
		body := []byte(f.Encode())
		wg.Go(func() {
			defer func() { <-slots }()
			code, answered, err := send(ctx, client, c.URL, c.Secret, body)
			took := time.Since(due)
			mu.Lock()
			defer mu.Unlock()
			res.Sent++
			switch {
			case err != nil:
				res.Failed++
			default:
				res.Status[code]++
				if answered {
					res.Answered++
					latencies = append(latencies, took)
				}
			}
		})
	}
	wg.Wait()
	res.Duration = time.Since(start)
	res.Throughput = float64(res.Answered) / res.Duration.Seconds()
	res.Percentiles = percentiles(latencies)
	if res.Sent == 0 {
		return res, errors.New("nothing was sent")
	}
	return res, nil
}

func send(ctx context.Context, client *http.Client, target string, secret, body []byte) (int, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(string(body)))
	if err != nil {
		return 0, false, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	slackbot.SignRequest(req, secret, time.Now(), body)
	res, err := client.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, false, err
	}
	return res.StatusCode, res.StatusCode == http.StatusOK && strings.Contains(string(raw), `"blocks"`), nil
}

// percentiles of ds in microseconds: p50, p90, p99, p99.9 and max.
func percentiles(ds []time.Duration) map[string]int {
	out := map[string]int{}
	if len(ds) == 0 {
		return out
	}
	slices.Sort(ds)
	at := func(q float64) int {
		i := int(q*float64(len(ds))+0.5) - 1
		return int(ds[max(0, min(i, len(ds)-1))].Microseconds())
	}
	out["p50"], out["p90"], out["p99"], out["p99.9"], out["max"] = at(0.50), at(0.90), at(0.99), at(0.999), int(ds[len(ds)-1].Microseconds())
	return out
}

// String is the human-readable report.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "target      %.0f commands/s for %s\n", r.Rate, r.Duration.Round(time.Millisecond))
	fmt.Fprintf(&b, "sent        %d (answered %d, transport errors %d, skipped at the in-flight cap %d)\n", r.Sent, r.Answered, r.Failed, r.Skipped)
	codes := make([]int, 0, len(r.Status))
	for c := range r.Status {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "status %d  %d\n", c, r.Status[c])
	}
	fmt.Fprintf(&b, "throughput  %.1f answered/s\n", r.Throughput)
	ms := func(k string) float64 { return float64(r.Percentiles[k]) / 1000 }
	fmt.Fprintf(&b, "latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", ms("p50"), ms("p90"), ms("p99"), ms("p99.9"), ms("max"))
	return b.String()
}
