package server_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmpptest"
)

const enableCarbons = "<enable xmlns='urn:xmpp:carbons:2'/>"

// TestCarbons checks the copies of XEP-0280 §6 and §7 between alice's
// resources: which get a <sent/> or <received/> copy, from alice's bare
// JID, with the original inside; and the messages §6.1 and §8 keep out.
func TestCarbons(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := login(t, srv, "alice", "phone")   // carbons enabled
	laptop := login(t, srv, "alice", "laptop") // carbons enabled
	watch := login(t, srv, "alice", "watch")   // carbons not enabled
	bob := login(t, srv, "bob", "home")
	for _, c := range []*client{phone, laptop} {
		if _, err := c.iq("set", "", enableCarbons); err != nil {
			t.Fatalf("enable: %v", err)
		}
		// Enabling twice is not an error (§9).
		if _, err := c.iq("set", "", enableCarbons); err != nil {
			t.Fatalf("enable again: %v", err)
		}
	}
	for _, c := range []*client{phone, laptop, watch, bob} {
		c.online()
	}
	phone.drain()
	laptop.drain()
	watch.drain()
	bob.drain()

	// §7: laptop sends; phone gets a <sent/> copy, laptop none, watch none.
	laptop.send("<message to='bob@example.test/home' type='chat' id='s1'><body>Neither, fair saint</body></message>")
	bob.expect("<body>Neither, fair saint</body>")
	c := phone.expect("<sent xmlns='urn:xmpp:carbons:2'>", "id='s1'")
	if c.Attr("from") != "alice@example.test" || c.Attr("to") != phone.jid.String() || c.Attr("type") != "chat" {
		t.Errorf("sent copy addressed %s", serialise(c))
	}
	s := serialise(c)
	for _, want := range []string{"<forwarded xmlns='urn:xmpp:forward:0'>", "from='alice@example.test/laptop'", "to='bob@example.test/home'", "<body>Neither, fair saint</body>"} {
		if !containsAll(s, []string{want}) {
			t.Errorf("sent copy without %s: %s", want, s)
		}
	}
	laptop.quiet()
	watch.quiet()

	// §6: bob writes to laptop; phone gets a <received/> copy.
	bob.send("<message to='alice@example.test/laptop' type='chat' id='r1'><body>What man art thou</body></message>")
	laptop.expect("<body>What man art thou</body>")
	phone.expect("<received xmlns='urn:xmpp:carbons:2'>", "from='bob@example.test/home'", "id='r1'")
	watch.quiet()

	// To the bare JID: every available resource gets the original, so
	// nobody gets a copy.
	bob.send("<message to='alice@example.test' type='chat' id='r2'><body>to all</body></message>")
	for _, c := range []*client{phone, laptop, watch} {
		el := c.expect("<body>to all</body>")
		if _, ok := el.Child("urn:xmpp:carbons:2", "received"); ok {
			t.Errorf("%s got a copy of a message it received: %s", c.jid, serialise(el))
		}
	}
	phone.quiet()
	laptop.quiet()

	// Not eligible: §8 private (with no-copy), no-copy alone, groupchat,
	// headline, normal without body. Normal with body and a bodiless chat
	// state are.
	for _, tc := range []struct {
		name, msg string
		copied    bool
	}{
		{"private", "<message to='bob@example.test/home' type='chat' id='p'><body>x</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>", false},
		{"no-copy", "<message to='bob@example.test/home' type='chat' id='p'><body>x</body><no-copy xmlns='urn:xmpp:hints'/></message>", false},
		{"private alone", "<message to='bob@example.test/home' type='chat' id='p'><body>x</body><private xmlns='urn:xmpp:carbons:2'/></message>", false},
		{"headline", "<message to='bob@example.test/home' type='headline' id='p'><body>x</body></message>", false},
		{"normal without body", "<message to='bob@example.test/home' id='p'><subject>x</subject></message>", false},
		{"normal with body", "<message to='bob@example.test/home' id='n'><body>x</body></message>", true},
		{"chat state in normal", "<message to='bob@example.test/home' type='normal' id='n'><active xmlns='http://jabber.org/protocol/chatstates'/></message>", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			laptop.send(tc.msg)
			bob.expect("id='" + map[bool]string{true: "n", false: "p"}[tc.copied] + "'")
			if tc.copied {
				phone.expect("<sent xmlns='urn:xmpp:carbons:2'>")
			} else {
				phone.quiet()
			}
		})
	}

	// §6.1: a private message from a room occupant (muc#user) is not copied.
	bob.send("<message to='alice@example.test/laptop' type='chat' id='m'><body>pm</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>")
	laptop.expect("<body>pm</body>")
	phone.quiet()

	// §5: disabled, phone gets nothing more.
	if _, err := phone.iq("set", "", "<disable xmlns='urn:xmpp:carbons:2'/>"); err != nil {
		t.Fatal(err)
	}
	laptop.send("<message to='bob@example.test/home' type='chat' id='d'><body>after disable</body></message>")
	bob.expect("<body>after disable</body>")
	phone.quiet()

	// With none enabled, a message finds the account without copies to
	// make; enabled again, the copies come back.
	if _, err := laptop.iq("set", "", "<disable xmlns='urn:xmpp:carbons:2'/>"); err != nil {
		t.Fatal(err)
	}
	bob.send("<message to='alice@example.test/laptop' type='chat' id='n1'><body>none enabled</body></message>")
	laptop.expect("<body>none enabled</body>")
	phone.quiet()
	if _, err := phone.iq("set", "", enableCarbons); err != nil {
		t.Fatal(err)
	}
	bob.send("<message to='alice@example.test/laptop' type='chat' id='e1'><body>enabled again</body></message>")
	laptop.expect("<body>enabled again</body>")
	phone.expect("<received xmlns='urn:xmpp:carbons:2'>", "id='e1'")
	laptop.send("<message to='bob@example.test/home' type='chat' id='e2'><body>sent again</body></message>")
	bob.expect("<body>sent again</body>")
	phone.expect("<sent xmlns='urn:xmpp:carbons:2'>", "id='e2'")
}

