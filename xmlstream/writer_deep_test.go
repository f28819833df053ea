package xmlstream

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// TestWriterDeepStack: elements nested deeper than the Writer's starting
// storage are written correctly, cost no allocation once warm, and leave
// no grown stack behind once the Writer has flushed at a shallow depth.
func TestWriterDeepStack(t *testing.T) {
	for _, depth := range []int{4, 5, 6, deepStack - 1, deepStack + 3} {
		var out strings.Builder
		w := NewWriter(&out)
		_ = w.BindPrefix("stream", "http://etherx.jabber.org/streams")
		if err := w.Start(xml.Name{Space: "http://etherx.jabber.org/streams", Local: "stream"}); err != nil {
			t.Fatal(err)
		}
		names := make([]xml.Name, depth)
		want := "<stream:stream>"
		for i := range names {
			names[i] = xml.Name{Space: "urn:test", Local: string(rune('a' + i))}
			if i == 0 {
				want += `<a xmlns="urn:test">`
			} else if i < depth-1 {
				want += "<" + names[i].Local + ">"
			}
		}
		nest := func() {
			for _, n := range names {
				if err := w.Start(n); err != nil {
					t.Fatal(err)
				}
			}
			for range depth {
				if err := w.End(); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		nest()
		if w.deep != nil || cap(w.stack) != len(w.stackStore) || w.Depth() != 1 {
			t.Errorf("depth %d: after a flush at depth 1, deep stack kept (%v) or stack capacity %d, depth %d",
				depth, w.deep != nil, cap(w.stack), w.Depth())
		}
		if got := out.String(); !strings.HasPrefix(got, want) {
			t.Errorf("depth %d: wrote %q", depth, got)
		}
		if depth < deepStack && !raceEnabled { // the stream element is open too; the pool drops items under -race
			w.Reset(io.Discard)
			_ = w.Start(xml.Name{Space: "http://etherx.jabber.org/streams", Local: "stream"})
			if allocs := testing.AllocsPerRun(20, nest); allocs != 0 {
				t.Errorf("depth %d: %v allocations per nested element, want 0", depth, allocs)
			}
		}
	}
}
