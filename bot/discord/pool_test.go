package discord

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPoolBounded(t *testing.T) {
	p := newPool(2)
	block := make(chan struct{})
	var ran atomic.Int32
	job := func(ctx context.Context) { <-block; ran.Add(1) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- p.run(ctx, 1, time.Second) }()
	accepted := 0
	for i := 0; i < 10; i++ {
		if p.submit(job) {
			accepted++
		}
	}
	// One running, two queued; the rest refused.
	if accepted < 2 || accepted > 3 {
		t.Errorf("accepted %d jobs with 1 worker and a queue of 2", accepted)
	}
	close(block)
	for ran.Load() != int32(accepted) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
}

func TestPoolGraceCancels(t *testing.T) {
	p := newPool(1)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	started := make(chan struct{})
	p.submit(func(jctx context.Context) { defer wg.Done(); close(started); <-jctx.Done() })
	done := make(chan int)
	go func() { done <- p.run(ctx, 1, 20*time.Millisecond) }()
	<-started
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop after the grace period")
	}
	wg.Wait()
}

func TestOnceCache(t *testing.T) {
	c := newOnceCache(2, time.Minute)
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	calls := 0
	fn := func() []byte { calls++; return []byte("v") }
	for i := 0; i < 3; i++ {
		v, first, _ := c.do(context.Background(), "a", fn)
		if string(v) != "v" || first != (i == 0) {
			t.Errorf("call %d: %q first=%v", i, v, first)
		}
	}
	if calls != 1 {
		t.Errorf("fn ran %d times", calls)
	}
	c.seen("b")
	c.seen("c") // evicts a (max 2)
	if c.has("a") || !c.has("b") {
		t.Errorf("eviction: a=%v b=%v", c.has("a"), c.has("b"))
	}
	now = now.Add(2 * time.Minute)
	if c.seen("b") {
		t.Errorf("b should have expired")
	}
}
