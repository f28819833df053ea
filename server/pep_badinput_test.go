package server_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/mux"

	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestBadInput_PEP sends the requests a PEP service must refuse, each with
// the condition XEP-0060 names (and its pubsub#errors element): quotas,
// payloads, publish-options that do not hold, and access-model violations
// by a stranger and by a contact.
func TestBadInput_PEP(t *testing.T) {
	srv := newServer(t, server.Config{PEP: pubsub.Limits{MaxNodes: 3, MaxItems: 10, MaxItemBytes: 200}})
	alice, bob, carol := login(t, srv, "alice", "phone"), login(t, srv, "bob", "desk"), login(t, srv, "carol", "home")
	befriend(t, alice, bob)
	const ps = "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
	const owner = "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>"
	publish := func(node, id, payload, options string) string {
		return ps + "<publish node='" + node + "'><item id='" + id + "'>" + payload + "</item></publish>" + options + "</pubsub>"
	}
	options := func(fields string) string {
		return "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>" + fields + "</x></publish-options>"
	}
	field := func(v, val string) string { return "<field var='" + v + "'><value>" + val + "</value></field>" }
	small := "<x xmlns='urn:test'/>"
	// The nodes the cases read.
	for _, req := range []string{
		publish("presence-node", "1", small, ""),
		publish("private-node", "1", small, options(field("pubsub#access_model", "whitelist"))),
	} {
		if _, err := alice.iq(stanza.SetIQ, "", req); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		c       *client
		typ     stanza.IQType
		to, req string
		want    stanza.Condition
		app     string // the pubsub#errors condition, if any
	}{
		{"PayloadTooBig", alice, stanza.SetIQ, "", publish("n", "1", "<x xmlns='urn:test'>"+strings.Repeat("y", 300)+"</x>", ""), stanza.NotAcceptable, "payload-too-big"},
		{"TwoPayloads", alice, stanza.SetIQ, "", publish("n", "1", small+small, ""), stanza.BadRequest, "invalid-payload"},
		{"NoPayload", alice, stanza.SetIQ, "", publish("n", "1", "", ""), stanza.BadRequest, "payload-required"},
		{"NoNode", alice, stanza.SetIQ, "", publish("", "1", small, ""), stanza.BadRequest, "nodeid-required"},
		{"PreconditionNotMet", alice, stanza.SetIQ, "", publish("presence-node", "2", small, options(field("pubsub#access_model", "whitelist"))), stanza.Conflict, "precondition-not-met"},
		{"UnknownOption", alice, stanza.SetIQ, "", publish("presence-node", "2", small, options(field("pubsub#bogus", "1"))), stanza.Conflict, "precondition-not-met"},
		{"MaxItemsAboveQuota", alice, stanza.SetIQ, "", owner + "<configure node='presence-node'><x xmlns='jabber:x:data' type='submit'>" + field("pubsub#max_items", "1000") + "</x></configure></pubsub>", stanza.PolicyViolation, ""},
		{"StrangerReadsPresenceNode", carol, stanza.GetIQ, "alice@example.test", ps + "<items node='presence-node'/></pubsub>", stanza.NotAuthorized, "presence-subscription-required"},
		{"ContactReadsWhitelistNode", bob, stanza.GetIQ, "alice@example.test", ps + "<items node='private-node'/></pubsub>", stanza.NotAllowed, "closed-node"},
		{"ContactPublishes", bob, stanza.SetIQ, "alice@example.test", publish("presence-node", "9", small, ""), stanza.Forbidden, ""},
		{"ContactConfigures", bob, stanza.GetIQ, "alice@example.test", owner + "<configure node='presence-node'/></pubsub>", stanza.Forbidden, ""},
		{"ContactDeletes", bob, stanza.SetIQ, "alice@example.test", owner + "<delete node='presence-node'/></pubsub>", stanza.Forbidden, ""},
		{"RetractUnknown", alice, stanza.SetIQ, "", ps + "<retract node='presence-node'><item id='nope'/></retract></pubsub>", stanza.ItemNotFound, ""},
		{"ItemsOfNoNode", alice, stanza.GetIQ, "", ps + "<items node='nope'/></pubsub>", stanza.ItemNotFound, ""},
		{"BadMaxItems", alice, stanza.GetIQ, "", ps + "<items node='presence-node' max_items='-1'/></pubsub>", stanza.BadRequest, ""},
		{"UnknownPageID", alice, stanza.GetIQ, "", ps + "<items node='presence-node'/><set xmlns='http://jabber.org/protocol/rsm'><after>nope</after></set></pubsub>", stanza.ItemNotFound, ""},
		{"Subscribe", alice, stanza.SetIQ, "", ps + "<subscribe node='presence-node' jid='alice@example.test'/></pubsub>", stanza.FeatureNotImplemented, "unsupported"},
		{"OwnerOpInWrongNamespace", alice, stanza.SetIQ, "", ps + "<delete node='presence-node'/></pubsub>", stanza.FeatureNotImplemented, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.iq(tc.typ, tc.to, tc.req)
			var se stanza.Error
			if !errors.As(err, &se) || se.Condition != tc.want || se.App.XMLName.Local != tc.app {
				t.Fatalf("got %v; want %s (%s)", err, tc.want, tc.app)
			}
		})
	}
	// Quota: two nodes exist, one more fits, the fourth does not.
	if _, err := alice.iq(stanza.SetIQ, "", publish("third", "1", small, "")); err != nil {
		t.Fatal(err)
	}
	_, err := alice.iq(stanza.SetIQ, "", publish("fourth", "1", small, ""))
	if !isCondition(err, stanza.ResourceConstraint) {
		t.Errorf("fourth node: %v, want resource-constraint", err)
	}
	// Items beyond max_items go, oldest first.
	for _, id := range []string{"a", "b", "c"} {
		if _, err := alice.iq(stanza.SetIQ, "", publish("third", id, small, "")); err != nil {
			t.Fatal(err)
		}
	}
	res, err := alice.iq(stanza.GetIQ, "", ps+"<items node='third'/></pubsub>")
	if err != nil || strings.Count(serialise(res), "<item ") != 1 || !strings.Contains(serialise(res), "id='c'") {
		t.Errorf("a node with max_items 1 holds %s (%v)", serialise(res), err)
	}
}

