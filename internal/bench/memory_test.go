package bench

import (
	"net"

	"github.com/canto-im/xmpp"
	"runtime"
	"testing"
)

// BenchmarkIdleSessionMemory measures the memory that idle negotiated
// sessions hold, per pair (both sides: the workload runs both in one
// process), with b.N pairs alive at once.
func BenchmarkIdleSessionMemory(b *testing.B) {
	n := max(b.N, 100) // meaningful averages only
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var sessions [][2]*xmpp.Session
	for range n {
		ca, cb := net.Pipe()
		sa, sb := connect(b, ca, cb, nil, nil)
		sessions = append(sessions, [2]*xmpp.Session{sa, sb})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perPair := float64(after.HeapInuse+after.StackInuse-before.HeapInuse-before.StackInuse) / float64(n)
	b.ReportMetric(perPair, "B/pair")
	b.ReportMetric(float64(runtime.NumGoroutine())/float64(n), "goroutines/pair")
	b.StopTimer()
	for _, p := range sessions {
		closeBoth(b, p[0], p[1])
	}
}
