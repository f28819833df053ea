// Package storetest checks a store.Store (package server/store) against
// the behaviour the embedded server relies on: one table of cases, each
// run on a fresh store from the function given. An implementation's tests
// call [Run].
package storetest

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"
)

// Case is one behaviour checked on a fresh store.
type Case struct {
	Name string
	Run  func(t *testing.T, ctx context.Context, s store.Store)
}

// Run runs every case of [Cases] on a store open returns, which Run
// closes.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	for _, c := range Cases {
		t.Run(c.Name, func(t *testing.T) {
			s := open(t)
			defer func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			c.Run(t, t.Context(), s)
		})
	}
}

// creds returns credentials that tell users apart by a byte.
func creds(b byte) store.Credentials {
	c := store.Credentials{}
	for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256} {
		c[h] = sasl.ScramCredentials{Salt: []byte{b, 1}, Iterations: 4096, StoredKey: []byte{b, 2, byte(h)}, ServerKey: []byte{b, 3}}
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustJID(s string) jid.JID { return jid.MustParse(s) }

func sameCreds(a, b store.Credentials) bool {
	if len(a) != len(b) {
		return false
	}
	for h, x := range a {
		y, ok := b[h]
		if !ok || x.Iterations != y.Iterations || !bytes.Equal(x.Salt, y.Salt) ||
			!bytes.Equal(x.StoredKey, y.StoredKey) || !bytes.Equal(x.ServerKey, y.ServerKey) {
			return false
		}
	}
	return true
}

// Cases are the store's checks.
var Cases = []Case{
	{"AccountsLifecycle", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "bob", creds(2)))
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		if err := s.CreateAccount(ctx, "alice", creds(9)); !errors.Is(err, store.ErrExists) {
			t.Errorf("second CreateAccount = %v, want ErrExists", err)
		}
		got, err := s.Credentials(ctx, "alice")
		must(t, err)
		if !sameCreds(got, creds(1)) {
			t.Errorf("Credentials = %v, want the first ones", got)
		}
		users, err := s.Accounts(ctx)
		must(t, err)
		if !slices.Equal(users, []string{"alice", "bob"}) {
			t.Errorf("Accounts = %v", users)
		}
		must(t, s.SetCredentials(ctx, "alice", creds(7)))
		got, _ = s.Credentials(ctx, "alice")
		if !sameCreds(got, creds(7)) {
			t.Errorf("after SetCredentials: %v", got)
		}
		must(t, s.DeleteAccount(ctx, "alice"))
		if _, err := s.Credentials(ctx, "alice"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Credentials after delete = %v, want ErrNotFound", err)
		}
		for name, err := range map[string]error{
			"DeleteAccount":  s.DeleteAccount(ctx, "alice"),
			"SetCredentials": s.SetCredentials(ctx, "nobody", creds(1)),
			"PutPending":     s.PutPending(ctx, "nobody", store.PendingRequest{From: mustJID("a@b"), Stanza: []byte("<p/>")}),
			"Block":          s.Block(ctx, "nobody", []jid.JID{mustJID("a@b")}),
			"SetVCard":       s.SetVCard(ctx, "nobody", []byte("<vCard/>")),
			"PutRosterItem":  s.PutRosterItem(ctx, "nobody", store.RosterItem{JID: mustJID("a@b")}, store.RosterVersion{}),
		} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s on a missing account = %v, want ErrNotFound", name, err)
			}
		}
	}},
	{"AccountWithoutCredentials", func(t *testing.T, ctx context.Context, s store.Store) {
		// No usable credentials: nobody can log in, but the account is there.
		must(t, s.CreateAccount(ctx, "locked", store.Credentials{}))
		c, err := s.Credentials(ctx, "locked")
		if err != nil || len(c) != 0 {
			t.Errorf("Credentials = %v, %v; want none and no error", c, err)
		}
	}},
	{"CredentialsAreCopied", func(t *testing.T, ctx context.Context, s store.Store) {
		c := creds(1)
		must(t, s.CreateAccount(ctx, "alice", c))
		c[crypto.SHA1].Salt[0] = 99
		got, _ := s.Credentials(ctx, "alice")
		got[crypto.SHA256].StoredKey[0] = 98
		again, _ := s.Credentials(ctx, "alice")
		if !sameCreds(again, creds(1)) {
			t.Errorf("the store shares its credentials' bytes: %v", again)
		}
	}},
	{"Roster", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		items, ver, err := s.Roster(ctx, "alice")
		must(t, err)
		if len(items) != 0 || ver != (store.RosterVersion{}) {
			t.Fatalf("new roster = %v %v", items, ver)
		}
		carol := store.RosterItem{JID: mustJID("carol@x"), Name: "Carol <3", Groups: []string{"b", "a,\"q\""}, Subscription: store.SubBoth, Approved: true}
		bob := store.RosterItem{JID: mustJID("bob@x"), Subscription: store.SubTo, Ask: true}
		must(t, s.PutRosterItem(ctx, "alice", carol, store.RosterVersion{Epoch: "e", Count: 1}))
		must(t, s.PutRosterItem(ctx, "alice", bob, store.RosterVersion{Epoch: "e", Count: 2}))
		bob.Subscription, bob.Ask = store.SubFrom, false
		must(t, s.PutRosterItem(ctx, "alice", bob, store.RosterVersion{Epoch: "e", Count: 3}))
		items, ver, err = s.Roster(ctx, "alice")
		must(t, err)
		if ver != (store.RosterVersion{Epoch: "e", Count: 3}) || len(items) != 2 {
			t.Fatalf("roster = %+v %+v", items, ver)
		}
		if items[0].JID != bob.JID || items[0].Subscription != store.SubFrom || items[0].Ask || len(items[0].Groups) != 0 {
			t.Errorf("bob = %+v", items[0])
		}
		if c := items[1]; c.JID != carol.JID || c.Name != carol.Name || !slices.Equal(c.Groups, carol.Groups) || !c.Approved || c.Subscription != store.SubBoth {
			t.Errorf("carol = %+v, want %+v", c, carol)
		}
		must(t, s.DeleteRosterItem(ctx, "alice", bob.JID, store.RosterVersion{Epoch: "e", Count: 4}))
		must(t, s.DeleteRosterItem(ctx, "alice", mustJID("nobody@x"), store.RosterVersion{Epoch: "e", Count: 5}))
		items, ver, _ = s.Roster(ctx, "alice")
		if len(items) != 1 || ver.Count != 5 {
			t.Errorf("after deletes: %+v %+v", items, ver)
		}
	}},
	{"Pending", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		must(t, s.PutPending(ctx, "alice", store.PendingRequest{From: mustJID("z@x"), Stanza: []byte("<presence type='subscribe'/>")}))
		must(t, s.PutPending(ctx, "alice", store.PendingRequest{From: mustJID("b@x"), Stanza: []byte("<old/>")}))
		must(t, s.PutPending(ctx, "alice", store.PendingRequest{From: mustJID("b@x"), Stanza: []byte("<new/>")}))
		got, err := s.PendingRequests(ctx, "alice")
		must(t, err)
		if len(got) != 2 || got[0].From != mustJID("b@x") || string(got[0].Stanza) != "<new/>" || got[1].From != mustJID("z@x") {
			t.Errorf("pending = %q", got)
		}
		must(t, s.DeletePending(ctx, "alice", mustJID("b@x")))
		must(t, s.DeletePending(ctx, "alice", mustJID("none@x")))
		got, _ = s.PendingRequests(ctx, "alice")
		if len(got) != 1 {
			t.Errorf("after delete: %q", got)
		}
	}},
	{"BlockList", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		must(t, s.Block(ctx, "alice", []jid.JID{mustJID("x.example"), mustJID("a@b/c"), mustJID("a@b")}))
		must(t, s.Block(ctx, "alice", []jid.JID{mustJID("a@b")}))
		got, err := s.BlockList(ctx, "alice")
		must(t, err)
		if want := []jid.JID{mustJID("a@b"), mustJID("a@b/c"), mustJID("x.example")}; !slices.Equal(got, want) {
			t.Errorf("block list = %v, want %v", got, want)
		}
		must(t, s.Unblock(ctx, "alice", []jid.JID{mustJID("a@b/c")}))
		got, _ = s.BlockList(ctx, "alice")
		if len(got) != 2 {
			t.Errorf("after unblock: %v", got)
		}
		must(t, s.Unblock(ctx, "alice", nil))
		got, _ = s.BlockList(ctx, "alice")
		if len(got) != 0 {
			t.Errorf("after unblock all: %v", got)
		}
	}},
	{"VCard", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		if c, err := s.VCard(ctx, "alice"); err != nil || c != nil {
			t.Errorf("no vCard = %q, %v", c, err)
		}
		must(t, s.SetVCard(ctx, "alice", []byte("<vCard xmlns='vcard-temp'><FN>A</FN></vCard>")))
		if c, _ := s.VCard(ctx, "alice"); string(c) != "<vCard xmlns='vcard-temp'><FN>A</FN></vCard>" {
			t.Errorf("vCard = %q", c)
		}
		must(t, s.SetVCard(ctx, "alice", nil))
		if c, _ := s.VCard(ctx, "alice"); c != nil {
			t.Errorf("removed vCard = %q", c)
		}
	}},
	{"OfflineOrderAndQuota", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		must(t, s.CreateAccount(ctx, "bob", creds(2)))
		q := store.Quota{Messages: 3, Bytes: 100}
		stamp := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
		var ids []int64
		for _, body := range []string{"one", "two", "three"} {
			id, err := s.PushOffline(ctx, "alice", store.OfflineMessage{Stamp: stamp, Stanza: []byte(body)}, q)
			must(t, err)
			ids = append(ids, id)
		}
		if !slices.IsSorted(ids) || ids[0] == ids[1] {
			t.Errorf("IDs %v do not increase", ids)
		}
		if _, err := s.PushOffline(ctx, "alice", store.OfflineMessage{Stamp: stamp, Stanza: []byte("four")}, q); !errors.Is(err, store.ErrQuota) {
			t.Errorf("fourth message = %v, want ErrQuota (count)", err)
		}
		if _, err := s.PushOffline(ctx, "bob", store.OfflineMessage{Stamp: stamp, Stanza: make([]byte, 101)}, q); !errors.Is(err, store.ErrQuota) {
			t.Errorf("large message = %v, want ErrQuota (bytes)", err)
		}
		if _, err := s.PushOffline(ctx, "nobody", store.OfflineMessage{Stamp: stamp, Stanza: []byte("x")}, q); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("message to nobody = %v, want ErrNotFound", err)
		}
		got, err := s.OfflineMessages(ctx, "alice")
		must(t, err)
		if len(got) != 3 || string(got[0].Stanza) != "one" || string(got[2].Stanza) != "three" || !got[0].Stamp.Equal(stamp) || got[1].ID != ids[1] {
			t.Errorf("messages = %+v", got)
		}
		must(t, s.DeleteOffline(ctx, "alice", ids[1]))
		got, _ = s.OfflineMessages(ctx, "alice")
		if len(got) != 1 || string(got[0].Stanza) != "three" {
			t.Errorf("after delete: %+v", got)
		}
		if b, _ := s.OfflineMessages(ctx, "bob"); len(b) != 0 {
			t.Errorf("bob has %d messages", len(b))
		}
	}},
	{"OfflineDeleteByID", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		must(t, s.CreateAccount(ctx, "bob", creds(2)))
		q := store.Quota{Messages: 10, Bytes: 1000}
		push := func(user, body string) int64 {
			id, err := s.PushOffline(ctx, user, store.OfflineMessage{Stamp: time.Now(), Stanza: []byte(body)}, q)
			must(t, err)
			return id
		}
		a1, a2, a3 := push("alice", "a1"), push("alice", "a2"), push("alice", "a3")
		b1 := push("bob", "b1")
		bodies := func(user string) []string {
			got, err := s.OfflineMessages(ctx, user)
			must(t, err)
			var out []string
			for _, m := range got {
				out = append(out, string(m.Stanza))
			}
			return out
		}
		for _, c := range []struct {
			name  string
			user  string
			ids   []int64
			alice []string
		}{
			{"none", "alice", nil, []string{"a1", "a2", "a3"}},
			{"middle", "alice", []int64{a2}, []string{"a1", "a3"}},
			{"again", "alice", []int64{a2}, []string{"a1", "a3"}},
			{"another account's", "alice", []int64{b1}, []string{"a1", "a3"}},
			{"by the other account", "bob", []int64{a1}, []string{"a1", "a3"}},
			{"several", "alice", []int64{a3, a1}, nil},
		} {
			must(t, s.DeleteOfflineIDs(ctx, c.user, c.ids))
			if got := bodies("alice"); !slices.Equal(got, c.alice) {
				t.Errorf("%s: alice has %q, want %q", c.name, got, c.alice)
			}
		}
		if got := bodies("bob"); !slices.Equal(got, []string{"b1"}) {
			t.Errorf("bob has %q, want [b1]", got)
		}
		if id := push("alice", "a4"); id <= a3 {
			t.Errorf("ID %d after deletions, want more than %d", id, a3)
		}
	}},
	{"DeleteAccountDeletesData", func(t *testing.T, ctx context.Context, s store.Store) {
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		must(t, s.PutRosterItem(ctx, "alice", store.RosterItem{JID: mustJID("b@x")}, store.RosterVersion{Epoch: "e", Count: 1}))
		must(t, s.PutPending(ctx, "alice", store.PendingRequest{From: mustJID("b@x"), Stanza: []byte("<p/>")}))
		must(t, s.Block(ctx, "alice", []jid.JID{mustJID("b@x")}))
		must(t, s.SetVCard(ctx, "alice", []byte("<vCard/>")))
		_, err := s.PushOffline(ctx, "alice", store.OfflineMessage{Stamp: time.Now(), Stanza: []byte("<m/>")}, store.Quota{Messages: 1, Bytes: 10})
		must(t, err)
		must(t, s.DeleteAccount(ctx, "alice"))
		must(t, s.CreateAccount(ctx, "alice", creds(1)))
		items, ver, _ := s.Roster(ctx, "alice")
		p, _ := s.PendingRequests(ctx, "alice")
		b, _ := s.BlockList(ctx, "alice")
		v, _ := s.VCard(ctx, "alice")
		o, _ := s.OfflineMessages(ctx, "alice")
		if len(items)+len(p)+len(b)+len(v)+len(o) != 0 || ver != (store.RosterVersion{}) {
			t.Errorf("a recreated account has old data: %v %v %v %v %q %v", items, ver, p, b, v, o)
		}
	}},
	{"DeleteAccountDeletesOwned", deleteAccountDeletesOwned},
}
