// Package leaktest reports goroutines that a test left running.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { leaktest.Main(m) }
package leaktest

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// Main runs the tests and then fails the binary if goroutines started by the
// tests are still running after a grace period.
func Main(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := Check(5 * time.Second); len(leaked) > 0 {
			fmt.Fprintf(os.Stderr, "leaktest: %d goroutine(s) leaked:\n\n%s\n", len(leaked), strings.Join(leaked, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// Check waits up to grace for goroutines other than the runtime's and the
// testing package's own to end, and returns the stacks of those still alive.
func Check(grace time.Duration) []string {
	deadline := time.Now().Add(grace)
	for {
		leaked := interesting()
		if len(leaked) == 0 || time.Now().After(deadline) {
			return leaked
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func interesting() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []string
	for i, g := range strings.Split(string(buf), "\n\n") {
		if i == 0 || ignorable(g) { // the first stack is this goroutine
			continue
		}
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// ignored marks goroutines that belong to the runtime or the testing package.
var ignored = []string{
	"testing.(*M).",
	"testing.Main(",
	"testing.tRunner(",
	"testing.runFuzzing(",
	"testing.(*F).",
	"os/signal.",
	"runtime.ensureSigM",
}

func ignorable(stack string) bool {
	if strings.TrimSpace(stack) == "" {
		return true
	}
	for _, s := range ignored {
		if strings.Contains(stack, s) {
			return true
		}
	}
	return false
}

// T is the subset of testing.TB that [CheckT] uses.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

var _ T = (*testing.T)(nil)

// CheckT fails t if goroutines are still running after grace.
func CheckT(t T, grace time.Duration) {
	t.Helper()
	if leaked := Check(grace); len(leaked) > 0 {
		t.Errorf("leaktest: %d goroutine(s) leaked:\n\n%s", len(leaked), strings.Join(leaked, "\n\n"))
	}
}
