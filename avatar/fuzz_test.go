package avatar_test

import (
	"testing"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that the parsers never panic and that what they accept
// writes and reads back equal.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<data xmlns='urn:xmpp:avatar:data'>aGVsbG8=</data>`,
		`<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='t' width='2'/></metadata>`,
		`<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='t'><hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>qZk+NkcGgWq6PiVxeFDCbJzQ2J0=</hash></info></metadata>`,
		`<x xmlns='vcard-temp:x:update'><photo>aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d</photo></x>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		roundTrip(t, el, avatar.ParseData)
		roundTrip(t, el, avatar.ParseMetadata)
		roundTrip(t, el, avatar.ParseUpdate)
	})
}

func roundTrip[T xmlstream.Marshaler](t *testing.T, el *xmlstream.Element, parse func(*xmlstream.Element) (T, error)) {
	v, err := parse(el)
	if err != nil {
		return
	}
	out := xmpptest.Marshal(t, v)
	back, err := parse(xmpptest.Element(t, out))
	if err != nil || xmpptest.Marshal(t, back) != out {
		t.Fatalf("%+v wrote %s, read back %+v, %v", v, out, back, err)
	}
}
