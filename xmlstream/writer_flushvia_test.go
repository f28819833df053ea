package xmlstream

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

// TestFlushVia: FlushVia hands write the buffered bytes, the pending '>'
// included, in place of the destination; afterwards nothing is buffered,
// and an error from write sticks as the destination's would. With nothing
// buffered (an element larger than the buffer went to the destination as
// it was written), write is still called: the session's write through
// relies on it to send what the outbox holds.
func TestFlushVia(t *testing.T) {
	var dst strings.Builder
	w := NewWriter(&dst)
	if err := w.Start(xml.Name{Local: "a"}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := w.FlushVia(func(p []byte) error { got = string(p); return nil }); err != nil {
		t.Fatal(err)
	}
	if got != "<a>" || dst.Len() != 0 || w.Buffered() != 0 {
		t.Fatalf("write got %q, destination %q, %d bytes left buffered; want <a>, nothing, 0", got, dst.String(), w.Buffered())
	}
	called := false
	if err := w.WriteRaw([]byte(strings.Repeat("x", 2*flushAt))); err != nil {
		t.Fatal(err)
	}
	if err := w.FlushVia(func(p []byte) error { called = len(p) == 0; return nil }); err != nil {
		t.Fatal(err)
	}
	if !called || dst.Len() != 2*flushAt {
		t.Fatalf("with nothing left buffered: write called with nothing: %v; destination got %d bytes, want %d", called, dst.Len(), 2*flushAt)
	}
	dst.Reset()
	if w.Output() != &dst {
		t.Fatal("Output is not the destination")
	}
	boom := errors.New("boom")
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if err := w.FlushVia(func([]byte) error { return boom }); err != boom {
		t.Fatalf("FlushVia returned %v, want write's error", err)
	}
	if err := w.Flush(); err != boom {
		t.Fatalf("Flush after a failed FlushVia returned %v, want the same error", err)
	}
	if dst.Len() != 0 {
		t.Fatalf("destination got %q", dst.String())
	}
}
