package hints_test

import (
	"testing"

	"github.com/canto-im/xmpp/hints"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<no-copy xmlns='urn:xmpp:hints'/>`,
		`<store xmlns='urn:xmpp:hints'>x</store>`,
		`<private xmlns='urn:xmpp:hints'/>`,
		`<no-store/>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := hints.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		if again, err := hints.Parse(back); err != nil || again != got {
			t.Fatalf("%q: %v round-trips to %v, %v", s, got, again, err)
		}
	})
}
