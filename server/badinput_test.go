package server_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// ended waits for c's session to end and returns its error.
func ended(t *testing.T, c *client) error {
	t.Helper()
	select {
	case <-c.sess.Done():
		return c.sess.Err()
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: the session did not end", c.jid)
		return nil
	}
}

// TestBadInput_B12_SpoofedFrom: a client may not send in another's name
// (RFC 6120 §8.1.2.1); the server ends its stream with invalid-from, and
// everyone else goes on.
func TestBadInput_B12_SpoofedFrom(t *testing.T) {
	srv := newServer(t, server.Config{})
	mallory := login(t, srv, "carol", "mallory")
	bob := login(t, srv, "bob", "desk")
	bob.online()
	mallory.send("<message from='alice@example.test/phone' to='bob@example.test' type='chat'><body>it is me, alice</body></message>")
	if err := ended(t, mallory); !errors.Is(err, stream.InvalidFrom) {
		t.Errorf("spoofer's session ended with %v, want invalid-from", err)
	}
	bob.quiet()
	if _, err := bob.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("bob's session suffered: %v", err)
	}
}

// TestBadInput_B12_UnsolicitedIQResponse: an IQ response nobody asked for
// is never delivered, so it cannot answer another user's request.
func TestBadInput_B12_UnsolicitedIQResponse(t *testing.T) {
	srv := newServer(t, server.Config{})
	mallory := login(t, srv, "carol", "mallory")
	bob := login(t, srv, "bob", "desk")
	mallory.send("<iq type='result' id='guess' to='bob@example.test/desk'><query xmlns='jabber:iq:roster'><item jid='mallory@example.test' subscription='both'/></query></iq>")
	mallory.send("<iq type='error' id='guess2' to='bob@example.test/desk'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")
	bob.quiet()
}

// TestBadInput_A7_NotAStanza: after negotiation only stanzas may be sent
// (no stream management here); anything else ends that stream only.
func TestBadInput_A7_NotAStanza(t *testing.T) {
	srv := newServer(t, server.Config{})
	c := login(t, srv, "carol", "x")
	other := login(t, srv, "bob", "desk")
	c.send("<r xmlns='urn:xmpp:sm:3'/>")
	if err := ended(t, c); !errors.Is(err, stream.UnsupportedStanzaType) {
		t.Errorf("ended with %v, want unsupported-stanza-type", err)
	}
	if _, err := other.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("other session: %v", err)
	}
}

// TestBadInput_A4_PreAuthBytes: before authentication a peer may not make
// the server hold a large element (memory exhaustion from unauthenticated
// connections, as in Prosody CVE-2021-32918): the stream fails with
// policy-violation and the server goes on serving.
func TestBadInput_A4_PreAuthBytes(t *testing.T) {
	srv := newServer(t, server.Config{})
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	p := xmpptest.NewPeer(conn)
	defer p.Close()
	if err := p.Write("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'>"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadHeader(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.Write("<junk a='" + strings.Repeat("x", 100<<10) + "'/>") }()
	serr, err := p.ExpectStreamError()
	if err != nil || !errors.Is(serr, stream.PolicyViolation) {
		t.Fatalf("got %v, %v; want policy-violation", serr, err)
	}
	login(t, srv, "alice", "after")
}

// TestBadInput_A2_RestrictedXML: a comment before authentication ends the
// stream with restricted-xml (RFC 6120 §11.1; Prosody CVE-2022-0217
// accepted comments, doctypes and processing instructions).
func TestBadInput_A2_RestrictedXML(t *testing.T) {
	srv := newServer(t, server.Config{})
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	p := xmpptest.NewPeer(conn)
	defer p.Close()
	if err := p.Write("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'><!-- hi -->"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadHeader(); err != nil {
		t.Fatal(err)
	}
	serr, err := p.ExpectStreamError()
	if err != nil || !errors.Is(serr, stream.RestrictedXML) {
		t.Fatalf("got %v, %v; want restricted-xml", serr, err)
	}
}

// TestBadInput_D26_StalledReader: a client that stops reading loses its
// connection after the write timeout; senders are not held up for longer.
func TestBadInput_D26_StalledReader(t *testing.T) {
	// The sender is not paced (ShapeRate): it must fill the socket buffers
	// quickly for the stall to show.
	srv := newServer(t, server.Config{WriteTimeout: 300 * time.Millisecond, ShapeRate: 1 << 30, ShapeBurst: 1 << 30})
	stalled := login(t, srv, "bob", "stalled")
	stalled.stallReads()
	defer stalled.resumeReads()
	alice := login(t, srv, "alice", "phone")
	body := strings.Repeat("x", 32<<10)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatal("the stalled client is still connected")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := alice.sess.Send(ctx, xmpptest.ElementIn(t, "jabber:client", "<message id='m' to='bob@example.test/stalled'><body>"+body+"</body></message>"))
		cancel()
		if err != nil {
			t.Fatalf("the sender was held up: %v", err)
		}
		// Once the server has dropped bob, the message bounces.
		select {
		case el := <-alice.in:
			if strings.Contains(serialise(el), "service-unavailable") {
				return
			}
		case <-time.After(20 * time.Millisecond):
		}
	}
}
