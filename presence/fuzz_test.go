package presence_test

import (
	"reflect"
	"testing"

	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse never panics and that what it accepts
// survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<presence xmlns='jabber:client' from='romeo@example.net/orchard' xml:lang='en'><show>dnd</show><status>Wooing</status><status xml:lang='cs'>Dvořím</status><priority>1</priority></presence>`,
		`<presence xmlns='jabber:client' type='unavailable'/>`,
		`<presence xmlns='jabber:client'><priority>-129</priority><show>x</show></presence>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		got, err := presence.Parse(el)
		if err != nil {
			return
		}
		back, err := xmpptest.ReadElement("", xmpptest.Marshal(t, got))
		if err != nil {
			t.Fatal(err)
		}
		again, err := presence.Parse(back)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%q: %+v round-trips to %+v, %v", s, got, again, err)
		}
	})
}
