package disco_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParseInfo checks that ParseInfo and the caps computations never
// panic, that a parsed Info survives writing and parsing back, and that
// its verification string (when it has one) verifies against itself.
func FuzzParseInfo(f *testing.F) {
	for _, s := range []string{
		psiXML,
		`<query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='pc'/><feature var='a'/><feature var='a'/></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#info' node='n#v'><x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>a</value><value>b</value></field></x></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#info'><identity/></query>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		info, err := disco.ParseInfo(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", info)
		if err != nil {
			t.Fatalf("%q parsed but does not write: %v", s, err)
		}
		again, err := disco.ParseInfo(xmpptest.Element(t, out))
		if err != nil || !reflect.DeepEqual(again, info) {
			t.Fatalf("%q: %+v\nround-trips through %s to %+v, %v", s, info, out, again, err)
		}
		ver, err := disco.Ver(info, "sha-256")
		if err != nil {
			return
		}
		if err := (disco.Caps{Hash: "sha-256", Node: "n", Ver: ver}).Verify(again); err != nil {
			t.Fatalf("%q: its own ver does not verify: %v", s, err)
		}
	})
}

// FuzzParseCaps checks the <c/> parser.
func FuzzParseCaps(f *testing.F) {
	for _, s := range []string{
		`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://code.google.com/p/exodus' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>`,
		`<c xmlns='http://jabber.org/protocol/caps' node='n' ver='v' ext='a b'/>`,
		`<c xmlns='http://jabber.org/protocol/caps'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		c, err := disco.ParseCaps(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", c)
		if err != nil {
			t.Fatalf("%q parsed but does not write: %v", s, err)
		}
		if again, err := disco.ParseCaps(xmpptest.Element(t, out)); err != nil || again != c {
			t.Fatalf("%q round-trips to %+v, %v", s, again, err)
		}
		_ = c.Verify(disco.Info{})
	})
}
