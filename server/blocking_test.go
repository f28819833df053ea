package server_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// loginWith logs user in with handler h, for tests that use a feature
// package's client side against the server.
func loginWith(t *testing.T, srv *server.Server, user, resource string, h xmpp.Handler) *xmpp.Session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	j := jid.MustParse(user + "@" + srv.Domain().Domainpart() + "/" + resource)
	s, err := xmpp.NewClientSession(ctx, j, conn, xmpp.Config{Handler: h},
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}), xmpp.SASL("", testUsers[user]), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, s)
	return s
}

// TestBlockList checks §3.2–3.5 with the blocking package against the
// server: list, block (with a report), unblock, unblock all, pushes to the
// resources that asked for the list and only those, and bad requests.
func TestBlockList(t *testing.T) {
	srv := newServer(t, server.Config{})
	pushes := make(chan blocking.Push, 8)
	h := blocking.Handler{OnPush: func(_ context.Context, _ *xmpp.Session, p blocking.Push) { pushes <- p }}
	phone := loginWith(t, srv, "alice", "phone", mux.New(h.Handle()))
	tablet := login(t, srv, "alice", "tablet") // never asks for the list
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	bob, carol, evil := jid.MustParse("bob@example.test"), jid.MustParse("carol@example.test/home"), jid.MustParse("evil.example")
	list := func(want ...jid.JID) {
		t.Helper()
		got, err := blocking.List(ctx, phone)
		if err != nil || len(got) != len(want) {
			t.Fatalf("List = %v, %v; want %v", got, err, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("List = %v; want %v", got, want)
			}
		}
	}
	push := func(want string) {
		t.Helper()
		select {
		case p := <-pushes:
			if got := pushString(p); got != want {
				t.Errorf("push %s, want %s", got, want)
			}
		case <-ctx.Done():
			t.Fatalf("no push %s", want)
		}
	}
	list()
	if err := blocking.Block(ctx, phone, bob, carol); err != nil {
		t.Fatal(err)
	}
	push("block bob@example.test carol@example.test/home")
	if err := blocking.BlockAndReport(ctx, phone, evil, blocking.Report{Reason: blocking.Spam, Text: "ads"}); err != nil {
		t.Fatal(err)
	}
	push("block evil.example")
	list(bob, carol, evil)
	if err := blocking.Unblock(ctx, phone, carol); err != nil {
		t.Fatal(err)
	}
	push("unblock carol@example.test/home")
	list(bob, evil)
	if err := blocking.UnblockAll(ctx, phone); err != nil {
		t.Fatal(err)
	}
	push("unblock all")
	list()
	tablet.quiet() // no pushes: it never asked for the list
	for _, tc := range []struct{ name, payload string }{
		{"empty block", "<block xmlns='urn:xmpp:blocking'/>"},
		{"bad JID", "<block xmlns='urn:xmpp:blocking'><item jid='@'/></block>"},
	} {
		if _, err := tablet.iq("set", "", tc.payload); !errors.Is(err, stanza.Error{Condition: stanza.BadRequest}) {
			t.Errorf("%s: %v, want bad-request", tc.name, err)
		}
	}
}

func pushString(p blocking.Push) string {
	s := "unblock"
	js := p.Unblocked
	if p.Blocked != nil {
		s, js = "block", p.Blocked
	}
	if p.All {
		return s + " all"
	}
	for _, j := range js {
		s += " " + j.String()
	}
	return s
}

// TestBlockEnforced checks §3.3 both ways: what bob sends alice once she
// blocked him is not delivered (messages and IQ requests answered with
// service-unavailable, presence dropped); what she sends him comes back as
// not-acceptable with <blocked/>; her own resources stay free; unblocked,
// everything flows again.
func TestBlockEnforced(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	alice2 := login(t, srv, "alice", "laptop")
	bob := login(t, srv, "bob", "home")
	carol := login(t, srv, "carol", "home")
	if _, err := alice.iq("set", "", "<block xmlns='urn:xmpp:blocking'><item jid='bob@example.test'/></block>"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*client{alice, alice2, bob, carol} {
		c.drain()
	}

	// Inbound: bob's message bounces as if alice were offline.
	bob.send("<message to='alice@example.test/phone' type='chat' id='b1'><body>let me in</body></message>")
	e := bob.expect("type='error'", "id='b1'")
	if se, err := stanza.ParseError(e); err != nil || se.Condition != stanza.ServiceUnavailable {
		t.Errorf("bob's message bounced as %s", serialise(e))
	}
	if _, err := bob.iq("get", "alice@example.test/phone", "<ping xmlns='urn:xmpp:ping'/>"); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("bob's ping: %v, want service-unavailable", err)
	}
	bob.send("<presence to='alice@example.test' type='subscribe'/>")
	bob.send("<presence to='alice@example.test/phone'/>")
	alice.quiet()
	bob.quiet()

	// Outbound: alice's message and ping to bob are refused.
	alice.send("<message to='bob@example.test/home' type='chat' id='a1'><body>hello?</body></message>")
	e = alice.expect("type='error'", "id='a1'")
	if se, err := stanza.ParseError(e); err != nil || !blocking.IsBlocked(se) || se.Condition != stanza.NotAcceptable {
		t.Errorf("alice's message came back as %s", serialise(e))
	}
	if _, err := alice.iq("get", "bob@example.test/home", "<ping xmlns='urn:xmpp:ping'/>"); !blocking.IsBlocked(err) {
		t.Errorf("alice's ping: %v, want blocked", err)
	}
	bob.quiet()

	// Presence broadcasts skip the blocked contact both ways; carol's
	// messages still flow, and so do alice's own resources'.
	carol.send("<message to='alice@example.test/phone' type='chat' id='c1'><body>hi</body></message>")
	alice.expect("<body>hi</body>")
	alice2.send("<message to='alice@example.test/phone' type='chat' id='o1'><body>own</body></message>")
	alice.expect("<body>own</body>")

	if _, err := alice.iq("set", "", "<unblock xmlns='urn:xmpp:blocking'/>"); err != nil {
		t.Fatal(err)
	}
	bob.send("<message to='alice@example.test/phone' type='chat' id='b2'><body>again</body></message>")
	alice.expect("<body>again</body>")
	alice.send("<message to='bob@example.test/home' type='chat' id='a2'><body>welcome</body></message>")
	bob.expect("<body>welcome</body>")
}