// TestCarbonsDisco checks that the server advertises carbons and blocking.
func TestCarbonsDisco(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	res, err := alice.iq("get", "example.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>")
	if err != nil {
		t.Fatal(err)
	}
	s := serialise(res)
	for _, v := range []string{"urn:xmpp:carbons:2", "urn:xmpp:blocking", "urn:xmpp:reporting:1"} {
		if !containsAll(s, []string{"var='" + v + "'"}) {
			t.Errorf("no feature %s in %s", v, s)
		}
	}
}

// BenchmarkRouteMessageCarbons is BenchmarkRouteMessage with a second
// resource of the sender's that has carbons enabled: each message is
// routed once and copied once.
func BenchmarkRouteMessageCarbons(b *testing.B) {
	srv := newServer(b, unshaped)
	alice := login(b, srv, "alice", "phone")
	laptop := login(b, srv, "alice", "laptop")
	bob := login(b, srv, "bob", "desk")
	if _, err := laptop.iq("set", "", enableCarbons); err != nil {
		b.Fatal(err)
	}
	msg := xmpptest.ElementIn(b, "jabber:client", "<message to='bob@example.test/desk' type='chat'><body>Wherefore art thou?</body></message>")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := alice.sess.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
		<-bob.in
		<-laptop.in
	}
}

// TestCarbonsEdges checks who gets a copy in the less common cases: a
// message between two resources of the same account (a third, enabled
// resource gets one copy, not two), and a message to the bare JID, which a
// resource of negative priority does not receive (it gets a copy).
func TestCarbonsEdges(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := login(t, srv, "alice", "phone")
	laptop := login(t, srv, "alice", "laptop")
	watch := login(t, srv, "alice", "watch")
	bob := login(t, srv, "bob", "home")
	for _, c := range []*client{phone, laptop, watch} {
		if _, err := c.iq("set", "", enableCarbons); err != nil {
			t.Fatal(err)
		}
	}
	phone.online()
	laptop.online()
	bob.online()
	watch.send("<presence><priority>-1</priority></presence>")
	watch.expect("<priority>-1</priority>", "to='"+watch.jid.String()+"'")
	for _, c := range []*client{phone, laptop, watch, bob} {
		c.drain()
	}

	phone.send("<message to='alice@example.test/laptop' type='chat' id='own'><body>note to self</body></message>")
	laptop.expect("<body>note to self</body>")
	watch.expect("<sent xmlns='urn:xmpp:carbons:2'>", "id='own'")
	watch.quiet()
	phone.quiet()
	laptop.quiet()

	bob.send("<message to='alice@example.test' type='chat' id='bare'><body>to the account</body></message>")
	phone.expect("<body>to the account</body>")
	laptop.expect("<body>to the account</body>")
	watch.expect("<received xmlns='urn:xmpp:carbons:2'>", "id='bare'")
	phone.quiet()
	laptop.quiet()
}

// TestBadInput_B13_CarbonStanzaID checks that a carbon forwards the
// message with the stanza-id its recipients got, and never with one a
// client forged in the name of an account of this server.
func TestBadInput_B13_CarbonStanzaID(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := login(t, srv, "alice", "phone")
	laptop := login(t, srv, "alice", "laptop")
	bob := login(t, srv, "bob", "home")
	if _, err := phone.iq("set", "", enableCarbons); err != nil {
		t.Fatal(err)
	}
	forged := "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.test' id='forged'/>"
	bob.send("<message to='alice@example.test/laptop' type='chat' id='r'><body>hi</body>" + forged + "</message>")
	orig := laptop.expect("<body>hi</body>")
	sid, ok := orig.Child("urn:xmpp:sid:0", "stanza-id")
	if !ok || sid.Attr("id") == "forged" {
		t.Fatalf("original delivered as %s", serialise(orig))
	}
	c := serialise(phone.expect("<received xmlns='urn:xmpp:carbons:2'>", "id='r'"))
	if !containsAll(c, []string{"id='" + sid.Attr("id") + "'"}) || containsAll(c, []string{"forged"}) {
		t.Errorf("received copy %s, want the stanza-id %s and not the forged one", c, sid.Attr("id"))
	}
	laptop.send("<message to='bob@example.test/home' type='chat' id='s'><body>yo</body>" + forged + "</message>")
	bob.expect("<body>yo</body>")
	if c := serialise(phone.expect("<sent xmlns='urn:xmpp:carbons:2'>", "id='s'")); containsAll(c, []string{"forged"}) {
		t.Errorf("sent copy keeps the forged stanza-id: %s", c)
	}
}
