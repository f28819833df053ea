package bookmarks_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func raw(t testing.TB, s string) *xmlstream.Element { return xmpptest.Element(t, s) }

func TestConferenceWire(t *testing.T) {
	type c = bookmarks.Conference
	xmpptest.RunWire(t, bookmarks.Parse, []xmpptest.WireCase[c]{
		// XEP-0402 §3 Example 1 (without its extensions), then the extremes.
		{Name: "§3", XML: `<conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='true'><nick>JC</nick></conference>`,
			Value: c{Name: "The Play's the Thing", Autojoin: true, Nick: "JC"}},
		{Name: "empty", XML: `<conference xmlns='urn:xmpp:bookmarks:1'/>`, Value: c{}},
		{Name: "password", XML: `<conference xmlns='urn:xmpp:bookmarks:1'><password>s3cret</password></conference>`, Value: c{Password: "s3cret"}},
		{Name: "autojoin 1", ParseOnly: true, XML: `<conference xmlns='urn:xmpp:bookmarks:1' autojoin='1'/>`, Value: c{Autojoin: true}},
		{Name: "autojoin false", ParseOnly: true, XML: `<conference xmlns='urn:xmpp:bookmarks:1' autojoin='false'/>`, Value: c{}},
		{Name: "autojoin yes", XML: `<conference xmlns='urn:xmpp:bookmarks:1' autojoin='yes'/>`, WantErr: bookmarks.ErrInvalid},
		{Name: "other name", XML: `<conference xmlns='storage:bookmarks'/>`, WantErr: bookmarks.ErrInvalid},
		{Name: "too many extensions", XML: `<conference xmlns='urn:xmpp:bookmarks:1'><extensions>` + strings.Repeat(`<x xmlns='urn:y'/>`, bookmarks.MaxExtensions+1) + `</extensions></conference>`, WantErr: bookmarks.ErrInvalid},
	})
}

// TestConferenceExtensions: extensions come back as they were stored.
func TestConferenceExtensions(t *testing.T) {
	in := `<conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>JC</nick><extensions><state xmlns='http://myclient.example/bookmark/state' minimized='true'/></extensions></conference>`
	c, err := bookmarks.Parse(raw(t, in))
	if err != nil || len(c.Extensions) != 1 {
		t.Fatalf("Parse = %+v, %v", c, err)
	}
	if same, err := xmpptest.SameXML(xmpptest.Marshal(t, c), in); !same || err != nil {
		t.Errorf("wrote %s, want %s (%v)", xmpptest.Marshal(t, c), in, err)
	}
}

func TestStorageWire(t *testing.T) {
	room := jid.MustParse("theplay@conference.shakespeare.lit")
	type s = bookmarks.Storage
	xmpptest.RunWire(t, bookmarks.ParseStorage, []xmpptest.WireCase[s]{
		// XEP-0048 §3 Examples 1 and 2.
		{Name: "§3 conference", XML: `<storage xmlns='storage:bookmarks'><conference jid='theplay@conference.shakespeare.lit' name='The Play&apos;s the Thing' autojoin='true'><nick>JC</nick></conference></storage>`,
			Value: s{Rooms: []bookmarks.Room{{JID: room, Conference: bookmarks.Conference{Name: "The Play's the Thing", Autojoin: true, Nick: "JC"}}}}},
		{Name: "§3 url", XML: `<storage xmlns='storage:bookmarks'><url name='Complete Works of Shakespeare' url='http://the-tech.mit.edu/Shakespeare/'/></storage>`,
			Value: s{URLs: []bookmarks.URL{{Name: "Complete Works of Shakespeare", URL: "http://the-tech.mit.edu/Shakespeare/"}}}},
		{Name: "empty", XML: `<storage xmlns='storage:bookmarks'/>`, Value: s{}},
		{Name: "password", XML: `<storage xmlns='storage:bookmarks'><conference jid='theplay@conference.shakespeare.lit'><password>p</password></conference></storage>`,
			Value: s{Rooms: []bookmarks.Room{{JID: room, Conference: bookmarks.Conference{Password: "p"}}}}},
		{Name: "no jid", XML: `<storage xmlns='storage:bookmarks'><conference name='x'/></storage>`, WantErr: bookmarks.ErrInvalidStorage},
		{Name: "bad jid", XML: `<storage xmlns='storage:bookmarks'><conference jid='@'/></storage>`, WantErr: bookmarks.ErrInvalidStorage},
		{Name: "too many", XML: `<storage xmlns='storage:bookmarks'>` + strings.Repeat(`<url url='u'/>`, bookmarks.MaxStorage+1) + `</storage>`, WantErr: bookmarks.ErrInvalidStorage},
		{Name: "other name", XML: `<storage xmlns='storage:rosternotes'/>`, WantErr: bookmarks.ErrInvalidStorage},
	})
}
