package server_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// stanzaIDs lists the stanza-ids of a received message.
func stanzaIDs(t *testing.T, el *xmlstream.Element) []stanzaid.StanzaID {
	t.Helper()
	var out []stanzaid.StanzaID
	for c := range el.Children() {
		if c.Name() != stanzaid.StanzaIDName {
			continue
		}
		s, err := stanzaid.ParseStanzaID(c)
		if err != nil {
			t.Fatalf("the server sent a stanza-id that does not parse: %v", err)
		}
		out = append(out, s)
	}
	return out
}

// TestStanzaIDStamped: a message delivered to an account carries one
// stanza-id by the account's bare JID (XEP-0359 §2.1, §3 rule 7), the same
// on every resource it reaches, new for each message; the origin-id is
// kept (§2.2).
func TestStanzaIDStamped(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "a")
	bob1 := login(t, srv, "bob", "one")
	bob2 := login(t, srv, "bob", "two")
	for _, c := range []*client{alice, bob1, bob2} {
		c.send(`<presence/>`)
	}
	bob1.drain()
	bob2.drain()
	alice.drain()
	bobBare := jid.MustParse("bob@example.test")

	var first string
	for i, to := range []string{"bob@example.test", "bob@example.test/one"} {
		alice.send(`<message to='` + to + `' type='chat' id='m` + string(rune('1'+i)) + `'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>`)
		got := bob1.expect(`<body>hi</body>`)
		ids := stanzaIDs(t, got)
		if len(ids) != 1 || !ids[0].By.Equal(bobBare) {
			t.Fatalf("to %s: stanza-ids %+v, want one by %s", to, ids, bobBare)
		}
		if id, ok := stanzaid.Trusted(got, bobBare); !ok || id != ids[0].ID {
			t.Errorf("Trusted = %q, %v", id, ok)
		}
		if o, ok := stanzaid.OriginIDOf(got); !ok || o != "o1" {
			t.Errorf("origin-id %q, %v; want o1 kept", o, ok)
		}
		if i == 0 {
			first = ids[0].ID
			// The same message, the same id on the other resource.
			if other := stanzaIDs(t, bob2.expect(`<body>hi</body>`)); len(other) != 1 || other[0] != ids[0] {
				t.Errorf("bob/two got %+v, want %+v", other, ids[0])
			}
		} else if ids[0].ID == first {
			t.Errorf("two messages share the stanza-id %q", first)
		}
	}
}

// TestBadInput_B13_ForgedStanzaIDStripped: stanza-ids a client writes in
// the name of the server or of any of its accounts are removed before
// delivery (XEP-0359 §3 rule 2), so a client trusting stanza-ids by its
// account cannot be fooled; others, such as a room's, pass untouched (§3
// rule 3). Error messages are not stamped.
func TestBadInput_B13_ForgedStanzaIDStripped(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "a")
	bob := login(t, srv, "bob", "one")
	bob.send(`<presence/>`)
	alice.send(`<presence/>`)
	bob.drain()
	alice.drain()
	const sid = `<stanza-id xmlns='urn:xmpp:sid:0' `
	alice.send(`<message to='bob@example.test/one' type='chat' id='f1'><body>forged</body>` +
		sid + `id='forged-bob' by='bob@example.test'/>` +
		sid + `id='forged-bob-case' by='BOB@Example.Test'/>` +
		sid + `id='forged-server' by='example.test'/>` +
		sid + `id='forged-alice' by='alice@example.test'/>` +
		sid + `id='forged-full' by='bob@example.test/one'/>` +
		sid + `id='room-1' by='room@muc.elsewhere.example'/>` +
		`</message>`)
	got := bob.expect(`<body>forged</body>`)
	ids := stanzaIDs(t, got)
	var own, other int
	for _, s := range ids {
		if strings.HasPrefix(s.ID, "forged") {
			t.Errorf("forged stanza-id delivered: %+v", s)
		}
		switch s.By.String() {
		case "bob@example.test":
			own++
		case "room@muc.elsewhere.example":
			other++
		}
	}
	if own != 1 || other != 1 {
		t.Errorf("stanza-ids %+v: want the server's own and the room's", ids)
	}
	if id, ok := stanzaid.Trusted(got, jid.MustParse("bob@example.test")); !ok || strings.HasPrefix(id, "forged") {
		t.Errorf("Trusted = %q, %v", id, ok)
	}

	// An error message is routed without a stamp, and still stripped.
	alice.send(`<message to='bob@example.test/one' type='error' id='e1'>` + sid + `id='forged-e' by='example.test'/>` +
		`<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`)
	if ids := stanzaIDs(t, bob.expect(`id='e1'`)); len(ids) != 0 {
		t.Errorf("error message carries stanza-ids %+v", ids)
	}
}

// TestStanzaIDDisco: accounts advertise urn:xmpp:sid:0 (XEP-0359 §5), to
// their owner and to others.
func TestStanzaIDDisco(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "a")
	for _, to := range []string{"alice@example.test", "bob@example.test"} {
		res, err := alice.iq(stanza.GetIQ, to, `<query xmlns='http://jabber.org/protocol/disco#info'/>`)
		if err != nil {
			t.Fatalf("disco#info %s: %v", to, err)
		}
		if !strings.Contains(serialise(res), `<feature var='urn:xmpp:sid:0'/>`) {
			t.Errorf("disco#info %s lacks urn:xmpp:sid:0: %s", to, serialise(res))
		}
	}
}
