package styling_test

import (
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/styling"
)

func BenchmarkParse(b *testing.B) {
	body := "> Someone said *this* and _that_\nand I answer `code` ~no~ with\n```\npre *x*\n```\n"
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		styling.Parse(body)
	}
}

// TestParseLinear feeds bodies that would make a naive matcher quadratic
// (every directive an opener without a closer, or a closer search each)
// and checks they stay fast. The 256 KiB bodies take tens of milliseconds
// (about 0.1 s under the race detector, alone); a quadratic parse takes
// some 10^10 steps. Under the race detector on a loaded machine one took
// 2.04 s, so it is allowed ten times the 2 s.
func TestParseLinear(t *testing.T) {
	bound := 2 * time.Second
	if raceEnabled {
		bound *= 10
	}
	for _, body := range []string{
		strings.Repeat("*a ", 1<<17),
		strings.Repeat("_", 1<<18) + "a",
		strings.Repeat(" *_~`", 1<<16),
		strings.Repeat(">", 1<<12) + " x",
		strings.Repeat("> ", 1<<12) + "x",
		strings.Repeat(">", 1<<20),
		strings.Repeat(strings.Repeat(">", 200)+"\n", 1<<10),
	} {
		start := time.Now()
		styling.Parse(body)
		if d := time.Since(start); d > bound {
			t.Errorf("Parse of %d bytes starting %q took %v", len(body), body[:10], d)
		}
	}
}
