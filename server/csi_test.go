package server_test

import (
	"context"
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmlstream"
)

// loginCSI is login for a client that looks for XEP-0352.
func loginCSI(t testing.TB, srv *server.Server, user, resource string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, in: make(chan *xmlstream.Element, 256), conn: &stallConn{Conn: conn}}
	c.sess, err = xmpp.NewClientSession(ctx, jid.MustParse(user+"@"+srv.Domain().Domainpart()+"/"+resource), c.conn,
		xmpp.Config{Handler: xmpp.HandlerFunc(c.record)},
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASL("", testUsers[user]), xmpp.BindResource(), csi.Feature())
	if err != nil {
		t.Fatal(err)
	}
	c.jid = c.sess.LocalAddr()
	t.Cleanup(c.close)
	return c
}

// TestClientStateIndication checks that the server offers XEP-0352 and,
// while a client is inactive, holds back presence updates (the latest per
// contact resource) but delivers messages with a body at once, after what
// it held.
func TestClientStateIndication(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := loginCSI(t, srv, "alice", "phone")
	if !csi.Offered(alice.sess) {
		t.Fatal("the server does not offer CSI")
	}
	bob := login(t, srv, "bob", "desk")
	befriend(t, alice, bob)
	alice.drain()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := csi.Inactive(ctx, alice.sess); err != nil {
		t.Fatal(err)
	}
	// The server reads in order: once it answers a ping, it saw <inactive/>.
	if _, err := alice.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Fatal(err)
	}
	bob.send("<presence><show>away</show></presence>")
	bob.send("<presence><show>xa</show></presence>")
	bob.expect("<show>xa</show>") // both went through the server
	alice.quiet()

	if err := csi.Active(ctx, alice.sess); err != nil {
		t.Fatal(err)
	}
	alice.expect("from='bob@example.test/desk'", "<show>xa</show>")
	alice.quiet() // the first update was replaced

	// Inactive again: a message with a body is not held, and releases the
	// presence held before it, first.
	if err := csi.Inactive(ctx, alice.sess); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Fatal(err)
	}
	bob.send("<presence><show>dnd</show></presence>")
	bob.expect("<show>dnd</show>")
	alice.quiet()
	bob.send("<message to='alice@example.test' type='chat'><body>wake up</body></message>")
	first := alice.expect("from='bob@example.test/desk'")
	if first.Name().Local != "presence" {
		t.Fatalf("got %s first, want the held presence", serialise(first))
	}
	alice.expect("<body>wake up</body>")
}
