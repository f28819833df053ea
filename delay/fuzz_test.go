package delay_test

import (
	"testing"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and reading back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<delay xmlns='urn:xmpp:delay' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay>`,
		`<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T18:08:25.123-05:00'/>`,
		`<delay xmlns='urn:xmpp:delay' from='' stamp=''/>`,
		`<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'>a<b/>c</delay>`,
		`<delay xmlns='urn:xmpp:delay'/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		d, err := delay.Parse(el)
		if err != nil {
			return
		}
		out, err := xmpptest.MarshalString("jabber:client", d)
		if err != nil {
			t.Fatalf("%q parsed to %+v, which does not write: %v", s, d, err)
		}
		back, err := xmpptest.ReadElement("", out)
		if err != nil {
			t.Fatal(err)
		}
		again, err := delay.Parse(back)
		if err != nil || !again.Stamp.Equal(d.Stamp) || again.From != d.From || again.Reason != d.Reason {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, d, again, err)
		}
	})
}
