package server_test

import (
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/stanza"
)

// removalStores are the stores the removal tests run on.
var removalStores = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"Memory", func(*testing.T) store.Store { return store.NewMemory() }},
	{"SQLite", func(t *testing.T) store.Store {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "canto.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}},
}

// TestRemoveAccountInBand checks what removing an account in-band
// (XEP-0077 §3.2) does besides ending its sessions, on both stores: its
// contacts' subscriptions are cancelled (unsubscribe, unsubscribed and
// unavailable presence, as for a removed roster item, RFC 6121 §2.5.2),
// a request it never answered is denied, and its message archive and PEP
// nodes are gone, so that an account registered again with the name
// starts empty.
func TestRemoveAccountInBand(t *testing.T) {
	for _, tc := range removalStores {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.open(t)
			srv := newServer(t, server.Config{AllowRegistration: true, Store: st})
			t.Cleanup(func() { _ = st.Close() }) // after the server's Close (cleanups run last first)
			alice := login(t, srv, "alice", "phone")
			bob := login(t, srv, "bob", "desk")
			carol := login(t, srv, "carol", "laptop")
			befriend(t, alice, bob)
			rosterOf(t, carol)
			carol.online()
			carol.send("<presence to='alice@example.test' type='subscribe'/>")
			alice.expect("type='subscribe'", "from='carol@example.test'")
			if _, err := alice.iq(stanza.SetIQ, "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:test:node'>"+
				"<item id='1'><x xmlns='urn:test'/></item></publish></pubsub>"); err != nil {
				t.Fatalf("publish: %v", err)
			}
			alice.send("<message to='bob@example.test' type='chat' id='m1'><body>archived</body></message>")
			bob.expect("archived")
			bob.drain()
			carol.drain()

			if _, err := alice.iq(stanza.SetIQ, "", "<query xmlns='jabber:iq:register'><remove/></query>"); err != nil {
				t.Fatalf("remove: %v", err)
			}
			select {
			case <-alice.sess.Done():
			case <-time.After(5 * time.Second):
				t.Fatal("the removed account's session is still open")
			}
			bob.expect("type='unsubscribe'", "from='alice@example.test'")
			bob.expect("type='unsubscribed'", "from='alice@example.test'")
			bob.expect("type='unavailable'", "from='alice@example.test/phone'")
			if got, want := rosterOf(t, bob), map[string]string{"alice@example.test": "none"}; !maps.Equal(got, want) {
				t.Errorf("bob's roster %v, want %v", got, want)
			}
			carol.expect("type='unsubscribed'", "from='alice@example.test'")
			if got, want := rosterOf(t, carol), map[string]string{"alice@example.test": "none"}; !maps.Equal(got, want) {
				t.Errorf("carol's roster %v, want %v", got, want)
			}

			if err := srv.AddUser("alice", testUsers["alice"]); err != nil {
				t.Fatalf("registering alice again: %v", err)
			}
			again := login(t, srv, "alice", "phone")
			if got := rosterOf(t, again); len(got) != 0 {
				t.Errorf("the new alice's roster %v", got)
			}
			meta, err := again.iq(stanza.GetIQ, "", "<metadata xmlns='urn:xmpp:mam:2'/>")
			if err != nil || strings.Contains(serialise(meta), "<start") {
				t.Errorf("the new alice's archive: %s, %v", serialise(meta), err)
			}
			if res, err := again.iq(stanza.GetIQ, "", "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:test:node'/></pubsub>"); err == nil {
				t.Errorf("the old alice's PEP node is still there: %s", serialise(res))
			}
			meta, err = bob.iq(stanza.GetIQ, "", "<metadata xmlns='urn:xmpp:mam:2'/>")
			if err != nil || !strings.Contains(serialise(meta), "<start") {
				t.Errorf("bob's archive lost its copy: %s, %v", serialise(meta), err)
			}
		})
	}
}

// TestRemoveAccountInBandForgetsFAST: a FAST token (XEP-0484) of a
// removed account does not log in to a new account of the same name.
func TestRemoveAccountInBandForgetsFAST(t *testing.T) {
	for _, tc := range removalStores {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.open(t)
			srv := newServer(t, server.Config{AllowRegistration: true, Store: st})
			t.Cleanup(func() { _ = st.Close() })
			tokens := xmpp.NewMemoryFASTClientStore()
			phone, err := loginSASL2(t, srv, "alice", testUsers["alice"], tokens)
			if err != nil {
				t.Fatal(err)
			}
			if info, _ := xmpp.SASL2Of(phone.sess); !info.TokenIssued {
				t.Fatalf("no FAST token issued: %+v", info)
			}
			if _, err := phone.iq(stanza.SetIQ, "", "<query xmlns='jabber:iq:register'><remove/></query>"); err != nil {
				t.Fatalf("remove: %v", err)
			}
			<-phone.sess.Done()
			if err := srv.AddUser("alice", "an0ther"); err != nil {
				t.Fatal(err)
			}
			if c, err := loginSASL2(t, srv, "alice", "", tokens); err == nil {
				info, _ := xmpp.SASL2Of(c.sess)
				t.Errorf("the removed account's token logged in to the new one: %+v", info)
			}
		})
	}
}
