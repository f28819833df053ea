package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestPresenceBroadcast checks RFC 6121 §4.2–§4.5 between two subscribed
// users and a stranger.
func TestPresenceBroadcast(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "laptop")
	carol.online()
	carol.drain()
	befriend(t, alice, bob)

	// A presence update reaches the subscriber and the own resources.
	bob.send("<presence><show>away</show></presence>")
	alice.expect("from='bob@example.test/desk'", "to='alice@example.test'", "<show>away</show>")
	bob.expect("from='bob@example.test/desk'", "<show>away</show>")
	carol.quiet()

	// A new resource gets what the server knows at once (the probe of
	// §4.2.2 is answered by the server), and is announced.
	tablet := login(t, srv, "alice", "tablet")
	tablet.send("<presence/>")
	tablet.expect("from='bob@example.test/desk'", "<show>away</show>")
	tablet.expect("from='alice@example.test/phone'")
	alice.expect("from='alice@example.test/tablet'")
	bob.expect("from='alice@example.test/tablet'")

	// Unavailable presence: explicit, then by disconnecting.
	tablet.send("<presence type='unavailable'><status>bye</status></presence>")
	alice.expect("from='alice@example.test/tablet'", "type='unavailable'", "<status>bye</status>")
	bob.expect("from='alice@example.test/tablet'", "type='unavailable'")
	bob.close()
	alice.expect("from='bob@example.test/desk'", "type='unavailable'")
	carol.quiet()
}

// TestPresenceDirected checks RFC 6121 §4.6: a directed presence's
// recipient gets the sender's unavailable presence when it disconnects.
func TestPresenceDirected(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	carol := login(t, srv, "carol", "laptop")
	alice.online()
	carol.online()
	alice.send("<presence to='carol@example.test'><status>hi</status></presence>")
	carol.expect("from='alice@example.test/phone'", "<status>hi</status>")
	alice.close()
	carol.expect("from='alice@example.test/phone'", "type='unavailable'")
}

// TestPresenceProbe checks RFC 6121 §4.3.2 as answered by the server.
func TestPresenceProbe(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "laptop")
	befriend(t, alice, bob)
	bob.send("<presence to='alice@example.test' type='probe'/>")
	bob.expect("from='alice@example.test/phone'", "to='bob@example.test/desk'")
	carol.send("<presence to='alice@example.test' type='probe'/>")
	carol.expect("from='alice@example.test'", "type='unsubscribed'")
	alice.send("<presence type='unavailable'/>")
	bob.expect("type='unavailable'")
	bob.send("<presence to='alice@example.test' type='probe'/>")
	bob.expect("from='alice@example.test'", "type='unavailable'")
}

// TestConflict checks the three ways of resolving a resource conflict
// (RFC 6120 §7.7.2.2).
func TestConflict(t *testing.T) {
	t.Run("replace", func(t *testing.T) {
		srv := newServer(t, server.Config{})
		first := login(t, srv, "alice", "phone")
		first.online()
		bob := login(t, srv, "bob", "desk")
		second := login(t, srv, "alice", "phone")
		select {
		case <-first.sess.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("the replaced session is still open")
		}
		if err := first.sess.Err(); err == nil || err.Error() != "stream: conflict: replaced by a new session" {
			t.Errorf("replaced session ended with %v", err)
		}
		second.online()
		if _, err := bob.iq("get", "alice@example.test/phone", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
			t.Errorf("the new session does not answer: %v", err)
		}
	})
	t.Run("refuse", func(t *testing.T) {
		srv := newServer(t, server.Config{OnConflict: server.RefuseNew})
		login(t, srv, "alice", "phone")
		_, err := tryLogin(srv, "alice", testUsers["alice"], "phone")
		if err == nil || !contains(err.Error(), "conflict") {
			t.Fatalf("second login: %v, want a conflict", err)
		}
	})
	t.Run("rename", func(t *testing.T) {
		srv := newServer(t, server.Config{OnConflict: server.RenameNew})
		first := login(t, srv, "alice", "phone")
		second := login(t, srv, "alice", "phone")
		if second.jid == first.jid || second.jid.Bare() != first.jid.Bare() {
			t.Fatalf("second session bound %s", second.jid)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := first.sess.Send(ctx, xmpptest.ElementIn(t, "jabber:client", "<presence/>")); err != nil {
			t.Errorf("first session: %v", err)
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
