package xmlstream

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestReadStartInto: the header read into a HeaderRoom has the name and
// attributes, keeps its lent storage until the next read (and gives it
// back then, also after Restart), and costs no allocation.
func TestReadStartInto(t *testing.T) {
	const header = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0' xml:lang='en' id='x1'>`
	const many = `<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9' j='10'>`
	for _, in := range []string{header, many} {
		d := NewDecoder(strings.NewReader(in+`<a x='overwritten'/>`), Limits{})
		var room HeaderRoom
		el, err := d.ReadStartInto(&room)
		if err != nil {
			t.Fatal(err)
		}
		if el.Name() != (xml.Name{Space: "http://etherx.jabber.org/streams", Local: "stream"}) {
			t.Fatalf("Name = %v", el.Name())
		}
		want := map[string]string{"to": "example.net", "version": "1.0", "id": "x1"}
		if in == many {
			want = map[string]string{"a": "1", "e": "5", "j": "10"}
		}
		for k, v := range want {
			if got := el.Attr(k); got != v {
				t.Errorf("Attr(%q) = %q, want %q", k, got, v)
			}
		}
		if d.lent == nil && in == header {
			t.Fatal("the header's storage is not lent")
		}
		var next Element
		if err := d.ReadElement(&next); err != nil {
			t.Fatal(err)
		}
		if d.lent != nil {
			t.Fatal("the header's lent storage is kept after the next read")
		}
		if next.Attr("x") != "overwritten" {
			t.Fatalf("next element: %q", next.Attr("x"))
		}
	}

	d := NewDecoder(strings.NewReader(header), Limits{})
	var room HeaderRoom
	if _, err := d.ReadStartInto(&room); err != nil {
		t.Fatal(err)
	}
	d.Restart()
	if d.lent != nil {
		t.Fatal("the header's lent storage is kept after Restart")
	}

	if raceEnabled {
		return // sync.Pool drops a share of what is put back
	}
	r := strings.NewReader(header)
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(header)
		d.Reset(r)
		var room HeaderRoom
		if _, err := d.ReadStartInto(&room); err != nil {
			t.Fatal(err)
		}
		d.Restart()
	})
	if allocs != 0 {
		t.Errorf("%v allocations per header, want 0", allocs)
	}
}

// TestReadStartIntoBadHeader: a refused header gives its lent storage back.
func TestReadStartIntoBadHeader(t *testing.T) {
	for _, in := range []string{
		`<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>`,
		`<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='1' a='2'>`,
		`<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='1`,
	} {
		d := NewDecoder(strings.NewReader(in), Limits{})
		var room HeaderRoom
		if _, err := d.ReadStartInto(&room); err == nil {
			t.Fatalf("%s: no error", in)
		}
		if d.lent != nil {
			t.Fatalf("%s: lent storage kept after the error", in)
		}
	}
}
