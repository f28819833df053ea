package xmlstream

import (
	"bytes"
	"encoding/xml"
	"testing"
)

func TestRollback(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	if err := w.Start(xml.Name{Space: "jabber:client", Local: "message"}); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	m := w.Mark()
	// A marshaler that fails halfway: a start tag, then refused text.
	if err := w.Start(xml.Name{Space: "jabber:client", Local: "message"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Text("bad \x00"); err == nil {
		t.Fatal("NUL accepted")
	}
	if !w.Rollback(m) {
		t.Fatal("Rollback refused with nothing flushed")
	}
	if w.Depth() != 0 {
		t.Fatalf("depth %d after rollback", w.Depth())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), `<message xmlns="jabber:client"/>`; got != want {
		t.Fatalf("wrote %q, want %q", got, want)
	}
	// After a flush the bytes are gone: rollback must refuse.
	m = w.Mark()
	_ = w.Start(xml.Name{Space: "jabber:client", Local: "iq"})
	_ = w.Flush()
	if w.Rollback(m) {
		t.Fatal("Rollback claimed to undo flushed bytes")
	}
}

// TestStartResolved is the lesson of a FuzzStamped crasher in package
// server: re-encoding <x xmlns=”/> with Start moved it into the default
// namespace; StartResolved keeps it in none.
func TestStartResolved(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	w.SetDefaultNS("jabber:client")
	if err := w.StartResolved(xml.Name{Local: "x"}, xml.Attr{Name: xml.Name{Local: "from"}, Value: "a@b"}); err != nil {
		t.Fatal(err)
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), `<x xmlns="" from="a@b"/>`; got != want {
		t.Fatalf("wrote %s, want %s", got, want)
	}
}

// Since returns what was written after a mark while it is all in the
// buffer, and refuses once some of it has left or was rolled back.
func TestSince(t *testing.T) {
	msg := xml.Name{Space: "jabber:client", Local: "message"}
	for _, tc := range []struct {
		name   string
		before string // raw bytes buffered before the mark
		write  func(w *Writer) error
		want   string
		ok     bool
	}{
		{"nothing", "", func(*Writer) error { return nil }, "", true},
		{"an element", "", func(w *Writer) error {
			if err := w.Start(msg); err != nil {
				return err
			}
			return w.End()
		}, `<message xmlns="jabber:client"/>`, true},
		{"after earlier bytes", "<a/>", func(w *Writer) error { return w.WriteRaw([]byte("<b/>")) }, "<b/>", true},
		{"flushed", "<a/>", func(w *Writer) error {
			if err := w.WriteRaw([]byte("<b/>")); err != nil {
				return err
			}
			return w.Flush()
		}, "", false},
		{"larger than the buffer", "", func(w *Writer) error {
			return w.WriteRaw(bytes.Repeat([]byte("x"), 5000)) // the buffer flushes past 4 KiB
		}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			if err := w.WriteRaw([]byte(tc.before)); err != nil {
				t.Fatal(err)
			}
			m := w.Mark()
			if err := tc.write(w); err != nil {
				t.Fatal(err)
			}
			got, ok := w.Since(m)
			if ok != tc.ok || string(got) != tc.want {
				t.Fatalf("Since: %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
			if ok && cap(got) != len(got) {
				t.Errorf("the slice may be appended to (cap %d, len %d)", cap(got), len(got))
			}
		})
	}
	// Rolled back past the mark.
	var out bytes.Buffer
	w := NewWriter(&out)
	early := w.Mark()
	_ = w.WriteRaw([]byte("<a/>"))
	m := w.Mark()
	_ = w.WriteRaw([]byte("<b/>"))
	if !w.Rollback(early) {
		t.Fatal("Rollback refused")
	}
	if got, ok := w.Since(m); ok {
		t.Fatalf("Since after a rollback past the mark: %q", got)
	}
}
