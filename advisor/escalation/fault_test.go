package escalation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tradeguard/advisor"
	"tradeguard/advisor/escalation"
	"tradeguard/advisor/store/postgres"
	"tradeguard/advisor/store/storetest"
)

// Fault tests against the real PostgreSQL (issue 4: "Faults that tests must
// survive"). They skip without a server, and fail under CI=true.

func openPG(t *testing.T, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// signedReceiver is a lawyers' system behind the webhook: it verifies every
// request and counts deliveries by idempotency key. While down it answers
// 503.
type signedReceiver struct {
	down     atomic.Bool
	mu       sync.Mutex
	got      map[string]int
	refused  int
	badSig   int
	attempts int
}

func newSignedReceiver() *signedReceiver { return &signedReceiver{got: map[string]int{}} }

func (rc *signedReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := escalation.VerifyRequest(r, secret, 10<<20, time.Now())
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.attempts++
	if err != nil {
		rc.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.down.Load() {
		rc.refused++
		w.Header().Set("Retry-After", "0")
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	var ev escalation.WebhookEvent
	if err := json.Unmarshal(body, &ev); err != nil || ev.IdempotencyKey != r.Header.Get("Idempotency-Key") || ev.Case == nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	rc.got[ev.IdempotencyKey]++
	w.WriteHeader(http.StatusNoContent)
}

func (rc *signedReceiver) snapshot() (got map[string]int, badSig int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[string]int, len(rc.got))
	for k, v := range rc.got {
		out[k] = v
	}
	return out, rc.badSig
}

// serve starts h on addr ("127.0.0.1:0" for any port) and returns its URL.
func serve(t *testing.T, addr string, h http.Handler) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	stop := func() { srv.Close() }
	t.Cleanup(stop)
	return "http://" + ln.Addr().String() + "/hooks/tradeguard", stop
}

func webhookRelay(db advisor.Outbox, url string) *escalation.Relay {
	r := fastRelay(db, slog.New(slog.DiscardHandler))
	r.MaxAttempts, r.MaxDelay = 1000, 100*time.Millisecond
	r.Lawyers = map[string]advisor.Notifier{"webhook": &escalation.Webhook{URL: url, Secret: secret, Timeout: 2 * time.Second}}
	return r
}

// TestFaultWebhookDown: the lawyers' system is unreachable (connection
// refused), then answers 503, then comes back. The case is stored at once;
// the notice arrives once, after it is back.
func TestFaultWebhookDown(t *testing.T) {
	db := openPG(t, storetest.PostgresURL(t))
	// Reserve a port, then free it: connections are refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	url := "http://" + addr + "/hooks/tradeguard"
	run(t, webhookRelay(db, url))

	c := storetest.NewCase(storetest.Buyer, "down-1", time.Now())
	start := time.Now()
	if err := db.CreateCase(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("CreateCase took %v with the receiver down; it must not wait for it", took)
	}
	if _, err := db.FindCaseByRef(context.Background(), c.Ref); err != nil {
		t.Fatalf("case not stored at once: %v", err)
	}
	eventually(t, "failed attempts to be recorded", func() bool {
		got, _ := db.FindCaseByRef(context.Background(), c.Ref)
		for _, n := range got.Notices {
			if n.Destination == "webhook" && n.Attempts >= 2 && n.State == advisor.NoticePending {
				return true
			}
		}
		return false
	})
	// Back, but answering 503 for a while.
	rc := newSignedReceiver()
	rc.down.Store(true)
	serve(t, addr, rc)
	eventually(t, "503 answers", func() bool { rc.mu.Lock(); defer rc.mu.Unlock(); return rc.refused >= 2 })
	rc.down.Store(false)
	key := c.Ref + ":case_created:webhook"
	eventually(t, "the notice to arrive", func() bool { got, _ := rc.snapshot(); return got[key] == 1 })
	eventually(t, "the notice to be marked sent", func() bool {
		got, _ := db.FindCaseByRef(context.Background(), c.Ref)
		return got.NoticeState == advisor.NoticeSent
	})
	time.Sleep(200 * time.Millisecond) // give a wrong second delivery the chance to happen
	if got, bad := rc.snapshot(); got[key] != 1 || len(got) != 1 || bad != 0 {
		t.Errorf("receiver got %v (%d badly signed), want %s once", got, bad, key)
	}
}

// TestFaultTwoRelays: two replicas relay the same outbox; each notice
// reaches the receiver exactly once.
func TestFaultTwoRelays(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	a, b := openPG(t, dsn), openPG(t, dsn)
	rc := newSignedReceiver()
	url, _ := serve(t, "127.0.0.1:0", rc)
	run(t, webhookRelay(a, url))
	run(t, webhookRelay(b, url))
	const n = 60
	var wg sync.WaitGroup
	refs := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := a
			if i%2 == 1 {
				db = b
			}
			c := storetest.NewCase(storetest.Buyer, fmt.Sprintf("two-relays-%d", i), time.Now())
			if err := db.CreateCase(context.Background(), c); err != nil {
				t.Error(err)
			}
			refs[i] = c.Ref
		}()
	}
	wg.Wait()
	eventually(t, "every notice", func() bool { got, _ := rc.snapshot(); return len(got) == n })
	// Both relays look again: nothing is left to send.
	for _, db := range []*postgres.DB{a, b} {
		if k, err := webhookRelay(db, url).Drain(context.Background()); err != nil || k != 0 {
			t.Errorf("extra Drain = %d, %v", k, err)
		}
	}
	got, bad := rc.snapshot()
	dups := 0
	for _, ref := range refs {
		if c := got[ref+":case_created:webhook"]; c != 1 {
			dups++
			t.Errorf("%s delivered %d times", ref, c)
		}
	}
	t.Logf("two relays: %d notices, %d delivered more than once, %d badly signed", n, dups, bad)
}

