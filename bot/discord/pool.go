package discord

import (
	"context"
	"sync"
	"time"
)

// pool runs jobs on a fixed number of workers from a bounded queue, so a
// flood of events cannot start an unbounded number of goroutines.
type pool struct {
	jobs chan func(context.Context)
}

func newPool(queue int) *pool { return &pool{jobs: make(chan func(context.Context), queue)} }

// submit queues job without blocking; false when the queue is full.
func (p *pool) submit(job func(context.Context)) bool {
	select {
	case p.jobs <- job:
		return true
	default:
		return false
	}
}

// run works until ctx is done, then lets running jobs finish for up to grace
// before cancelling their context. Jobs still queued then are dropped; their
// count is returned.
func (p *pool) run(ctx context.Context, workers int, grace time.Duration) (dropped int) {
	jobCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case job := <-p.jobs:
					job(jobCtx)
				}
			}
		}()
	}
	<-ctx.Done()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		cancel()
		<-done
	}
	return len(p.jobs)
}
