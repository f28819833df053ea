package carbons_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/xmpptest"
)

// The copied message of XEP-0280 §6 example 2.
const inner = `<message xmlns='jabber:client' from='juliet@capulet.example/balcony' to='romeo@montague.example/garden' type='chat'>` +
	`<body>What man art thou?</body><thread>0e3141cd80894871a68e6fe6b1ec56fa</thread></message>`

func TestWire(t *testing.T) {
	for _, tc := range []struct {
		name    string
		xml     string
		dir     carbons.Direction
		wantErr error
	}{
		{"received", `<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></received>`, carbons.Received, nil},
		{"sent", `<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></sent>`, carbons.Sent, nil},
		{"foreign child ignored", `<sent xmlns='urn:xmpp:carbons:2'><x xmlns='urn:example'/><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></sent>`, carbons.Sent, nil},
		{"no forwarded", `<sent xmlns='urn:xmpp:carbons:2'/>`, 0, carbons.ErrNoForwarded},
		{"two forwarded", `<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></sent>`, 0, carbons.ErrNoForwarded},
		{"forwarded iq", `<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><iq xmlns='jabber:client' type='get' id='1'/></forwarded></received>`, 0, carbons.ErrNoForwarded},
		{"empty forwarded", `<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/></received>`, 0, forward.ErrNoStanza},
		{"old namespace", `<received xmlns='urn:xmpp:carbons:1'><forwarded xmlns='urn:xmpp:forward:0'>` + inner + `</forwarded></received>`, 0, carbons.ErrNotCarbon},
		{"private is no carbon", `<private xmlns='urn:xmpp:carbons:2'/>`, 0, carbons.ErrNotCarbon},
	} {
		c, err := carbons.Parse(xmpptest.Element(t, tc.xml))
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if c.Direction != tc.dir {
			t.Errorf("%s: direction %v, want %v", tc.name, c.Direction, tc.dir)
		}
		// Written back, it is the same element without foreign children.
		got := xmpptest.Marshal(t, c)
		back, err := carbons.Parse(xmpptest.Element(t, got))
		if err != nil || back.Direction != c.Direction || !xmpptest.SameElement(back.Forwarded.Stanza, c.Forwarded.Stanza) {
			t.Errorf("%s: round trip gives %s, %v", tc.name, got, err)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	msg := xmpptest.Element(t, inner)
	for _, tc := range []struct {
		name string
		in   carbons.Carbon
		want error
	}{
		{"no direction", carbons.Carbon{Forwarded: forward.Forwarded{Stanza: msg}}, carbons.ErrBadDirection},
		{"no stanza", carbons.Carbon{Direction: carbons.Sent}, carbons.ErrNoForwarded},
		{"not a message", carbons.Carbon{Direction: carbons.Sent, Forwarded: forward.Forwarded{Stanza: xmpptest.Element(t, `<iq xmlns='jabber:client' type='get'/>`)}}, carbons.ErrNoForwarded},
	} {
		if _, err := xmpptest.MarshalString("", tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	if got := xmpptest.Marshal(t, carbons.Private{}); got != `<private xmlns="urn:xmpp:carbons:2"/>` {
		t.Errorf("Private writes %s", got)
	}
}

func TestIsPrivate(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want bool
	}{
		{`<message xmlns='jabber:client'><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>`, true},
		{`<message xmlns='jabber:client'><no-copy xmlns='urn:xmpp:hints'/></message>`, false},
		{`<message xmlns='jabber:client'><private xmlns='urn:xmpp:carbons:1'/></message>`, false},
	} {
		if got := carbons.IsPrivate(xmpptest.Element(t, tc.msg)); got != tc.want {
			t.Errorf("IsPrivate(%s) = %v", tc.msg, got)
		}
	}
}
