package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
)

// ownerCases are the owners deleteAccountDeletesOwned fills: whether
// DeleteAccount("alice") must remove what each keeps. The store knows no
// domain, so alice's data in every domain goes; names that only start or
// end like hers stay.
var ownerCases = []struct {
	owner string
	gone  bool
}{
	{"alice@x", true},
	{"alice@y.example", true},
	{"bob@x", false},
	{"alicea@x", false},
	{"alic@x", false},
	{"malice@x", false},
	{"alice.b@x", false},
	{"x", false},
}

// deleteAccountDeletesOwned checks that DeleteAccount removes what a
// store keeps apart from the account's own tables: archives and
// preferences (store.ArchiveKeeper) and PEP nodes and items
// (store.PEPKeeper), by bare JID, and FAST tokens (store.FASTKeeper), for
// a store that keeps them.
func deleteAccountDeletesOwned(t *testing.T, ctx context.Context, s store.Store) {
	for _, u := range []string{"alice", "bob", "alicea", "alic", "malice", "alice.b"} {
		must(t, s.CreateAccount(ctx, u, creds(1)))
	}
	var archive mam.Archive
	if k, ok := s.(store.ArchiveKeeper); ok {
		archive = k.MessageArchive(mam.MemoryLimits{})
	}
	var pep pubsub.Store
	if k, ok := s.(store.PEPKeeper); ok {
		pep = k.PEPStore()
	}
	var fast xmpp.FASTServerStore
	if k, ok := s.(store.FASTKeeper); ok {
		fast = k.FASTTokens()
		tok := xmpp.FASTToken{Mechanism: "HT-SHA-256-NONE", Token: "t", Expiry: time.Now().Add(time.Hour)}
		must(t, fast.Issue("alice", "agent", tok))
		must(t, fast.Issue("bob", "agent", tok))
	}
	if archive == nil && pep == nil && fast == nil {
		return // nothing kept apart: the other cases cover the rest
	}
	when := time.Now().UTC().Truncate(time.Microsecond)
	for _, c := range ownerCases {
		owner := mustJID(c.owner)
		if archive != nil {
			must(t, archive.Append(owner, mam.Stored{ID: "m1", Time: when, With: mustJID("z@x"), Raw: []byte("<message/>")}))
			must(t, archive.SetPrefs(owner, mam.Prefs{Default: mam.ArchiveNever}))
		}
		if pep != nil {
			must(t, pep.Create(owner, "n", pubsub.NodeConfig{AccessModel: pubsub.AccessOpen, MaxItems: 5}, 10))
			must(t, pep.Put(owner, "n", pubsub.StoredItem{ID: "i1", Publisher: owner}, 5))
		}
	}
	must(t, s.DeleteAccount(ctx, "alice"))
	must(t, s.CreateAccount(ctx, "alice", creds(1))) // a new account sees nothing old
	for _, c := range ownerCases {
		owner := mustJID(c.owner)
		if archive != nil {
			p, err := archive.Query(owner, mam.Filter{}, paging.Request{Max: 10})
			must(t, err)
			_, _, ok, err := archive.Bounds(owner)
			must(t, err)
			prefs, err := archive.Prefs(owner)
			must(t, err)
			kept := len(p.Messages) == 1 && ok && prefs.Default == mam.ArchiveNever
			gone := len(p.Messages) == 0 && !ok && prefs.Default == ""
			if c.gone && !gone || !c.gone && !kept {
				t.Errorf("archive of %s: %d messages, bounds %v, prefs %+v; want removed %v", owner, len(p.Messages), ok, prefs, c.gone)
			}
		}
		if pep != nil {
			nodes, err := pep.Nodes(owner)
			must(t, err)
			items, err := pep.Items(owner, "n")
			must(t, err)
			_, exists, err := pep.Config(owner, "n")
			must(t, err)
			if c.gone && (len(nodes) != 0 || len(items) != 0 || exists) ||
				!c.gone && (len(nodes) != 1 || len(items) != 1 || !exists) {
				t.Errorf("PEP of %s: nodes %v, %d items, config %v; want removed %v", owner, nodes, len(items), exists, c.gone)
			}
		}
	}
	if fast != nil { // a client of the old account cannot log in to the new one
		a, err := fast.Tokens("alice", "agent")
		must(t, err)
		b, err := fast.Tokens("bob", "agent")
		must(t, err)
		if len(a) != 0 || len(b) != 1 {
			t.Errorf("FAST tokens after removing alice: alice %v, bob %v", a, b)
		}
	}
	if archive != nil { // the name is free again, with nothing of the old account
		must(t, archive.Append(mustJID("alice@x"), mam.Stored{ID: "m1", Time: when, With: mustJID("z@x"), Raw: []byte("<message/>")}))
		if p, _ := archive.Query(mustJID("alice@x"), mam.Filter{}, paging.Request{Max: 10}); len(p.Messages) != 1 {
			t.Errorf("the new alice's archive has %d messages, want 1", len(p.Messages))
		}
	}
}
