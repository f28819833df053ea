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
