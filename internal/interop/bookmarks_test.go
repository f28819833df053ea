package interop

import (
	"context"
	"slices"
	"testing"

	"github.com/canto-im/xmpp/bookmarks"
	"github.com/canto-im/xmpp/jid"
)

// TestBookmarks sets a bookmark through XEP-0402 and reads it back; where
// the server announces urn:xmpp:bookmarks:1#compat it is also read through
// XEP-0048 in private XML storage, and a bookmark written there is read
// through XEP-0402 (§5.3). Without compat, the private storage round trip
// alone is checked.
func TestBookmarks(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capPEP) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		alice := srv.loginAs(t, "alice", "", nil)
		room := jid.MustParse("lounge@muc." + domain)
		conf := bookmarks.Conference{Name: "Lounge", Autojoin: true, Nick: "al", Password: "pw"}
		if err := bookmarks.Set(ctx, alice.Session, room, conf); err != nil {
			t.Fatalf("XEP-0402 set: %v", err)
		}
		rooms, err := bookmarks.List(ctx, alice.Session)
		if err != nil {
			t.Fatalf("XEP-0402 list: %v", err)
		}
		i := slices.IndexFunc(rooms, func(r bookmarks.Room) bool { return r.JID == room })
		if i < 0 || rooms[i].Name != conf.Name || !rooms[i].Autojoin || rooms[i].Nick != conf.Nick || rooms[i].Password != conf.Password {
			t.Fatalf("XEP-0402 list = %+v", rooms)
		}
		compat, err := bookmarks.HasCompat(ctx, alice.Session)
		if err != nil {
			t.Fatalf("disco on the account: %v", err)
		}
		t.Logf("%s: #compat %v", srv.name, compat)
		if !compat {
			st := bookmarks.Storage{Rooms: []bookmarks.Room{{JID: room, Conference: conf}}}
			if err := bookmarks.SetPrivate(ctx, alice.Session, st); err != nil {
				t.Fatalf("XEP-0049 set: %v", err)
			}
			got, err := bookmarks.GetPrivate(ctx, alice.Session)
			if err != nil || len(got.Rooms) != 1 || got.Rooms[0].JID != room || got.Rooms[0].Nick != conf.Nick {
				t.Fatalf("XEP-0049 get = %+v, %v", got, err)
			}
			return
		}
		got, err := bookmarks.GetPrivate(ctx, alice.Session)
		if err != nil {
			t.Fatalf("XEP-0048 through XEP-0049: %v", err)
		}
		j := slices.IndexFunc(got.Rooms, func(r bookmarks.Room) bool { return r.JID == room })
		if j < 0 || got.Rooms[j].Name != conf.Name || !got.Rooms[j].Autojoin || got.Rooms[j].Nick != conf.Nick {
			t.Fatalf("XEP-0048 storage = %+v, want %s", got, room)
		}
		// The other way: a room added through XEP-0048 shows in XEP-0402.
		other := jid.MustParse("kitchen@muc." + domain)
		got.Rooms = append(got.Rooms, bookmarks.Room{JID: other, Conference: bookmarks.Conference{Name: "Kitchen", Nick: "k"}})
		if err := bookmarks.SetPrivate(ctx, alice.Session, got); err != nil {
			t.Fatalf("XEP-0049 set: %v", err)
		}
		rooms, err = bookmarks.List(ctx, alice.Session)
		if err != nil {
			t.Fatalf("XEP-0402 list: %v", err)
		}
		if k := slices.IndexFunc(rooms, func(r bookmarks.Room) bool { return r.JID == other }); k < 0 || rooms[k].Name != "Kitchen" || rooms[k].Nick != "k" {
			t.Errorf("XEP-0402 after a XEP-0048 set = %+v", rooms)
		}
		if err := bookmarks.Remove(ctx, alice.Session, room); err != nil {
			t.Errorf("XEP-0402 remove: %v", err)
		}
	})
}
