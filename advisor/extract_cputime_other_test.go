//go:build !unix

package advisor

import "time"

// cpuTime is not measured on this platform; cpu-ns/op then reads 0.
func cpuTime() time.Duration { return 0 }
