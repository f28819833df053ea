package hints_test

import (
	"testing"

	"github.com/canto-im/xmpp/hints"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestWire(t *testing.T) {
	xmpptest.RunWire(t, hints.Parse, []xmpptest.WireCase[hints.Hint]{
		{Name: "no-permanent-store", XML: `<no-permanent-store xmlns='urn:xmpp:hints'/>`, Value: hints.NoPermanentStore},
		{Name: "no-store", XML: `<no-store xmlns='urn:xmpp:hints'/>`, Value: hints.NoStore},
		{Name: "no-copy", XML: `<no-copy xmlns='urn:xmpp:hints'/>`, Value: hints.NoCopy},
		{Name: "store", XML: `<store xmlns='urn:xmpp:hints'/>`, Value: hints.Store},
		{Name: "content ignored", XML: `<store xmlns='urn:xmpp:hints'>x<y/></store>`, Value: hints.Store, ParseOnly: true},
		{Name: "unknown hint", XML: `<no-sense xmlns='urn:xmpp:hints'/>`, WantErr: hints.ErrUnknown},
		{Name: "wrong namespace", XML: `<no-copy xmlns='urn:xmpp:carbons:2'/>`, WantErr: hints.ErrUnknown},
		{Name: "empty local name written", Value: hints.Hint(""), WantErr: hints.ErrUnknown},
		{Name: "unknown written", Value: hints.Hint("private"), WantErr: hints.ErrUnknown},
	})
}

func TestHas(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  string
		h    hints.Hint
		want bool
	}{
		// XEP-0334 §3 example 1.
		{"no-copy", `<message xmlns='jabber:client' to='juliet@capulet.lit/laptop'><body>V</body><no-copy xmlns='urn:xmpp:hints'/><no-store xmlns='urn:xmpp:hints'/></message>`, hints.NoCopy, true},
		{"no-store", `<message xmlns='jabber:client'><no-copy xmlns='urn:xmpp:hints'/><no-store xmlns='urn:xmpp:hints'/></message>`, hints.NoStore, true},
		{"absent", `<message xmlns='jabber:client'><no-copy xmlns='urn:xmpp:hints'/></message>`, hints.Store, false},
		{"other namespace", `<message xmlns='jabber:client'><no-copy xmlns='urn:example'/></message>`, hints.NoCopy, false},
		{"ignored in errors", `<message xmlns='jabber:client' type='error'><no-copy xmlns='urn:xmpp:hints'/></message>`, hints.NoCopy, false},
		{"unknown hint never present", `<message xmlns='jabber:client'><x xmlns='urn:xmpp:hints'/></message>`, hints.Hint("x"), false},
	} {
		if got := hints.Has(xmpptest.Element(t, tc.msg), tc.h); got != tc.want {
			t.Errorf("%s: Has = %v, want %v", tc.name, got, tc.want)
		}
	}
}
