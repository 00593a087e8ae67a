package discord

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// fakeClock is a clock whose sleeps advance it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// TestWindowLimiter admits 200 events on a fake clock and checks that no
// window of one second ever holds more than 50.
func TestWindowLimiter(t *testing.T) {
	clk := &fakeClock{now: time.Unix(1780000000, 0)}
	l := newWindowLimiter(globalRequests, globalPer)
	l.now, l.sleep = clk.Now, clk.Sleep
	var at []time.Time
	for i := 0; i < 200; i++ {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		at = append(at, clk.Now())
	}
	for i := range at {
		j := sort.Search(len(at), func(j int) bool { return !at[j].Before(at[i].Add(time.Second)) })
		if n := j - i; n > globalRequests {
			t.Fatalf("%d events in the second from event %d", n, i)
		}
	}
	if got := at[len(at)-1].Sub(at[0]); got < 3*time.Second {
		t.Errorf("200 events took %v of fake time, want ≥ 3 s", got)
	}
	// A pause holds everything back.
	before := clk.Now()
	l.Pause(10 * time.Second)
	l.Wait(context.Background())
	if clk.Now().Sub(before) < 10*time.Second {
		t.Errorf("Pause did not hold the next event")
	}
}

// TestRESTRateCounted sends 120 REST calls at once through the real
// transport to the fake API and counts them per second at the server.
func TestRESTRateCounted(t *testing.T) {
	if testing.Short() {
		t.Skip("takes two seconds")
	}
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	var wg sync.WaitGroup
	var mu sync.Mutex
	var at []time.Time
	for i := 0; i < 120; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := tb.api.Channel(context.Background(), "610000000000000009"); err == nil || !isStatus(err, 404) {
				t.Errorf("want 404, got %v", err)
			}
			mu.Lock()
			at = append(at, time.Now())
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	// Responses come back in the order the requests were admitted; allow a
	// little scheduling slack below one second.
	for i := range at {
		j := sort.Search(len(at), func(j int) bool { return !at[j].Before(at[i].Add(900 * time.Millisecond)) })
		if n := j - i; n > globalRequests {
			t.Fatalf("%d requests within 0.9 s", n)
		}
	}
}

func isStatus(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == code
}

// TestRetryAfter: a 429 is retried after retry_after, a bounded number of
// times; a wait longer than maxRetryAfter is not sat out.
func TestRetryAfter(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	ch := "630000000000000001"
	tb.f.limit("POST", "/channels/"+ch+"/messages", 2, 0.2, false)
	start := time.Now()
	if _, err := tb.api.Send(context.Background(), ch, &discordgo.MessageSend{Content: "x"}, ""); err != nil {
		t.Fatal(err)
	}
	if got := time.Since(start); got < 400*time.Millisecond {
		t.Errorf("two 429s with retry_after 0.2 s sat out in %v", got)
	}
	if got := len(tb.f.match("POST", "/channels/"+ch+"/messages")); got != 3 {
		t.Errorf("%d attempts, want 3", got)
	}

	tb.f.limit("POST", "/channels/"+ch+"/messages", 10, 0.01, false)
	_, err := tb.api.Send(context.Background(), ch, &discordgo.MessageSend{Content: "y"}, "")
	var rl *discordgo.RateLimitError
	if !errors.As(err, &rl) {
		t.Errorf("after %d retries want the rate-limit error, got %v", maxRateLimitRetries, err)
	}

	ch2 := "630000000000000002"
	tb.f.limit("POST", "/channels/"+ch2+"/messages", 1, 3600, false)
	start = time.Now()
	if _, err := tb.api.Send(context.Background(), ch2, &discordgo.MessageSend{Content: "z"}, ""); !errors.As(err, &rl) {
		t.Errorf("a one-hour retry_after: got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("sat out a one-hour retry_after")
	}
}

// TestGlobal429Pauses: a global 429 holds back every route until
// Retry-After has passed.
func TestGlobal429Pauses(t *testing.T) {
	tb := newTestBot(t, func(c *Config) { c.Gateway = false })
	tb.f.limit("POST", "/channels/640000000000000001/messages", 1, 0.5, true)
	done := make(chan time.Time, 1)
	go func() {
		tb.api.Send(context.Background(), "640000000000000001", &discordgo.MessageSend{Content: "x"}, "")
		done <- time.Now()
	}()
	tb.f.waitFor("POST", "/channels/640000000000000001/messages (429)")
	lim := tb.session.Client.Transport.(*limitedTransport).global
	for paused := false; !paused; time.Sleep(time.Millisecond) { // the client has read the 429
		lim.mu.Lock()
		paused = lim.pause.After(time.Now())
		lim.mu.Unlock()
	}
	start := time.Now()
	if _, err := tb.api.Send(context.Background(), "640000000000000002", &discordgo.MessageSend{Content: "y"}, ""); err != nil {
		t.Fatal(err)
	}
	if got := time.Since(start); got < 300*time.Millisecond {
		t.Errorf("another route went out %v after a global 429 with Retry-After 0.5 s", got)
	}
	<-done
}

type statusTransport int

func (s statusTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: int(s), Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// TestInvalidRequestBudget: after invalidThreshold refused requests within
// ten minutes, requests stop until the window moves on.
func TestInvalidRequestBudget(t *testing.T) {
	clk := &fakeClock{now: time.Unix(1780000000, 0)}
	tr := newLimitedTransport(statusTransport(http.StatusUnauthorized))
	tr.now = clk.Now
	req, _ := http.NewRequest("POST", "http://x/api/v9/interactions/1/t/callback", nil)
	for i := 0; i < invalidThreshold; i++ {
		if _, err := tr.RoundTrip(req); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if _, err := tr.RoundTrip(req); !errors.Is(err, errInvalidBudget) {
		t.Fatalf("want errInvalidBudget, got %v", err)
	}
	clk.Sleep(context.Background(), invalidWindow+time.Second)
	if _, err := tr.RoundTrip(req); err != nil {
		t.Errorf("after the window: %v", err)
	}
}