// TestFault100Escalations: 100 buyers escalate at the same moment; each
// gets a reference of their own.
func TestFault100Escalations(t *testing.T) {
	db := openPG(t, storetest.PostgresURL(t))
	const n = 100
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		refs = map[string]bool{}
	)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buyer := advisor.Identity{Platform: "discord", UserID: fmt.Sprintf("buyer-%03d", i)}
			c := storetest.NewCase(buyer, fmt.Sprintf("click-%03d", i), time.Now())
			<-start
			err := db.CreateCase(context.Background(), c)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("escalation %d: %v", i, err)
				return
			}
			if refs[c.Ref] {
				t.Errorf("reference %s given twice", c.Ref)
			}
			refs[c.Ref] = true
		}()
	}
	close(start)
	wg.Wait()
	cs, err := db.FindCases(context.Background(), advisor.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != n || len(cs) != n {
		t.Errorf("%d distinct references, %d cases stored; want %d and %d", len(refs), len(cs), n, n)
	}
}

// TestFaultPostgresRestart restarts the PostgreSQL server while buyers are
// escalating and the relay is delivering. No case may be lost or made twice
// (a creation that fails is retried with the same idempotency key, so an
// ambiguous COMMIT cannot double it), and relaying must resume by itself.
func TestFaultPostgresRestart(t *testing.T) {
	storetest.CanRestartPostgres(t)
	dsn := storetest.PostgresURL(t)
	creator, relayDB := openPG(t, dsn), openPG(t, dsn)
	creator.RetryFor = 5 * time.Second // short, so the buyer-side retry below is exercised too
	var storeRetries, relayRetries atomic.Int32
	creator.OnRetry = func(string, error) { storeRetries.Add(1) }
	relayDB.OnRetry = func(string, error) { relayRetries.Add(1) }
	rc := newSignedReceiver()
	url, _ := serve(t, "127.0.0.1:0", rc)
	run(t, webhookRelay(relayDB, url))

	// Buyers escalate one after another until a second after the server is
	// back, so creations and deliveries straddle the restart.
	const workers = 4
	var (
		wg       sync.WaitGroup
		created  atomic.Int32
		retried  atomic.Int32
		mu       sync.Mutex
		refByKey = map[string]string{}
		stop     = make(chan struct{})
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("restart-%d-%d", w, i)
				deadline := time.Now().Add(90 * time.Second)
				for {
					c := storetest.NewCase(storetest.Buyer, key, time.Now())
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					err := creator.CreateCase(ctx, c)
					cancel()
					if err == nil {
						mu.Lock()
						if old, ok := refByKey[key]; ok && old != c.Ref {
							t.Errorf("key %s gave %s and then %s", key, old, c.Ref)
						}
						refByKey[key] = c.Ref
						mu.Unlock()
						created.Add(1)
						break
					}
					// The buyer clicks again: same consent, same key.
					retried.Add(1)
					if time.Now().After(deadline) {
						t.Errorf("case %s never created: %v", key, err)
						return
					}
					time.Sleep(200 * time.Millisecond)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	eventually(t, "the first cases", func() bool { return created.Load() >= 10 })
	before := created.Load()
	down := storetest.RestartPostgres(t)
	during := created.Load() - before
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	t.Logf("PostgreSQL restarted in %v: %d cases before, %d while restarting, %d in all", down, before, during, created.Load())
	if t.Failed() {
		return
	}
	total := int(created.Load())
	cs, err := creator.FindCases(context.Background(), advisor.CaseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != total || len(refByKey) != total {
		t.Errorf("%d cases stored, %d keys answered, %d creations succeeded; want them equal", len(cs), len(refByKey), total)
	}
	eventually(t, "every notice after the restart", func() bool { got, _ := rc.snapshot(); return len(got) == total })
	got, bad := rc.snapshot()
	var dups []string
	for k, n := range got {
		if n > 1 {
			dups = append(dups, fmt.Sprintf("%s×%d", k, n))
		}
	}
	sort.Strings(dups)
	if bad != 0 {
		t.Errorf("%d badly signed requests", bad)
	}
	for _, c := range cs {
		if _, ok := got[c.Ref+":case_created:webhook"]; !ok {
			t.Errorf("no notice for %s", c.Ref)
		}
	}
	t.Logf("restart: %d cases, %d transactions retried inside the store (%d by the relay), %d creations retried by buyers, "+
		"%d notices delivered, duplicates at the receiver (dropped by idempotency key): %v",
		len(cs), storeRetries.Load(), relayRetries.Load(), retried.Load(), len(got), dups)
	if storeRetries.Load() == 0 {
		t.Error("no transaction failed during the restart: the test did not test anything")
	}
}
