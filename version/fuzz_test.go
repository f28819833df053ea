package version_test

import (
	"testing"

	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<query xmlns='jabber:iq:version'><name>Exodus</name><version>0.7.0.4</version><os>Windows-XP 5.01.2600</os></query>`,
		`<query xmlns='jabber:iq:version'><name/><version/></query>`,
		`<query xmlns='jabber:iq:version'><name>a<b/>c</name><version>&amp;</version><os/></query>`,
		`<query xmlns='jabber:iq:version'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := version.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := version.Parse(back)
		if err != nil || again != got {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
