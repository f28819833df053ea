package xmpptest_test

import (
	"encoding/xml"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestElementIn(t *testing.T) {
	for _, tc := range []struct {
		ns, in string
		want   xml.Name
	}{
		{"", `<message/>`, xml.Name{Local: "message"}},
		{"jabber:client", `<message/>`, xml.Name{Space: "jabber:client", Local: "message"}},
		{"jabber:server", `<iq xmlns='urn:other'/>`, xml.Name{Space: "urn:other", Local: "iq"}},
		{"jabber:client", `<stream:features/>`, xml.Name{Space: "http://etherx.jabber.org/streams", Local: "features"}},
	} {
		if got := xmpptest.ElementIn(t, tc.ns, tc.in).Name(); got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.in, tc.ns, got, tc.want)
		}
	}
	if _, err := xmpptest.ReadElement("", `<a>`); err == nil {
		t.Error("an unclosed element was read")
	}
}

func TestMarshalIn(t *testing.T) {
	body := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: "jabber:client", Local: "body"}); err != nil {
			return err
		}
		return w.End()
	})
	for _, tc := range []struct{ ns, want string }{
		{"", `<body xmlns="jabber:client"/>`},
		{"jabber:client", `<body/>`},
		{"jabber:server", `<body xmlns="jabber:client"/>`},
	} {
		if got := xmpptest.MarshalIn(t, tc.ns, body); got != tc.want {
			t.Errorf("in %q: %s, want %s", tc.ns, got, tc.want)
		}
	}
}

func TestSameXML(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{`<a xmlns='urn:x' k='1' l="2"/>`, `<p:a xmlns:p='urn:x' l='2' k='1'></p:a>`, true},
		{`<a>x&amp;y</a>`, `<a>x&#38;y</a>`, true},
		{`<a xmlns='urn:x'/>`, `<a xmlns='urn:y'/>`, false},
		{`<a k='1'/>`, `<a k='2'/>`, false},
		{`<a>x</a>`, `<a> x</a>`, false},
		{`<a><b/></a>`, `<a><c/></a>`, false},
	} {
		if got, err := xmpptest.SameXML(tc.a, tc.b); got != tc.want || err != nil {
			t.Errorf("SameXML(%s, %s) = %v, %v", tc.a, tc.b, got, err)
		}
	}
	if _, err := xmpptest.SameXML(`<a>`, `<a/>`); err == nil {
		t.Error("no error for an unclosed element")
	}
}