// TestBlockBroadcast checks that a blocked contact sees the user go
// offline, that presence broadcasts skip it both ways, and that an unblock
// gives it the user's current presence.
func TestBlockBroadcast(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "home")
	alice.online()
	bob.online()
	// Mutual subscription.
	alice.send("<presence to='bob@example.test' type='subscribe'/>")
	bob.expect("type='subscribe'")
	bob.send("<presence to='alice@example.test' type='subscribed'/>")
	bob.send("<presence to='alice@example.test' type='subscribe'/>")
	alice.expect("type='subscribe'")
	alice.send("<presence to='bob@example.test' type='subscribed'/>")
	bob.expect("<presence", "from='alice@example.test/phone'")
	alice.drain()
	bob.drain()
	if _, err := alice.iq("set", "", "<block xmlns='urn:xmpp:blocking'><item jid='bob@example.test'/></block>"); err != nil {
		t.Fatal(err)
	}
	// §3.3: bob, allowed to see alice's presence, sees her go offline.
	bob.expect("<presence", "from='alice@example.test/phone'", "type='unavailable'")
	alice.drain()
	bob.drain()
	alice.send("<presence><show>away</show></presence>")
	alice.expect("<show>away</show>", "to='"+alice.jid.String()+"'")
	bob.quiet()
	bob.send("<presence><show>dnd</show></presence>")
	bob.expect("<show>dnd</show>", "to='"+bob.jid.String()+"'")
	alice.quiet()
	// §3.4: unblocked, bob gets alice's current presence.
	if _, err := alice.iq("set", "", "<unblock xmlns='urn:xmpp:blocking'><item jid='bob@example.test'/></unblock>"); err != nil {
		t.Fatal(err)
	}
	bob.expect("<presence", "from='alice@example.test/phone'", "<show>away</show>")
}

// TestForgedCarbon has bob send alice a message that claims to be a
// carbon: the server routes it from bob's address, and alice's carbons
// handler refuses it (XEP-0280 §11).
func TestForgedCarbon(t *testing.T) {
	srv := newServer(t, server.Config{})
	got := make(chan string, 2)
	h := carbons.Handler{Deliver: func(_ context.Context, _ *xmpp.Session, d carbons.Direction, msg *xmpp.Stanza) error {
		got <- d.String() + " " + msg.Header.From.String()
		return nil
	}}
	alice := loginWith(t, srv, "alice", "phone", mux.New(h.Handle()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := carbons.Enable(ctx, alice); err != nil {
		t.Fatal(err)
	}
	laptop := login(t, srv, "alice", "laptop")
	bob := login(t, srv, "bob", "home")
	bob.send("<message to='alice@example.test/phone' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" +
		"<message xmlns='jabber:client' from='juliet@example.test/balcony' to='alice@example.test/laptop' type='chat'><body>forged</body></message></forwarded></received></message>")
	// A genuine copy behind it: only that one is delivered.
	bob.send("<message to='alice@example.test/laptop' type='chat'><body>genuine</body></message>")
	laptop.expect("<body>genuine</body>")
	// The wait has its own budget: the two logins above may use up most
	// of ctx's on a loaded machine, and their time is not what is tested.
	select {
	case s := <-got:
		if s != "received bob@example.test/home" {
			t.Errorf("delivered %q, want only the genuine copy", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the genuine carbon did not arrive")
	}
	select {
	case s := <-got:
		t.Errorf("also delivered %q", s)
	case <-time.After(150 * time.Millisecond):
	}
}
