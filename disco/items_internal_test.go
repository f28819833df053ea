package disco

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParseItems checks that a disco#items answer, with or without a
// result set, is read without panic and survives writing and reading back.
func FuzzParseItems(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='http://jabber.org/protocol/disco#items' node='music'><item jid='juliet@example.net' node='n' name='x'/></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@b'/><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>b</last><count>9</count></set></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'><count>-3</count><first index='x'/></set></query>`,
		`<query xmlns='http://jabber.org/protocol/disco#items'><item/></query>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		p, err := parseItems(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("", &p)
		if err != nil {
			t.Fatalf("%q parsed to %+v, which does not write: %v", s, p, err)
		}
		again, err := parseItems(xmpptest.Element(t, out))
		if err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("%q: %+v\nround-trips through %s to %+v, %v", s, p, out, again, err)
		}
	})
}
