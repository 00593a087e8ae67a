package discord

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestIdentifyGuard(t *testing.T) {
	clk := &fakeClock{now: time.Unix(1780000000, 0)}
	path := filepath.Join(t.TempDir(), "sub", "identify.json")
	g := &IdentifyGuard{Path: path, PerDay: 10, PerHour: 4, MinGap: 5 * time.Second, Now: clk.Now}
	reserve := func(g *IdentifyGuard) time.Duration {
		t.Helper()
		w, err := g.Reserve()
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	if w := reserve(g); w != 0 {
		t.Fatalf("first login must wait %v", w)
	}
	if w := reserve(g); w != 5*time.Second {
		t.Errorf("second login at once: wait %v, want the 5 s gap", w)
	}
	for i := 0; i < 3; i++ {
		clk.Sleep(context.Background(), 5*time.Second)
		if w := reserve(g); w != 0 {
			t.Fatalf("login %d: wait %v", i+2, w)
		}
	}
	clk.Sleep(context.Background(), 5*time.Second)
	if w := reserve(g); w != time.Hour-20*time.Second {
		t.Errorf("fifth login in the hour: wait %v, want %v", w, time.Hour-20*time.Second)
	}

	// A restarted process reads the log: the budget survives crashes.
	g2 := &IdentifyGuard{Path: path, PerDay: 10, PerHour: 4, MinGap: 5 * time.Second, Now: clk.Now}
	if g2.Count() != 4 {
		t.Fatalf("restarted guard counts %d logins, want 4", g2.Count())
	}
	if w := reserve(g2); w == 0 {
		t.Error("restarted guard allowed a login over the hourly budget")
	}

	// The daily budget.
	for i := 0; i < 6; i++ {
		clk.Sleep(context.Background(), time.Hour)
		if w := reserve(g2); w != 0 {
			t.Fatalf("hour %d: wait %v", i, w)
		}
	}
	clk.Sleep(context.Background(), time.Hour)
	w := reserve(g2)
	if w <= 0 || w > 24*time.Hour {
		t.Errorf("eleventh login in a day: wait %v", w)
	}
	// After 24 hours the oldest entries drop out.
	clk.Sleep(context.Background(), 24*time.Hour)
	if w := reserve(g2); w != 0 || g2.Count() != 1 {
		t.Errorf("a day later: wait %v, count %d", w, g2.Count())
	}

	// Record counts a login that already happened.
	if w, _ := g2.Record(); w != 5*time.Second || g2.Count() != 2 {
		t.Errorf("Record: wait %v, count %d", w, g2.Count())
	}
}

func TestIdentifyGuardUnreadableFailsClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "identify.json")
	os.WriteFile(path, []byte("{garbage"), 0o600)
	g := &IdentifyGuard{Path: path}
	w, err := g.Reserve()
	if err == nil || w == 0 {
		t.Errorf("unreadable log: wait %v err %v; want a wait and an error", w, err)
	}
}

func TestBackoffJitter(t *testing.T) {
	b := &Bot{cfg: Config{BackoffBase: time.Second, BackoffMax: 2 * time.Minute}}
	seen := map[time.Duration]bool{}
	for n := 1; n <= 12; n++ {
		for k := 0; k < 20; k++ {
			d := b.backoff(n)
			ceil := time.Second << (n - 1)
			if ceil > 2*time.Minute {
				ceil = 2 * time.Minute
			}
			if d < ceil/2 || d > ceil {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, ceil/2, ceil)
			}
			seen[d] = true
		}
	}
	if len(seen) < 100 {
		t.Errorf("only %d distinct waits: no jitter?", len(seen))
	}
}
