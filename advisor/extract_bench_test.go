package advisor

import (
	"os"
	"testing"
	"time"
)

// BenchmarkExtract measures extraction on realistic pastes of 4 KiB, 16 KiB
// and 256 KiB (testdata/extract/bench_*.txt). Besides ns/op it reports
// cpu-ns/op, the process CPU time per call, which stays meaningful when
// other work shares the machine. Run:
//
//	go test ./advisor -run '^$' -bench Extract -benchmem -cpu 1
func BenchmarkExtract(b *testing.B) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"4k", "16k", "256k"} {
		data, err := os.ReadFile("testdata/extract/bench_" + name + ".txt")
		if err != nil {
			b.Fatal(err)
		}
		text := string(data)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			c0 := cpuTime()
			for b.Loop() {
				Extract(text, now)
			}
			cpu := cpuTime() - c0
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(len(text)), "cpu-ns/B")
		})
	}
}
