package roster_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='jabber:iq:roster' ver='ver11'><item jid='juliet@example.com' name='Juliet' subscription='both'><group>Friends</group></item></query>`,
		`<query xmlns='jabber:iq:roster'><item jid='nurse@example.com' ask='subscribe' approved='1'/></query>`,
		`<query xmlns='jabber:iq:roster'><item jid='nurse@example.com' subscription='remove'/><x/></query>`,
		`<query xmlns='jabber:iq:roster'><item/></query>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := roster.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := roster.Parse(back)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
