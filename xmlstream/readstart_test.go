package xmlstream

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestReadStartElement: the header read in place has the name and the
// attributes ReadStart copies, keeps its strings after the next header is
// read into the same storage, and costs one allocation (its arena), however
// many headers a stream restart brings (more attributes than the header's
// own storage holds grow it, and stay correct).
func TestReadStartElement(t *testing.T) {
	tests := []struct {
		name   string
		header string
		attrs  map[xml.Name]string
	}{
		{"client header", `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0' xml:lang='en' id='x1'>`,
			map[xml.Name]string{{Local: "to"}: "example.net", {Local: "version"}: "1.0", {Space: xmlNS, Local: "lang"}: "en", {Local: "id"}: "x1"}},
		{"no attributes", `<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>`, map[xml.Name]string{}},
		{"more than its storage", `<stream:stream xmlns:stream='http://etherx.jabber.org/streams' a='1' b='2' c='3' d='4' e='5' f='6' g='7' h='8' i='9' j='10'>`,
			map[xml.Name]string{{Local: "a"}: "1", {Local: "e"}: "5", {Local: "j"}: "10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.header+"<a/>"+tt.header), Limits{})
			first, err := d.ReadStartElement()
			if err != nil {
				t.Fatal(err)
			}
			if got := first.Name(); got != (xml.Name{Space: "http://etherx.jabber.org/streams", Local: "stream"}) {
				t.Fatalf("Name = %v", got)
			}
			kept := map[xml.Name]string{}
			for n, want := range tt.attrs {
				got, ok := first.AttrNS(n.Space, n.Local)
				if !ok || got != want {
					t.Errorf("AttrNS(%q, %q) = %q, %v; want %q", n.Space, n.Local, got, ok, want)
				}
				kept[n] = got
			}
			if got := len(first.StartElement().Attr); got < len(tt.attrs) {
				t.Errorf("StartElement has %d attributes, want at least %d", got, len(tt.attrs))
			}
			var el Element
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			d.Restart()
			if _, err := d.ReadStartElement(); err != nil {
				t.Fatal(err)
			}
			for n, v := range kept {
				if v != tt.attrs[n] {
					t.Errorf("%v changed to %q after the next header", n, v)
				}
			}
		})
	}
}

func TestReadStartElementAllocs(t *testing.T) {
	const h = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' from='a@example.net' version='1.0' xml:lang='en' id='0123456789abcdef'>`
	r := strings.NewReader(h)
	d := NewDecoder(r, Limits{})
	if _, err := d.ReadStartElement(); err != nil { // warms the symbol table
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(h)
		d.Reset(r)
		el, err := d.ReadStartElement()
		if err != nil || el.Attr("to") != "example.net" {
			t.Fatalf("ReadStartElement: %v", err)
		}
	})
	if allocs > 2 {
		t.Errorf("ReadStartElement: %v allocations, want 2 (the header's storage and its arena)", allocs)
	}
}
