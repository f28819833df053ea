package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// bigMessage is a chat message with a body and a child with an attribute.
func bigMessage(to, body, attr string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		a := func(k, v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: k}, Value: v} }
		return errors.Join(
			e.Start(xml.Name{Space: stanza.NSClient, Local: "message"}, a("type", "chat"), a("to", to)),
			e.Start(xml.Name{Space: stanza.NSClient, Local: "body"}), e.Text(body), e.End(),
			e.Start(xml.Name{Space: "urn:test", Local: "x"}, a("v", attr)), e.End(),
			e.End())
	})
}

// TestBadInput_RelayedStanzaKeepsItsSize: a 300 KB message full of '>'
// and '"' is relayed at its own size and arrives intact at a Canto client
// with default limits; re-encoded with "&gt;" and "&quot;" it grew past the
// client's 1 MiB limit, and the recipient's session ended with
// policy-violation.
func TestBadInput_RelayedStanzaKeepsItsSize(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	bob.online()
	bob.drain()
	body := strings.Repeat(">", 300<<10)
	attr := strings.Repeat(`"`, 60<<10)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := alice.sess.Send(ctx, bigMessage("bob@example.test/desk", body, attr)); err != nil {
		t.Fatal(err)
	}
	select {
	case el := <-bob.in:
		b, _ := el.Child(stanza.NSClient, "body")
		x, _ := el.Child("urn:test", "x")
		if b == nil || b.Text() != body || x == nil || x.Attr("v") != attr {
			t.Errorf("the message arrived altered")
		}
	case <-bob.sess.Done():
		t.Fatalf("the recipient's session ended: %v", bob.sess.Err())
	case <-time.After(10 * time.Second):
		t.Fatal("the message did not arrive")
	}
}

// TestBadInput_OversizeRefusedToSender: a stanza the server accepted but
// could not relay within a client's limit (here: just under the limit
// before the server adds 'from') is refused to its sender with
// policy-violation, and never reaches the recipient, whose session goes on.
func TestBadInput_OversizeRefusedToSender(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	bob.online()
	bob.drain()
	limit := xmlstream.DefaultLimits().MaxElementBytes
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tt := range []struct {
		name string
		send func() error
	}{
		{"message", func() error {
			return alice.sess.Send(ctx, bigMessage("bob@example.test/desk", strings.Repeat("a", limit-300), ""))
		}},
		{"IQ", func() error {
			payload := xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
				return errors.Join(e.Start(xml.Name{Space: "urn:test", Local: "query"}), e.Text(strings.Repeat("a", limit-300)), e.End())
			})
			_, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("bob@example.test/desk")}, payload)
			if !errors.Is(err, stanza.Error{Condition: stanza.PolicyViolation}) {
				t.Errorf("IQ answered with %v, want policy-violation", err)
			}
			return nil
		}},
	} {
		if err := tt.send(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
	}
	alice.expect("<message", "type='error'", "policy-violation")
	bob.quiet()
	if _, err := bob.iq("get", "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Errorf("the recipient's session suffered: %v", err)
	}
	if got := srv.GuardStats().OversizeStanzas; got != 2 {
		t.Errorf("OversizeStanzas = %d, want 2", got)
	}
}
