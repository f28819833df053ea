package bookmarks_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/internal/peptest"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSetListRemove stores bookmarks through a fake PEP service: one item
// per room, published private (whitelist), listed back, removed.
func TestSetListRemove(t *testing.T) {
	var sv peptest.Service
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(sv.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	a, b := jid.MustParse("a@muc.example"), jid.MustParse("b@muc.example")
	ext := xmpptest.Element(t, `<state xmlns='urn:client' min='1'/>`)
	if err := bookmarks.Set(ctx, client, a, bookmarks.Conference{Name: "A", Autojoin: true, Nick: "n", Extensions: []*xmlstream.Element{ext}}); err != nil {
		t.Fatal(err)
	}
	if err := bookmarks.Set(ctx, client, jid.MustParse("b@muc.example/ignored"), bookmarks.Conference{Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	opts := xmpptest.Marshal(t, sv.Options(bookmarks.NS))
	for _, want := range []string{"pubsub#access_model", "whitelist", "pubsub#persist_items", "pubsub#send_last_published_item", "never"} {
		if !strings.Contains(opts, want) {
			t.Errorf("publish-options %s lack %s", opts, want)
		}
	}
	rooms, err := bookmarks.List(ctx, client)
	if err != nil || len(rooms) != 2 || rooms[0].JID != a || rooms[1].JID != b || rooms[0].Nick != "n" || len(rooms[0].Extensions) != 1 || rooms[1].Password != "pw" {
		t.Fatalf("List = %+v, %v", rooms, err)
	}
	if err := bookmarks.Remove(ctx, client, a); err != nil {
		t.Fatal(err)
	}
	rooms, err = bookmarks.List(ctx, client)
	if err != nil || len(rooms) != 1 || rooms[0].JID != b {
		t.Fatalf("List after Remove = %+v, %v", rooms, err)
	}

	// XEP-0048 in PEP (XEP-0223): one item, written whole.
	st := bookmarks.Storage{Rooms: []bookmarks.Room{{JID: a, Conference: bookmarks.Conference{Autojoin: true}}}}
	if err := bookmarks.SetPEPStorage(ctx, client, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(xmpptest.Marshal(t, sv.Options(bookmarks.StorageNS)), "whitelist") {
		t.Error("XEP-0223 node not published whitelist")
	}
	got, err := bookmarks.GetPEPStorage(ctx, client)
	if err != nil || xmpptest.Marshal(t, got) != xmpptest.Marshal(t, st) {
		t.Fatalf("GetPEPStorage = %+v, %v", got, err)
	}
}

// TestHandler: notifications from the account itself are delivered;
// the same from a contact are dropped (B-series: forged PEP events).
func TestHandler(t *testing.T) {
	got := make(chan bookmarks.Change, 4)
	h := bookmarks.Handler{Deliver: func(_ context.Context, _ *xmpp.Session, c bookmarks.Change) error {
		got <- c
		return nil
	}}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if f := h.DiscoFeatures(); !slices.Equal(f, []string{"urn:xmpp:bookmarks:1+notify"}) {
		t.Errorf("DiscoFeatures = %v", f)
	}
	event := func(from string) string {
		return `<message xmlns='jabber:client' from='` + from + `' to='` + client.LocalAddr().String() + `'><event xmlns='http://jabber.org/protocol/pubsub#event'>` +
			`<items node='urn:xmpp:bookmarks:1'><item id='r@muc.example'><conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'/></item>` +
			`<retract id='old@muc.example'/></items></event></message>`
	}
	for _, from := range []string{"mallory@example.org", client.LocalAddr().Bare().String()} {
		if err := server.Send(ctx, xmpptest.Element(t, event(from))); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case c := <-got:
		if len(c.Set) != 1 || c.Set[0].JID.String() != "r@muc.example" || !c.Set[0].Autojoin || len(c.Removed) != 1 || c.Removed[0].String() != "old@muc.example" {
			t.Errorf("Change = %+v", c)
		}
	case <-ctx.Done():
		t.Fatal("no change delivered")
	}
	select {
	case c := <-got:
		t.Errorf("a second change (the forged one?) %+v", c)
	case <-time.After(50 * time.Millisecond):
	}
}
