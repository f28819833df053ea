package forward_test

import (
	"testing"

	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts is
// written back with the same names, namespaces, attributes and text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>` + juliet + `</forwarded>`,
		`<f:forwarded xmlns:f='urn:xmpp:forward:0'><c:message xmlns:c='jabber:client'><c:body>hi</c:body><x xmlns='urn:x' xmlns:y='urn:y' y:a='1'><p xmlns=''/></x></c:message></f:forwarded>`,
		`<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'/><message xmlns='jabber:client'/></forwarded>`,
		`<forwarded xmlns='urn:xmpp:forward:0'><iq xmlns='jabber:server' type='get' id='x'>text<a/></iq></forwarded>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		fw, err := forward.Parse(el)
		if err != nil {
			return
		}
		_, _ = fw.Header()
		out, err := xmpptest.MarshalString("jabber:client", fw)
		if err != nil {
			t.Fatalf("%q parsed, but does not write: %v", s, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatalf("%q written as %q, which does not parse: %v", s, out, err)
		}
		again, err := forward.Parse(back)
		if err != nil {
			t.Fatalf("%q written as %q, which does not parse as forwarded: %v", s, out, err)
		}
		if !xmpptest.SameElement(fw.Stanza, again.Stanza) {
			t.Fatalf("%q: stanza changed in writing to %q", s, out)
		}
		if (fw.Delay == nil) != (again.Delay == nil) || fw.Delay != nil && !fw.Delay.Stamp.Equal(again.Delay.Stamp) {
			t.Fatalf("%q: delay changed in writing", s)
		}
	})
}
