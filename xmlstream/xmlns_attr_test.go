package xmlstream

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
)

// TestElementWriteXMLKeepsRelativeNamespaces: an attribute or element in a
// namespace whose name is the string "xmlns" or "xml" (relative namespace
// names, deprecated by Namespaces in XML 1.0 but allowed, so the Decoder
// accepts them) is re-encoded in that namespace on both the trusted and the
// checked path, not dropped as a declaration or moved to the XML namespace.
func TestElementWriteXMLKeepsRelativeNamespaces(t *testing.T) {
	inputs := []string{
		`<p:a xmlns:p='xmlns' p:x='1'/>`,
		`<a xmlns:p='xml' p:lang='1' xml:lang='en'/>`,
		`<a xmlns:p='xmlns' xmlns:q='xml' p:x='1' q:x='2' x='3'><p:b p:y='4'/></a>`,
		`<a xmlns='xmlns'><b xmlns='xml' xmlns:xmlnsx='xmlns' xmlnsx:c='5'/></a>`,
	}
	for _, in := range inputs {
		d := NewDecoder(strings.NewReader(in), Limits{})
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		want := elementTokens(&el)
		trusted, checked, terr, cerr := writeElementBothWays(t, &el)
		if terr != nil || cerr != nil || trusted != checked {
			t.Fatalf("%s: trusted %q, %v\nchecked %q, %v", in, trusted, terr, checked, cerr)
		}
		var back Element
		if err := NewDecoder(strings.NewReader(trusted), Limits{}).ReadElement(&back); err != nil {
			t.Fatalf("re-reading %s: %v", trusted, err)
		}
		if got := elementTokens(&back); !slices.Equal(got, want) {
			t.Fatalf("%s wrote %s:\ngot  %q\nwant %q", in, trusted, got, want)
		}
	}
}

// TestStartResolvedKeepsRelativeNamespaces: StartResolved and
// StartResolvedAttrs take Element.Attrs as they are, so a received element re-encoded with its attributes keeps
// one in the namespace "xmlns" or "xml"; Start keeps encoding/xml's reading
// of those spaces (a declaration, the XML namespace).
func TestStartResolvedKeepsRelativeNamespaces(t *testing.T) {
	in := `<a xmlns:p='xmlns' xmlns:q='xml' p:x='1' q:y='2'/>`
	var el Element
	if err := NewDecoder(strings.NewReader(in), Limits{}).ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		start func(w *Writer) error
		want  string
	}{
		{func(w *Writer) error { return w.StartResolved(el.Name(), el.Attrs()...) },
			`<a xmlns:ns0="xmlns" ns0:x="1" xmlns:ns1="xml" ns1:y="2"/>`},
		{func(w *Writer) error { return w.Start(el.Name(), el.Attrs()...) },
			`<a xml:y="2"/>`},
		{func(w *Writer) error { return w.StartResolvedAttrs(el.Name(), el.Attrs()...) },
			`<a xmlns:ns0="xmlns" ns0:x="1" xmlns:ns1="xml" ns1:y="2"/>`},
		// As a routed stanza is written: in the stream's content namespace.
		{func(w *Writer) error {
			w.SetDefaultNS("jabber:client")
			w.SetContentNS("jabber:component:accept")
			return w.StartResolvedAttrs(xml.Name{Local: "a"}, el.Attrs()...)
		}, `<a xmlns="jabber:component:accept" xmlns:ns0="xmlns" ns0:x="1" xmlns:ns1="xml" ns1:y="2"/>`},
	} {
		var out bytes.Buffer
		w := NewWriter(&out)
		if err := all(c.start(w), w.End(), w.Flush()); err != nil {
			t.Fatal(err)
		}
		if out.String() != c.want {
			t.Fatalf("got  %s\nwant %s", out.String(), c.want)
		}
	}
}
