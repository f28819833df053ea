package xmlstream

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// TestStartingStorage: a new Decoder and Writer handle a stream header and
// a short nested element in their own starting storage, so that the
// allocations of a session's set-up stay few: the Decoder, its read
// buffer, the header's storage (not kept in the Decoder, so that idle
// streams do not hold it), the header's and the element's arenas, the
// element's tokens and attributes; the Writer itself.
func TestStartingStorage(t *testing.T) {
	const in = header + `<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>a@example.net/r</jid></bind></iq>`
	var r strings.Reader
	got := testing.AllocsPerRun(50, func() {
		r.Reset(in)
		d := NewDecoder(&r, Limits{})
		var el Element
		if _, err := d.ReadStartElement(); err != nil {
			t.Fatal(err)
		}
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
	})
	if got > 8 {
		t.Errorf("decoder: %v allocations, want at most 8 (11 before the starting storage)", got)
	}
	got = testing.AllocsPerRun(50, func() {
		w := NewWriter(io.Discard)
		_ = w.BindPrefix("stream", "http://etherx.jabber.org/streams")
		for _, n := range []string{"iq", "bind", "jid", "x"} {
			_ = w.Start(xml.Name{Space: "jabber:client", Local: n})
		}
		for range 4 {
			_ = w.End()
		}
		_ = w.Flush()
	})
	if got > 1 {
		t.Errorf("writer: %v allocations, want 1", got)
	}
}

// TestFastPathGiveUpLeavesNothing checks that a start tag the fast path
// gives up on halfway (a reference in its second value) leaves neither
// attributes nor value bytes behind for the general path to add to: the
// element's arena holds each value once.
func TestFastPathGiveUpLeavesNothing(t *testing.T) {
	d := NewDecoder(strings.NewReader(`<a b='12345' c='&amp;'/>`), Limits{})
	var el Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if got := el.StartElement().Attr; len(got) != 2 || got[0].Value != "12345" || got[1].Value != "&" {
		t.Fatalf("attributes %v", got)
	}
	if string(el.arena) != "12345&" {
		t.Fatalf("arena %q, want %q", el.arena, "12345&")
	}
}
