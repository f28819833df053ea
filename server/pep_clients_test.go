package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestPEPBookmarksAndAvatar runs the packages built on PEP against the
// server: XEP-0402 bookmarks (private, with publish-options), XEP-0048
// bookmarks in XEP-0049 private storage, and a XEP-0084 avatar a contact
// fetches and a stranger may not.
func TestPEPBookmarksAndAvatar(t *testing.T) {
	srv := newServer(t, server.Config{})
	aliceRaw, bobRaw := login(t, srv, "alice", "tablet"), login(t, srv, "bob", "desk")
	befriend(t, aliceRaw, bobRaw)
	alice := loginWith(t, srv, "alice", "phone", nil)
	bob := loginWith(t, srv, "bob", "laptop", nil)
	carol := loginWith(t, srv, "carol", "home", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	room := jid.MustParse("lounge@muc.example.test")
	if err := bookmarks.Set(ctx, alice, room, bookmarks.Conference{Name: "Lounge", Autojoin: true, Nick: "al"}); err != nil {
		t.Fatal(err)
	}
	rooms, err := bookmarks.List(ctx, alice)
	if err != nil || len(rooms) != 1 || rooms[0].JID != room || rooms[0].Nick != "al" || !rooms[0].Autojoin {
		t.Fatalf("List = %+v, %v", rooms, err)
	}
	if _, err := bob.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: aliceRaw.jid.Bare()}, itemsOf(bookmarks.NS)); !isCondition(err, stanza.NotAllowed) {
		t.Errorf("a contact reads alice's bookmarks: %v", err)
	}
	if err := bookmarks.Remove(ctx, alice, room); err != nil {
		t.Fatal(err)
	}
	if rooms, err := bookmarks.List(ctx, alice); err != nil || len(rooms) != 0 {
		t.Errorf("after Remove: %+v, %v", rooms, err)
	}

	st := bookmarks.Storage{Rooms: []bookmarks.Room{{JID: room, Conference: bookmarks.Conference{Name: "Lounge", Nick: "al"}}}}
	if got, err := bookmarks.GetPrivate(ctx, alice); err != nil || len(got.Rooms) != 0 {
		t.Fatalf("GetPrivate before any = %+v, %v", got, err)
	}
	if err := bookmarks.SetPrivate(ctx, alice, st); err != nil {
		t.Fatal(err)
	}
	got, err := bookmarks.GetPrivate(ctx, alice)
	if err != nil || len(got.Rooms) != 1 || got.Rooms[0].JID != room {
		t.Fatalf("GetPrivate = %+v, %v", got, err)
	}
	if _, err := bookmarks.GetPrivate(ctx, bob); err != nil {
		t.Errorf("bob's own private storage: %v", err)
	}

	img := []byte("\x89PNG\r\n\x1a\nfrom the test")
	id, err := avatar.Publish(ctx, alice, "image/png", img, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	image, err := avatar.Fetch(ctx, bob, aliceRaw.jid.Bare())
	if err != nil || image.ID != id || string(image.Data) != string(img) {
		t.Fatalf("bob fetches alice's avatar: %+v, %v", image, err)
	}
	var se stanza.Error
	if _, err := avatar.Fetch(ctx, carol, aliceRaw.jid.Bare()); !errors.As(err, &se) || se.Condition != stanza.NotAuthorized {
		t.Errorf("a stranger fetches alice's avatar: %v", err)
	}
}

// itemsOf is a pubsub items request for node.
func itemsOf(node string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(e xmlstream.Encoder) error {
		return e.Element(xml.Name{Space: pubsub.NS, Local: "pubsub"}, nil, func(e xmlstream.Encoder) error {
			return e.EmptyElement(xml.Name{Space: pubsub.NS, Local: "items"}, xml.Attr{Name: xml.Name{Local: "node"}, Value: node})
		})
	})
}
