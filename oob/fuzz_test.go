package oob_test

import (
	"testing"

	"github.com/canto-im/xmpp/oob"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that Parse and ParseQuery never panic and that what
// they accept survives writing and parsing back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<x xmlns='jabber:x:oob'><url>http://a.example/p</url><desc>d</desc></x>`,
		`<query xmlns='jabber:iq:oob' sid='s'><url>mailto:a@b</url></query>`,
		`<x xmlns='jabber:x:oob'><url> x:y </url></x>`,
		`<x xmlns='jabber:x:oob'><url>http://[::1]:80/%41</url></x>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		if d, err := oob.Parse(el); err == nil {
			back, err := oob.Parse(xmpptest.Element(t, xmpptest.Marshal(t, d)))
			if err != nil || back != d {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, d, back, err)
			}
		}
		if q, err := oob.ParseQuery(el); err == nil {
			back, err := oob.ParseQuery(xmpptest.Element(t, xmpptest.Marshal(t, q)))
			if err != nil || back != q {
				t.Fatalf("%q: %+v round-trips to %+v, %v", s, q, back, err)
			}
		}
	})
}
