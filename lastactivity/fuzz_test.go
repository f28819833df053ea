package lastactivity_test

import (
	"testing"

	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='jabber:iq:last' seconds='903'>Heading Home</query>`,
		`<query xmlns='jabber:iq:last' seconds='0'/>`,
		`<query xmlns='jabber:iq:last' seconds='9223372037'/>`,
		`<query xmlns='jabber:iq:last' seconds='-1'>&amp;<x/>y</query>`,
		`<query xmlns='jabber:iq:last'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := lastactivity.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := lastactivity.Parse(back)
		if err != nil || again != got {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
