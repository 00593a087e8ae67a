package storetest

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"tradeguard/advisor"
)

var benchSeq atomic.Int64

// BenchmarkCreateCase measures case creation (the case, its event and its
// outbox row in one transaction) one at a time and from parallel
// goroutines, reporting cases/s.
func BenchmarkCreateCase(b *testing.B, s advisor.Store) {
	run := func(b *testing.B, parallel bool) {
		ctx := context.Background()
		now := time.Now()
		create := func() {
			c := NewCase(Buyer, "bench-"+strconv.FormatInt(benchSeq.Add(1), 10), now)
			if err := s.CreateCase(ctx, c); err != nil {
				b.Error(err)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		if parallel {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					create()
				}
			})
		} else {
			for b.Loop() {
				create()
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
	}
	b.Run("serial", func(b *testing.B) { run(b, false) })
	b.Run("parallel", func(b *testing.B) { run(b, true) })
}
