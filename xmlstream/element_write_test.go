package xmlstream

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// writeElementBothWays writes el as Element.WriteXML does, once taking the
// Decoder's checks as made and once checking again as Start does.
func writeElementBothWays(t *testing.T, el *Element) (trusted, checked string, terr, cerr error) {
	t.Helper()
	write := func(trust bool) (string, error) {
		trustDecoded = trust
		defer func() { trustDecoded = true }()
		var out bytes.Buffer
		w := NewWriter(&out)
		w.SetDefaultNS("jabber:client")
		err := el.WriteXML(w.Encoder())
		if err == nil {
			err = w.Flush()
		}
		return out.String(), err
	}
	trusted, terr = write(true)
	checked, cerr = write(false)
	return
}

// TestElementWriteXMLTrustsDecoder: re-encoding what a Decoder read without
// checking names and attributes again writes what checking them writes,
// for every stanza of the recorded stream and for an invalidated element.
func TestElementWriteXMLTrustsDecoder(t *testing.T) {
	d := NewDecoder(bytes.NewReader(mixedStream(t)), Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el Element
	n := 0
	for d.ReadElement(&el) == nil {
		trusted, checked, terr, cerr := writeElementBothWays(t, &el)
		if trusted != checked || terr != cerr || terr != nil {
			t.Fatalf("trusted %q, %v\nchecked %q, %v", trusted, terr, checked, cerr)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no stanza read")
	}
	d = NewDecoder(strings.NewReader(`<a x='1'><b/></a>`), Limits{})
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	el.Invalidate()
	if _, _, terr, cerr := writeElementBothWays(t, &el); !errors.Is(terr, ErrInvalidName) || terr != cerr {
		t.Fatalf("invalidated element: trusted %v, checked %v", terr, cerr)
	}
}

// FuzzElementWriteXML holds Element.WriteXML's trust in the Decoder's
// checks to checking again, on whatever the Decoder reads.
func FuzzElementWriteXML(f *testing.F) {
	f.Add(`<message xmlns='jabber:client' to='a@b' type='chat'><body>hi &amp; bye</body></message>`)
	f.Add(`<a xmlns:p='urn:p' xmlns:q='urn:p' p:x='1' xml:lang='en'><q:b xmlns='urn:d' y='2'><c xmlns:p='urn:o' p:z='3'/></q:b></a>`)
	f.Add(`<a xmlns='u'><b xmlns=''><c xmlns='u' v="'&quot;"/></b></a>`)
	f.Add(`<p:a xmlns:p='xmlns' p:x='1'/>`)
	f.Add(`<a xmlns:p='xml' p:lang='1'/>`)
	// Attributes in no namespace and in the xml one are written from the
	// Element; a tag with another namespace's attribute takes Start's path.
	f.Add(`<message xml:lang='en' to='a@b' xmlns:p='urn:p' p:x='1' id='i'><body xml:lang='de' xml:xmlns='x'>x</body></message>`)
	f.Add(`<a b='1' xml:space='preserve' c='&quot;&apos;&#9;&lt;'/>`)
	f.Fuzz(func(t *testing.T, in string) {
		d := NewDecoder(strings.NewReader(in), Limits{})
		var el Element
		if d.ReadElement(&el) != nil {
			return
		}
		trusted, checked, terr, cerr := writeElementBothWays(t, &el)
		if trusted != checked || terr != cerr {
			t.Fatalf("trusted %q, %v\nchecked %q, %v", trusted, terr, checked, cerr)
		}
		if terr != nil {
			return
		}
		// Written with no default namespace in scope, it reads back as
		// what was read: nothing lost, nothing moved to another namespace.
		var out bytes.Buffer
		w := NewWriter(&out)
		if err := all(el.WriteXML(w.Encoder()), w.Flush()); err != nil {
			t.Fatal(err)
		}
		var back Element
		// Generated prefix declarations may add attributes and bytes.
		n := 4*out.Len() + 1
		if err := NewDecoder(&out, Limits{MaxElementBytes: n, MaxAttrs: n, MaxAttrValueBytes: n}).ReadElement(&back); err != nil {
			t.Fatalf("re-reading %q: %v", out.String(), err)
		}
		if got, want := elementTokens(&back), elementTokens(&el); !slices.Equal(got, want) {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
	})
}
