package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

const nsTune = "http://jabber.org/protocol/tune"

// tune is a XEP-0118 payload with a title.
type tune string

func (t tune) WriteXML(e xmlstream.Encoder) error {
	return e.Element(xml.Name{Space: nsTune, Local: "tune"}, nil, func(e xmlstream.Encoder) error {
		return e.TextElement(xml.Name{Space: nsTune, Local: "title"}, string(t))
	})
}

// notified is an event with the JID it came from.
type notified struct {
	from jid.JID
	ev   pubsub.Event
}

// loginNotify logs user in with caps advertising tune+notify and returns
// the session, its caps presence and the events it receives.
func loginNotify(t *testing.T, srv *server.Server, user, resource string) (*xmpp.Session, xmlstream.Marshaler, <-chan notified) {
	t.Helper()
	events := make(chan notified, 16)
	h := pubsub.Handler{Notify: []string{nsTune}, Deliver: func(_ context.Context, _ *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
		events <- notified{from, ev}
		return nil
	}}
	self := disco.Handler{CapsNode: "https://canto.im/test", Features: []disco.Feature{h}}
	caps, err := self.Caps()
	if err != nil {
		t.Fatal(err)
	}
	s := loginWith(t, srv, user, resource, mux.New(self.Handle())) // which routes h too
	return s, stanza.Presence{}.Wrap(caps), events
}

// nextEvent waits for an event.
func nextEvent(t *testing.T, ch <-chan notified) notified {
	t.Helper()
	select {
	case n := <-ch:
		return n
	case <-time.After(5 * time.Second):
		t.Fatal("no PEP event")
		return notified{}
	}
}