// TestBadInput_PEP_UnverifiedCaps: a contact whose disco#info does not
// hash to the verification string it advertised gets no notifications,
// though the features it lists ask for them (XEP-0115 §5.4: such an
// answer is not to be trusted), and the string is not cached for others.
func TestBadInput_PEP_UnverifiedCaps(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice, bob := login(t, srv, "alice", "phone"), login(t, srv, "bob", "desk")
	befriend(t, alice, bob)
	asked := make(chan struct{}, 4)
	liar := mux.New(
		mux.Get(disco.InfoName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			asked <- struct{}{}
			return disco.Info{Node: "https://liar.example#bogus", Identities: []disco.Identity{{Category: "client", Type: "pc"}},
				Features: []string{disco.NSInfo, nsTune + "+notify"}}, nil
		})),
		mux.AnyMessage(pubsub.EventName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			t.Errorf("event delivered on unverified caps: %s", serialise(st.Element))
			return nil
		})),
	)
	s := loginWith(t, srv, "bob", "laptop", liar)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Send(ctx, stanza.Presence{}.Wrap(disco.Caps{Hash: "sha-1", Node: "https://liar.example", Ver: "bogus"})); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-ctx.Done():
		t.Fatal("the server never asked for the caps")
	}
	time.Sleep(100 * time.Millisecond) // the answer is checked
	if _, err := alice.iq(stanza.SetIQ, "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='"+nsTune+"'><item id='1'><tune xmlns='"+nsTune+"'/></item></publish></pubsub>"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // an event would have arrived
}
