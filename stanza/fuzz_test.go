package stanza_test

import (
	"encoding/xml"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

var headerSeeds = []string{
	benchMessage,
	`<message xmlns='jabber:client' id='m1' to='juliet@example.com/balcony' from='romeo@example.net' type='chat' xml:lang='en'/>`,
	`<presence xmlns='jabber:server' type='probe'/>`,
	`<iq xmlns='jabber:component:accept' type='get' id='q'><ping xmlns='urn:xmpp:ping'/></iq>`,
	`<iq xmlns='jabber:client' type='get'/>`,
	`<message xmlns='jabber:client' to='@x'/>`,
	`<message xmlns='jabber:client' to=''/>`,
	`<c:iq xmlns:c='jabber:client' type='result' id='r'/>`,
	`<message/>`,
	`<message xmlns='jabber:client' type='&#x67;et'/>`,
}

// FuzzParseHeader checks that ParseHeader never panics, that a header it
// accepts survives writing and reading back, and that encoding/xml reads
// the same header.
func FuzzParseHeader(f *testing.F) {
	for _, s := range headerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		el, err := xmpptest.ReadElement("", in)
		if err != nil {
			return
		}
		h, err := stanza.ParseHeader(el)
		// What Addrs remembers never changes the answer: once parsed, once
		// noted, then taken from it.
		var a stanza.Addrs
		for range 3 {
			if ah, aerr := a.ParseHeader(el); ah != h || (aerr == nil) != (err == nil) {
				t.Fatalf("Addrs.ParseHeader(%q) = %+v, %v; ParseHeader %+v, %v", in, ah, aerr, h, err)
			}
		}
		if err != nil {
			return
		}
		var v any
		switch h.Kind {
		case stanza.KindMessage:
			v = h.Message()
		case stanza.KindPresence:
			v = h.Presence()
		case stanza.KindIQ:
			v = h.IQ()
		default:
			t.Fatalf("accepted kind %v", h.Kind)
		}
		out := xmpptest.MarshalIn(t, "", xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			return v.(interface{ WriteEmpty(xmlstream.Encoder) error }).WriteEmpty(w)
		}))
		back, err := stanza.ParseHeader(xmpptest.Element(t, out))
		if err != nil || back != h {
			t.Fatalf("round trip of %q via %s: %+v, %v; want %+v", in, out, back, err, h)
		}
		checkEncodingXMLHeader(t, el, v)
	})
}

func checkEncodingXMLHeader(t *testing.T, el *xmlstream.Element, want any) {
	got := reflect.New(reflect.TypeOf(want))
	if err := el.Decode(got.Interface()); err != nil {
		t.Fatalf("encoding/xml rejects a header ParseHeader accepts: %v", err)
	}
	if g := got.Elem().Interface(); g != want {
		t.Fatalf("encoding/xml read %+v, token layer %+v", g, want)
	}
}

var errorSeeds = []string{
	`<error xmlns='jabber:client' type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`,
	`<error type='modify' by='example.com'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>t</text></error>`,
	`<error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:a@b</gone><x xmlns='urn:y' a='1'>t<z/></x></error>`,
	`<iq xmlns='jabber:client' type='error' id='x'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
	`<error/>`,
	`<error type='x'><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`,
	`<error type='cancel'><c xmlns='urn:y' xmlns:p='xmlns' xmlns:q='xml' p:a='1' q:b='2'><d p:e='3'/></c></error>`,
}

// FuzzParseError checks that ParseError never panics, that what it reads
// is stable once written and read back, and that encoding/xml agrees.
func FuzzParseError(f *testing.F) {
	for _, s := range errorSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		el, err := xmpptest.ReadElement("", in)
		if err != nil {
			return
		}
		e1, err := stanza.ParseError(el)
		if err != nil {
			return
		}
		if el.Name().Local == "error" {
			var viaXML stanza.Error
			if err := xml.Unmarshal([]byte(in), &viaXML); err == nil && !wsInAttrValue(in) && !inNamespaceXMLNS(e1.App) && !reflect.DeepEqual(viaXML, e1) {
				t.Fatalf("encoding/xml read %#v, token layer %#v", viaXML, e1)
			}
		}
		e2, ok := rewriteError(t, e1)
		if !ok {
			return // e1 holds a name the writer refuses
		}
		e3, _ := rewriteError(t, e2)
		if !reflect.DeepEqual(e2, e3) {
			t.Fatalf("unstable round trip:\n%#v\n%#v", e2, e3)
		}
	})
}

// inNamespaceXMLNS reports whether a holds an attribute in a namespace
// named "xmlns", which encoding/xml reports as it reports a namespace
// declaration, so that reading through it drops the attribute.
func inNamespaceXMLNS(a stanza.AppCondition) bool {
	in := func(attr []xml.Attr) bool {
		for _, at := range attr {
			if at.Name.Space == "xmlns" {
				return true
			}
		}
		return false
	}
	if in(a.Attr) {
		return true
	}
	for _, t := range a.Inner {
		if s, ok := t.(xml.StartElement); ok && in(s.Attr) {
			return true
		}
	}
	return false
}

// rewriteError writes e and reads it back.
func rewriteError(t *testing.T, e stanza.Error) (stanza.Error, bool) {
	var out []byte
	buf := &appendWriter{&out}
	w := xmlstream.NewWriter(buf)
	if err := e.WriteXML(w.Encoder()); err != nil {
		return stanza.Error{}, false
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	back, err := stanza.ParseError(xmpptest.Element(t, string(out)))
	if err != nil {
		t.Fatalf("reading back %s: %v", out, err)
	}
	return back, true
}

type appendWriter struct{ b *[]byte }

func (a *appendWriter) Write(p []byte) (int, error) {
	*a.b = append(*a.b, p...)
	return len(p), nil
}

// wsInAttrValue reports whether an attribute value in the tags of in
// holds a tab, line feed or carriage return, which XML 1.0 §3.3.3 makes a
// space (so the decoder reads them) and encoding/xml keeps as written: an
// xmlns='\r' is the namespace " " to one, "\n" to the other.
func wsInAttrValue(in string) bool {
	var inTag bool
	var quote byte
	for i := 0; i < len(in); i++ {
		switch c := in[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\t' || c == '\n' || c == '\r' {
				return true
			}
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case inTag && (c == '\'' || c == '"'):
			quote = c
		}
	}
	return false
}
