package server_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmlstream"
)

func verAttr(v string) xml.Attr { return xml.Attr{Name: xml.Name{Local: "ver"}, Value: v} }

// item returns c's local item for contact (zero if none).
func (c *imClient) item(contact string) roster.Item {
	it, _ := c.local.Roster().Lookup(jid.MustParse(contact))
	return it
}

// TestPreApproval checks RFC 6121 §3.4 on the embedded server: the
// feature is advertised; a pre-approval is stored on the roster item
// (approved='true'); the contact's request is then granted at once
// without reaching the user, which spends the approval; "unsubscribed"
// withdraws one; and pre-approving a contact that is already subscribed
// changes nothing.
func TestPreApproval(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := loginIM(t, srv, "alice", "phone")
	bob := loginIM(t, srv, "bob", "desk")
	carol := loginIM(t, srv, "carol", "laptop")
	if !presence.PreApprovalOffered(alice.sess) {
		t.Fatal("the server does not advertise pre-approval")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, c := range []*imClient{alice, bob, carol} {
		if err := c.local.Sync(ctx, c.sess); err != nil {
			t.Fatal(err)
		}
		c.online()
	}
	alice.drain()

	// alice pre-approves bob, who then asks.
	if err := presence.PreApprove(ctx, alice.sess, bob.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	alice.waitRoster("the pre-approval", func(roster.Roster) bool {
		it := alice.item("bob@example.test")
		return it.Approved && it.Subscription == roster.SubNone
	})
	if err := presence.Subscribe(ctx, bob.sess, alice.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	bob.expect("type='subscribed'", "from='alice@example.test'")
	bob.waitRoster("bob's subscription", func(roster.Roster) bool { return bob.item("alice@example.test").Subscription == roster.SubTo })
	alice.waitRoster("the spent approval", func(roster.Roster) bool {
		it := alice.item("bob@example.test")
		return !it.Approved && it.Subscription == roster.SubFrom
	})
	bob.expect("from='alice@example.test/phone'") // alice's presence follows
	for _, el := range drainAll(alice.client) {
		if s := serialise(el); containsAll(s, []string{"type='subscribe'"}) {
			t.Errorf("alice got the pre-approved request: %s", s)
		}
	}

	// Pre-approving bob again, who is subscribed already, changes nothing.
	before := alice.local.Roster().Ver
	if err := presence.PreApprove(ctx, alice.sess, bob.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.iq("get", "", "<ping xmlns='urn:xmpp:ping'/>"); err != nil { // a barrier
		t.Fatal(err)
	}
	if it := alice.item("bob@example.test"); it.Approved || alice.local.Roster().Ver != before {
		t.Errorf("pre-approving a subscriber changed the roster: %+v", alice.local.Roster())
	}

	// alice pre-approves carol, then withdraws it: carol's request waits
	// for alice as usual.
	if err := presence.PreApprove(ctx, alice.sess, carol.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	alice.waitRoster("carol pre-approved", func(roster.Roster) bool { return alice.item("carol@example.test").Approved })
	if err := presence.Deny(ctx, alice.sess, carol.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	alice.waitRoster("carol's approval withdrawn", func(roster.Roster) bool { return !alice.item("carol@example.test").Approved })
	if err := presence.Subscribe(ctx, carol.sess, alice.jid.Bare()); err != nil {
		t.Fatal(err)
	}
	alice.expect("type='subscribe'", "from='carol@example.test'")
	carol.waitRoster("carol's pending request", func(roster.Roster) bool {
		it := carol.item("alice@example.test")
		return it.Ask && it.Subscription == roster.SubNone
	})
}

// drainAll returns what c received within a short pause.
func drainAll(c *client) []*xmlstream.Element {
	time.Sleep(100 * time.Millisecond)
	var out []*xmlstream.Element
	for {
		select {
		case el := <-c.in:
			out = append(out, el)
		default:
			return out
		}
	}
}
