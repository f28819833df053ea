package interop

import (
	"context"
	"encoding/xml"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

const nsTune = "http://jabber.org/protocol/tune"

// tune is a XEP-0118 tune with a title, the PEP payload of the test.
type tune string

func (t tune) WriteXML(e xmlstream.Encoder) error {
	return e.Element(xml.Name{Space: nsTune, Local: "tune"}, nil, func(e xmlstream.Encoder) error {
		return e.TextElement(xml.Name{Space: nsTune, Local: "title"}, string(t))
	})
}

// approving returns mux options that approve every subscription request
// and report on approved each approval or contact's presence received.
func approving(approved chan<- jid.JID) mux.Option {
	report := xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.From.Bare() == s.LocalAddr().Bare() {
			return nil // the account's own presence, reflected
		}
		select {
		case approved <- st.Header.From.Bare():
		default:
		}
		return nil
	})
	return mux.Options(
		mux.Presence(stanza.SubscribePresence, xml.Name{}, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
			return s.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{To: st.Header.From.Bare(), Type: stanza.SubscribedPresence}.WriteEmpty))
		})),
		mux.Presence(stanza.SubscribedPresence, xml.Name{}, report),
		// Prosody sends "subscribed" only to resources that asked for the
		// roster; the contact's presence, which then comes, says the same.
		mux.Presence(stanza.AvailablePresence, xml.Name{}, report),
	)
}

// TestPEP makes alice and bob mutual contacts; bob advertises tune+notify
// in his caps; alice publishes a tune to her PEP node and bob receives the
// event from her bare JID (XEP-0163 §4), then fetches the item back.
func TestPEP(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPEP) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		aliceJID := bareJID(t, "alice")
		events := make(chan pubsub.Event, 8)
		notify := pubsub.Handler{Notify: []string{nsTune}, Deliver: func(_ context.Context, _ *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
			if from == aliceJID {
				events <- ev
			}
			return nil
		}}
		self := disco.Handler{CapsNode: "https://canto.im", Features: []disco.Feature{notify}}
		caps, err := self.Caps()
		if err != nil {
			t.Fatal(err)
		}
		aliceApproved, bobApproved := make(chan jid.JID, 8), make(chan jid.JID, 8)
		alice := srv.loginAs(t, "alice", "", mux.New(approving(aliceApproved)))
		bob := srv.loginAs(t, "bob", "", mux.New(approving(bobApproved), self.Handle()))
		bobJID := bob.LocalAddr().Bare()
		subscribe := func(s *xmpp.Session, to jid.JID, approved <-chan jid.JID) {
			t.Helper()
			if err := s.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{To: to, Type: stanza.SubscribePresence}.WriteEmpty)); err != nil {
				t.Fatal(err)
			}
			select {
			case <-approved:
			case <-ctx.Done():
				t.Fatalf("%s: no approval from %s", s.LocalAddr(), to)
			}
		}
		// Subscription requests reach available resources only; bob's
		// presence is sent again once alice may see it.
		available := func() {
			t.Helper()
			if err := alice.Send(ctx, stanza.Presence{}.Wrap()); err != nil {
				t.Fatal(err)
			}
			if err := bob.Send(ctx, stanza.Presence{}.Wrap(caps)); err != nil {
				t.Fatal(err)
			}
		}
		available()
		subscribe(alice.Session, bobJID, aliceApproved)
		subscribe(bob.Session, aliceJID, bobApproved)
		// The accounts are shared by every test: leave their rosters empty.
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = roster.Remove(ctx, alice.Session, bobJID)
			_ = roster.Remove(ctx, bob.Session, aliceJID)
		})
		available()

		// The server learns bob's interest by asking his caps, which takes
		// a round trip of its own: publish until an event arrives.
		var got pubsub.Event
		for i := 1; got.Node == ""; i++ {
			id := "t" + strconv.Itoa(i)
			if _, err := pubsub.Publish(ctx, alice.Session, jid.JID{}, nsTune, pubsub.Item{ID: id, Payload: tune("Yesterday")}, nil); err != nil {
				t.Fatalf("publish: %v", err)
			}
			select {
			case got = <-events:
			case <-time.After(time.Second):
			case <-ctx.Done():
				t.Fatal("no PEP event for bob")
			}
		}
		if len(got.Items) != 1 || got.Items[0].Element() == nil || got.Items[0].Element().Name().Local != "tune" {
			t.Fatalf("event %+v", got)
		}
		id := got.Items[0].ID
		var fetched []pubsub.Item
		for it, err := range pubsub.Items(ctx, bob.Session, aliceJID, nsTune, paging.Request{}) {
			if err != nil {
				t.Fatalf("bob fetches alice's items: %v", err)
			}
			fetched = append(fetched, it)
		}
		if len(fetched) == 0 || fetched[len(fetched)-1].Element() == nil {
			t.Fatalf("bob fetched %+v", fetched)
		}
		own, err := pubsub.ItemsByID(ctx, alice.Session, jid.JID{}, nsTune, id)
		if err != nil || len(own) != 1 || own[0].ID != id {
			t.Fatalf("alice fetches item %s: %+v, %v", id, own, err)
		}
		title, _ := own[0].Element().Child(nsTune, "title")
		if title.Text() != "Yesterday" {
			t.Errorf("title %q", title.Text())
		}
	})
}
