package stanzaid_test

import (
	"testing"

	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that the parsers never panic and that what they accept
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<stanza-id xmlns='urn:xmpp:sid:0' id='de305d54-75b4-431b-adb2-eb6b9e546013' by='room@muc.example.com'/>`,
		`<origin-id xmlns='urn:xmpp:sid:0' id='de305d54'/>`,
		`<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='A@B/C'/>`,
		`<stanza-id xmlns='urn:xmpp:sid:0' id='x'>t</stanza-id>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		if got, err := stanzaid.ParseStanzaID(el); err == nil {
			back, err := stanzaid.ParseStanzaID(xmpptest.Element(t, xmpptest.Marshal(t, got)))
			if err != nil || back != got {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
			}
		}
		if got, err := stanzaid.ParseOriginID(el); err == nil {
			back, err := stanzaid.ParseOriginID(xmpptest.Element(t, xmpptest.Marshal(t, got)))
			if err != nil || back != got {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, back, err)
			}
		}
		_, _ = stanzaid.RefID(el)
	})
}
