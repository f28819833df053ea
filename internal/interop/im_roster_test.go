package interop

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// imClient is a Canto client using the roster and presence packages: a
// local roster copy kept by pushes, a presence tracker, and the
// subscription requests it receives.
type imClient struct {
	*session
	bare     jid.JID
	local    *roster.Local
	tracker  *presence.Tracker
	requests chan jid.JID
}

func loginIM(t *testing.T, srv *server, user, resource string) *imClient {
	t.Helper()
	c := &imClient{bare: bareJID(t, user), local: &roster.Local{}, tracker: &presence.Tracker{}, requests: make(chan jid.JID, 8)}
	onSubscribe := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case c.requests <- st.Header.From.Bare():
		default:
		}
		return nil
	})
	h := mux.New(roster.Handler{Push: c.local.Apply}.Handle(), c.tracker.Handle(),
		mux.Presence(stanza.SubscribePresence, xml.Name{}, onSubscribe))
	c.session = srv.mustLogin(t, login{user: user, resource: resource, handler: h,
		features: []xmpp.StreamFeature{roster.Feature(), presence.PreApprovalFeature()}})
	return c
}

// waitFor polls cond until it holds or the test times out.
func waitFor(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: timed out", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// subscription returns the contact's subscription in c's local roster.
func (c *imClient) subscription(contact jid.JID) roster.Subscription {
	it, ok := c.local.Roster().Lookup(contact)
	if !ok {
		return ""
	}
	return it.Subscription
}

// TestIMRosterPresence has two Canto clients become contacts and see each
// other's presence: bob adds carol to his roster with a name and a group
// and asks for her presence; carol approves, asks back, bob approves (or,
// where the server supports pre-approval, has approved before she asked);
// both rosters reach subscription both through pushes; each sends
// presence with show, status and priority and the other's tracker sees
// it; and a second login with the kept roster version gets an empty
// result (RFC 6121 §2.6.3).
func TestIMRosterPresence(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		bob := loginIM(t, srv, "bob", "im")
		carol := loginIM(t, srv, "carol", "im")
		t.Cleanup(func() { // leave the accounts as the other tests expect them
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			for _, p := range [][2]*imClient{{bob, carol}, {carol, bob}} {
				if err := roster.Remove(ctx, p[0].Session, p[1].bare); err != nil && !errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) {
					t.Errorf("removing %s from %s's roster: %v", p[1].bare, p[0].bare, err)
				}
			}
		})
		versioned := roster.VersioningOffered(bob.Session)
		preApproval := presence.PreApprovalOffered(bob.Session)
		t.Logf("%s: roster versioning %v, pre-approval %v", srv.name, versioned, preApproval)
		if !versioned {
			t.Errorf("%s does not advertise roster versioning", srv.name)
		}
		for _, c := range []*imClient{bob, carol} {
			if err := c.local.Sync(ctx, c.Session); err != nil {
				t.Fatalf("%s: roster get: %v", c.bare, err)
			}
			if err := presence.Available(ctx, c.Session, presence.Presence{}); err != nil {
				t.Fatal(err)
			}
		}

		if err := roster.Set(ctx, bob.Session, roster.Item{JID: carol.bare, Name: "Carol", Groups: []string{"Friends"}}); err != nil {
			t.Fatalf("roster set: %v", err)
		}
		if preApproval {
			if err := presence.PreApprove(ctx, bob.Session, carol.bare); err != nil {
				t.Fatal(err)
			}
			// RFC 6121 §3.4.2 has the server mark the item approved='true';
			// Prosody stores the approval without showing it, so only its
			// effect is checked: carol's request is granted without asking bob.
		}
		if err := presence.Subscribe(ctx, bob.Session, carol.bare); err != nil {
			t.Fatal(err)
		}
		expectRequest(ctx, t, carol, bob.bare)
		if err := presence.Approve(ctx, carol.Session, bob.bare); err != nil {
			t.Fatal(err)
		}
		if err := presence.Subscribe(ctx, carol.Session, bob.bare); err != nil {
			t.Fatal(err)
		}
		if !preApproval {
			expectRequest(ctx, t, bob, carol.bare)
			if err := presence.Approve(ctx, bob.Session, carol.bare); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(ctx, t, "subscription both on bob's side", func() bool { return bob.subscription(carol.bare) == roster.SubBoth })
		waitFor(ctx, t, "subscription both on carol's side", func() bool { return carol.subscription(bob.bare) == roster.SubBoth })
		if it, _ := bob.local.Roster().Lookup(carol.bare); it.Name != "Carol" || len(it.Groups) != 1 || it.Groups[0] != "Friends" {
			t.Errorf("bob's item for carol: %+v", it)
		}

		// Presence both ways, with what the tracker keeps.
		for _, p := range []struct {
			from, to *imClient
			show     presence.Show
			prio     int8
		}{{bob, carol, presence.Away, 3}, {carol, bob, presence.DND, -2}} {
			err := presence.Available(ctx, p.from.Session, presence.Presence{Show: p.show, Priority: p.prio,
				Status: []presence.Status{{Text: "testing"}, {Lang: "de", Text: "beim Testen"}}})
			if err != nil {
				t.Fatal(err)
			}
			waitFor(ctx, t, p.to.bare.String()+" sees "+p.from.bare.String()+"'s presence", func() bool {
				rs := p.to.tracker.Online(p.from.bare)
				return len(rs) == 1 && rs[0].JID == p.from.LocalAddr() && rs[0].Show == p.show && rs[0].Priority == p.prio && len(rs[0].Status) == 2
			})
		}
		if err := presence.Unavailable(ctx, carol.Session, jid.JID{}, presence.Status{Text: "bye"}); err != nil {
			t.Fatal(err)
		}
		waitFor(ctx, t, "carol's unavailable presence", func() bool { return bob.tracker.Online(carol.bare) == nil })

		// Versioning round trip: a new session with the kept roster.
		kept := bob.local.Roster()
		if !versioned {
			return
		}
		if kept.Ver == "" {
			t.Fatalf("%s advertises versioning but the roster has no version", srv.name)
		}
		again := srv.mustLogin(t, login{user: "bob", resource: "again", features: []xmpp.StreamFeature{roster.Feature()}})
		res, err := again.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, xmlstream.EmptyElement{Name: roster.Name, Attr: []xml.Attr{{Name: xml.Name{Local: "ver"}, Value: kept.Ver}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, full := res.Child(roster.NS, "query"); full {
			t.Errorf("%s answered a current version with the whole roster", srv.name)
		}
		got, err := roster.Get(ctx, again.Session, kept)
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := got.Lookup(carol.bare); !ok || it.Subscription != roster.SubBoth || got.Ver != kept.Ver {
			t.Errorf("roster.Get with the kept version: %+v", got)
		}
		old, err := roster.Get(ctx, again.Session, roster.Roster{Ver: "not-a-version-of-the-server"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := old.Lookup(carol.bare); !ok || old.Ver == "" {
			t.Errorf("roster.Get with an unknown version: %+v", old)
		}
	})
}

func expectRequest(ctx context.Context, t *testing.T, c *imClient, from jid.JID) {
	t.Helper()
	select {
	case got := <-c.requests:
		if got != from {
			t.Fatalf("%s got a subscription request from %s, want %s", c.bare, got, from)
		}
	case <-ctx.Done():
		t.Fatalf("%s got no subscription request from %s", c.bare, from)
	}
}
