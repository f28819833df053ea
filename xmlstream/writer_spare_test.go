package xmlstream

import (
	"encoding/xml"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestWritersShareSpareBuffer: Writers flushing at once, in turn holding
// the static spare buffer or a pooled one, each write only their own
// bytes (run with -race to see them never share a buffer).
func TestWritersShareSpareBuffer(t *testing.T) {
	const writers, elements = 8, 200
	// Tests before this one drop Writers holding bytes never flushed,
	// which keeps the spare from every Writer after them (none of them
	// writes again): free it, so that it is used here.
	spareWriteTaken.Store(false)
	var wg sync.WaitGroup
	outs := make([]strings.Builder, writers)
	for i := range writers {
		wg.Go(func() {
			w := NewWriter(&outs[i])
			for j := range elements {
				if err := w.Start(xml.Name{Local: "e"}); err != nil {
					t.Error(err)
					return
				}
				if err := w.Text(strconv.Itoa(i*elements + j)); err != nil {
					t.Error(err)
					return
				}
				if err := w.End(); err != nil {
					t.Error(err)
					return
				}
				if err := w.Flush(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	for i := range writers {
		var want strings.Builder
		for j := range elements {
			want.WriteString("<e>" + strconv.Itoa(i*elements+j) + "</e>")
		}
		if got := outs[i].String(); got != want.String() {
			t.Errorf("writer %d wrote %.80q..., want %.80q...", i, got, want.String())
		}
	}
	if spareWriteTaken.Load() {
		t.Error("the spare buffer is still taken after every Writer flushed")
	}
}
