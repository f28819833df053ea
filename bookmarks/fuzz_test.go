package bookmarks_test

import (
	"testing"

	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse checks that the parsers never panic and that what they accept
// writes and reads back to the same XML.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<conference xmlns='urn:xmpp:bookmarks:1' name='n' autojoin='1'><nick>a</nick><extensions><x xmlns='urn:y'/></extensions></conference>`,
		`<storage xmlns='storage:bookmarks'><conference jid='r@c.example' autojoin='true'><nick>n</nick></conference><url url='u'/></storage>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		el, err := xmpptest.ReadElement("", s)
		if err != nil {
			return
		}
		roundTrip(t, el, bookmarks.Parse)
		roundTrip(t, el, bookmarks.ParseStorage)
	})
}

func roundTrip[T xmlstream.Marshaler](t *testing.T, el *xmlstream.Element, parse func(*xmlstream.Element) (T, error)) {
	v, err := parse(el)
	if err != nil {
		return
	}
	out := xmpptest.Marshal(t, v)
	back, err := parse(xmpptest.Element(t, out))
	if err != nil || xmpptest.Marshal(t, back) != out {
		t.Fatalf("%+v wrote %s, read back %+v, %v", v, out, back, err)
	}
}