// noEvent checks that no event arrives for a while.
func noEvent(t *testing.T, ch <-chan notified) {
	t.Helper()
	select {
	case n := <-ch:
		t.Fatalf("unexpected event from %s: %+v", n.from, n.ev)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestPEPNotifications: the last item goes to a contact's resource that
// becomes available with tune+notify in its caps (once the server has
// resolved them), later items go as they are published, from the owner's
// bare JID; a stranger advertising the same caps gets nothing, nor does a
// contact's resource without the +notify.
func TestPEPNotifications(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice, bob := login(t, srv, "alice", "phone"), login(t, srv, "bob", "desk")
	befriend(t, alice, bob)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	publish := func(id, title string) {
		t.Helper()
		if _, err := alice.iq(stanza.SetIQ, "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='"+nsTune+"'><item id='"+id+"'><tune xmlns='"+nsTune+"'><title>"+title+"</title></tune></item></publish></pubsub>"); err != nil {
			t.Fatalf("publish %s: %v", id, err)
		}
	}
	publish("1", "Yesterday")

	laptop, caps, events := loginNotify(t, srv, "bob", "laptop")
	if err := laptop.Send(ctx, caps); err != nil {
		t.Fatal(err)
	}
	aliceJID := alice.jid.Bare()
	n := nextEvent(t, events)
	if n.from != aliceJID || n.ev.Node != nsTune || len(n.ev.Items) != 1 || n.ev.Items[0].ID != "1" {
		t.Fatalf("last item: %s %+v", n.from, n.ev)
	}
	publish("2", "Help!")
	if n := nextEvent(t, events); n.from != aliceJID || len(n.ev.Items) != 1 || n.ev.Items[0].ID != "2" {
		t.Fatalf("event: %s %+v", n.from, n.ev)
	}
	if _, err := alice.iq(stanza.SetIQ, "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><retract node='"+nsTune+"' notify='true'><item id='2'/></retract></pubsub>"); err != nil {
		t.Fatal(err)
	}
	if n := nextEvent(t, events); len(n.ev.Retracted) != 1 || n.ev.Retracted[0] != "2" {
		t.Fatalf("retraction: %+v", n.ev)
	}

	// carol is no contact: the cached caps make her interested, but the
	// presence access model keeps her out.
	carol, carolCaps, carolEvents := loginNotify(t, srv, "carol", "home")
	if err := carol.Send(ctx, carolCaps); err != nil {
		t.Fatal(err)
	}
	publish("3", "Michelle")
	if n := nextEvent(t, events); len(n.ev.Items) != 1 || n.ev.Items[0].ID != "3" {
		t.Fatalf("event: %+v", n.ev)
	}
	noEvent(t, carolEvents)
	// Once alice approves carol's subscription, carol gets the last item.
	if err := carol.Send(ctx, presenceTo(aliceJID, stanza.SubscribePresence)); err != nil {
		t.Fatal(err)
	}
	alice.expect("type='subscribe'", "from='carol@example.test'")
	alice.send("<presence to='carol@example.test' type='subscribed'/>")
	if n := nextEvent(t, carolEvents); n.from != aliceJID || len(n.ev.Items) != 1 || n.ev.Items[0].ID != "3" {
		t.Fatalf("carol's first event: %s %+v", n.from, n.ev)
	}
	// bob's desk advertises no caps: the raw client gets no event.
	for {
		select {
		case el := <-bob.in:
			if strings.Contains(serialise(el), pubsub.NSEvent) {
				t.Fatalf("bob's desk got %s", serialise(el))
			}
			continue
		default:
		}
		break
	}
}

// TestPEPClientPackages runs package pubsub's requests against the
// server: items by id, the last max_items, paging, configuration,
// purge and delete.
func TestPEPClientPackages(t *testing.T) {
	srv := newServer(t, server.Config{})
	s := loginWith(t, srv, "alice", "phone", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const node = "urn:test:notes"
	if _, err := pubsub.Create(ctx, s, jid.JID{}, node, nil); err != nil {
		t.Fatal(err)
	}
	cfg, err := pubsub.Config(ctx, s, jid.JID{}, node)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := cfg.Field("pubsub#access_model"); f.Value() != "presence" {
		t.Errorf("default access model %q", f.Value())
	}
	for i, f := range cfg.Fields {
		if f.Var == "pubsub#max_items" {
			cfg.Fields[i].Values = []string{"10"}
		}
	}
	if err := pubsub.Configure(ctx, s, jid.JID{}, node, cfg); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		if _, err := pubsub.Publish(ctx, s, jid.JID{}, node, pubsub.Item{ID: id, Payload: tune(id)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(items []pubsub.Item) string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return strings.Join(out, ",")
	}
	last, err := pubsub.LastItems(ctx, s, jid.JID{}, node, 2)
	if err != nil || ids(last) != "c,d" {
		t.Errorf("LastItems = %s, %v", ids(last), err)
	}
	byID, err := pubsub.ItemsByID(ctx, s, jid.JID{}, node, "b", "zz")
	if err != nil || ids(byID) != "b" {
		t.Errorf("ItemsByID = %s, %v", ids(byID), err)
	}
	var paged []pubsub.Item
	for it, err := range pubsub.Items(ctx, s, jid.JID{}, node, paging.Request{Max: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, it)
	}
	if ids(paged) != "a,b,c,d" {
		t.Errorf("paged = %s", ids(paged))
	}
	if err := pubsub.Purge(ctx, s, jid.JID{}, node); err != nil {
		t.Fatal(err)
	}
	if got, err := pubsub.LastItems(ctx, s, jid.JID{}, node, 5); err != nil || len(got) != 0 {
		t.Errorf("after purge: %s, %v", ids(got), err)
	}
	if err := pubsub.Delete(ctx, s, jid.JID{}, node); err != nil {
		t.Fatal(err)
	}
	if _, err := pubsub.LastItems(ctx, s, jid.JID{}, node, 5); !isCondition(err, stanza.ItemNotFound) {
		t.Errorf("after delete: %v", err)
	}
	info, err := disco.GetInfo(ctx, s, s.LocalAddr().Bare(), "")
	if err != nil || !info.HasIdentity("pubsub", "pep") || !info.HasFeature(pubsub.NS+"#publish-options") || !info.HasFeature("urn:xmpp:mam:2") {
		t.Errorf("account disco: %+v, %v", info, err)
	}
}

// isCondition reports whether err is a stanza error with condition c.
func isCondition(err error, c stanza.Condition) bool {
	var se stanza.Error
	return errors.As(err, &se) && se.Condition == c
}
