package carbons_test

import (
	"testing"

	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></received>`,
		`<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message xmlns='jabber:client'/></forwarded></sent>`,
		`<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><presence xmlns='jabber:client'/></forwarded></sent>`,
		`<received xmlns='urn:xmpp:carbons:2'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := carbons.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := carbons.Parse(back)
		if err != nil || again.Direction != got.Direction || !xmpptest.SameElement(again.Forwarded.Stanza, got.Forwarded.Stanza) {
			t.Fatalf("%q: round trip fails: %v", s, err)
		}
	})
}
