package bench

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock reads the CPU time the process has used (user and system, all
// threads). On a shared machine wall time per operation swings with other
// load; the CPU an operation costs both sides of the workload swings far
// less, so the benchmarks report it too, as cpu-ns/op.
type cpuClock struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuClock { return cpuClock{start: cpuNow()} }

// report adds cpu-ns/op for n operations since start.
func (c cpuClock) report(b *testing.B, n int) {
	if n > 0 {
		b.ReportMetric(float64(cpuNow()-c.start)/float64(n), "cpu-ns/op")
	}
}
