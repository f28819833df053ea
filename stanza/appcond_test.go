package stanza_test

import (
	"encoding/xml"
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// Names a Decoder resolved hold namespace names only: an attribute in a
// namespace named "xmlns" or "xml" (relative names, which Namespaces in
// XML deprecates but allows) is an attribute like any other, on an
// application-specific condition and on its children, and it survives
// being written and read back.
func TestAppConditionAttrsInNamespacesNamedXMLNSAndXML(t *testing.T) {
	in := `<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
		`<c xmlns='urn:app' xmlns:p='xmlns' xmlns:q='xml' p:a='1' q:b='2'><d p:e='3'/></c></error>`
	want := stanza.AppCondition{
		XMLName: xml.Name{Space: "urn:app", Local: "c"},
		Attr: []xml.Attr{
			{Name: xml.Name{Space: "xmlns", Local: "a"}, Value: "1"},
			{Name: xml.Name{Space: "xml", Local: "b"}, Value: "2"},
		},
		Inner: []xml.Token{
			xml.StartElement{Name: xml.Name{Space: "urn:app", Local: "d"}, Attr: []xml.Attr{{Name: xml.Name{Space: "xmlns", Local: "e"}, Value: "3"}}},
			xml.EndElement{Name: xml.Name{Space: "urn:app", Local: "d"}},
		},
	}
	got, err := stanza.ParseError(xmpptest.Element(t, in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.App, want) {
		t.Fatalf("read:\n got %#v\nwant %#v", got.App, want)
	}
	written := xmpptest.MarshalIn(t, "jabber:client", got)
	back, err := stanza.ParseError(xmpptest.Element(t, written))
	if err != nil {
		t.Fatalf("%s: %v", written, err)
	}
	if !reflect.DeepEqual(back.App, want) {
		t.Errorf("written as %s, read back:\n got %#v\nwant %#v", written, back.App, want)
	}
}

// A child of an application-specific condition in no namespace (read as
// an empty Space, resolved) stays in no namespace when the condition is
// written: taken as encoding/xml's "inherit", it was written without
// xmlns="" and read back in the condition's namespace.
func TestAppConditionChildInNoNamespace(t *testing.T) {
	in := `<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
		`<c xmlns='urn:app'><d xmlns=''><e/></d><f/></c></error>`
	got, err := stanza.ParseError(xmpptest.Element(t, in))
	if err != nil {
		t.Fatal(err)
	}
	want := []xml.Token{
		xml.StartElement{Name: xml.Name{Local: "d"}}, xml.StartElement{Name: xml.Name{Local: "e"}},
		xml.EndElement{Name: xml.Name{Local: "e"}}, xml.EndElement{Name: xml.Name{Local: "d"}},
		xml.StartElement{Name: xml.Name{Space: "urn:app", Local: "f"}}, xml.EndElement{Name: xml.Name{Space: "urn:app", Local: "f"}},
	}
	if !reflect.DeepEqual(got.App.Inner, want) {
		t.Fatalf("read:\n got %#v\nwant %#v", got.App.Inner, want)
	}
	written := xmpptest.MarshalIn(t, "jabber:client", got)
	back, err := stanza.ParseError(xmpptest.Element(t, written))
	if err != nil {
		t.Fatalf("%s: %v", written, err)
	}
	if !reflect.DeepEqual(back.App.Inner, want) {
		t.Errorf("written as %s, read back:\n got %#v\nwant %#v", written, back.App.Inner, want)
	}
}
