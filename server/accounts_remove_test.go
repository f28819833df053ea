package server_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
)

// TestRemoveAccount: removing an account from a store with no server
// running (xmpp serve -remove-user) cancels its subscriptions with the
// accounts of the domain in their stored rosters, withdraws the requests
// it sent, and leaves other domains' contacts and other items alone.
func TestRemoveAccount(t *testing.T) {
	for _, tc := range removalStores {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.open(t)
			defer st.Close()
			ctx := t.Context()
			for _, u := range []string{"alice", "bob", "carol", "dave"} {
				if err := server.CreateAccount(ctx, st, u, "pw", 4096); err != nil {
					t.Fatal(err)
				}
			}
			alice := jid.MustParse("alice@example.test")
			v1 := store.RosterVersion{Epoch: "e", Count: 1}
			put := func(user, contact string, sub store.Subscription, ask, approved bool) {
				t.Helper()
				if err := st.PutRosterItem(ctx, user, store.RosterItem{JID: jid.MustParse(contact), Subscription: sub, Ask: ask, Approved: approved}, v1); err != nil {
					t.Fatal(err)
				}
			}
			put("alice", "bob@example.test", store.SubBoth, false, false)
			put("bob", "alice@example.test", store.SubBoth, false, false)
			put("bob", "zed@example.test", store.SubTo, false, false)
			put("alice", "carol@example.test", store.SubNone, true, false) // alice asked carol
			put("carol", "alice@example.test", store.SubNone, false, true) // carol pre-approved her
			if err := st.PutPending(ctx, "carol", store.PendingRequest{From: alice, Stanza: []byte("<presence/>")}); err != nil {
				t.Fatal(err)
			}
			put("dave", "alice@example.test", store.SubNone, true, false) // dave asked alice
			if err := st.PutPending(ctx, "alice", store.PendingRequest{From: jid.MustParse("dave@example.test"), Stanza: []byte("<presence/>")}); err != nil {
				t.Fatal(err)
			}
			put("alice", "bob@other.example", store.SubBoth, false, false)
			put("bob", "alice@other.example", store.SubBoth, false, false) // another alice

			if err := server.RemoveAccount(ctx, st, "example.test", "alice"); err != nil {
				t.Fatal(err)
			}
			if err := server.RemoveAccount(ctx, st, "example.test", "alice"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("removing it again: %v", err)
			}
			for _, tc := range []struct {
				user, contact string
				want          store.RosterItem
				count         uint64
			}{
				{"bob", "alice@example.test", store.RosterItem{}, 2},
				{"bob", "zed@example.test", store.RosterItem{Subscription: store.SubTo}, 2},
				{"bob", "alice@other.example", store.RosterItem{Subscription: store.SubBoth}, 2},
				{"carol", "alice@example.test", store.RosterItem{}, 2},
				{"dave", "alice@example.test", store.RosterItem{}, 2},
			} {
				items, ver, err := st.Roster(ctx, tc.user)
				if err != nil {
					t.Fatal(err)
				}
				var got *store.RosterItem
				for i := range items {
					if items[i].JID.String() == tc.contact {
						got = &items[i]
					}
				}
				tc.want.JID = jid.MustParse(tc.contact)
				if got == nil || got.Subscription != tc.want.Subscription || got.Ask || got.Approved || ver.Count != tc.count {
					t.Errorf("%s's item for %s: %+v, version %+v; want %+v, count %d", tc.user, tc.contact, got, ver, tc.want, tc.count)
				}
			}
			if p, _ := st.PendingRequests(ctx, "carol"); len(p) != 0 {
				t.Errorf("carol still has alice's request: %v", p)
			}
		})
	}
}
