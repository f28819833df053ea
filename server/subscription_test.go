package server_test

import (
	"maps"
	"testing"

	"github.com/canto-im/xmpp/server"
)

// TestSubscriptionStates walks the subscription states of RFC 6121 §3 and
// Appendix A: after each step every roster is checked, and so is what the
// other party received.
func TestSubscriptionStates(t *testing.T) {
	srv := newServer(t, server.Config{})
	users := map[string]*client{
		"alice": login(t, srv, "alice", "phone"),
		"bob":   login(t, srv, "bob", "desk"),
		"carol": login(t, srv, "carol", "laptop"),
	}
	for _, c := range users {
		rosterOf(t, c)
		c.online()
	}
	for _, c := range users {
		c.drain()
	}
	steps := []struct {
		name    string
		actor   string
		send    string
		rosters map[string]map[string]string // user → contact → state
		expect  map[string][]string          // user → fragments of a stanza it must get
	}{
		{"alice asks bob", "alice", "<presence to='bob@example.test' type='subscribe'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "none+ask"}, "bob": {}},
			map[string][]string{"bob": {"type='subscribe'", "from='alice@example.test'"}}},
		{"bob approves", "bob", "<presence to='alice@example.test' type='subscribed'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "to"}, "bob": {"alice@example.test": "from"}},
			map[string][]string{"alice": {"type='subscribed'", "from='bob@example.test'"}}},
		{"bob asks back", "bob", "<presence to='alice@example.test' type='subscribe'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "to"}, "bob": {"alice@example.test": "from+ask"}},
			map[string][]string{"alice": {"type='subscribe'", "from='bob@example.test'"}}},
		{"alice approves: both", "alice", "<presence to='bob@example.test' type='subscribed'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "both"}, "bob": {"alice@example.test": "both"}},
			map[string][]string{"bob": {"from='alice@example.test/phone'"}}},
		{"alice unsubscribes", "alice", "<presence to='bob@example.test' type='unsubscribe'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "from"}, "bob": {"alice@example.test": "to"}},
			map[string][]string{"alice": {"type='unavailable'", "from='bob@example.test/desk'"}, "bob": {"type='unsubscribe'"}}},
		{"alice cancels bob's subscription", "alice", "<presence to='bob@example.test' type='unsubscribed'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "none"}, "bob": {"alice@example.test": "none"}},
			map[string][]string{"bob": {"type='unavailable'", "from='alice@example.test/phone'"}}},
		{"an approval without a request is a pre-approval (§3.4): no state changes", "bob", "<presence to='alice@example.test' type='subscribed'/>",
			map[string]map[string]string{"alice": {"bob@example.test": "none"}, "bob": {"alice@example.test": "none"}}, nil},
		{"carol asks alice", "carol", "<presence to='alice@example.test' type='subscribe'/>",
			map[string]map[string]string{"carol": {"alice@example.test": "none+ask"}, "alice": {"bob@example.test": "none"}},
			map[string][]string{"alice": {"type='subscribe'", "from='carol@example.test'"}}},
		{"alice denies", "alice", "<presence to='carol@example.test' type='unsubscribed'/>",
			map[string]map[string]string{"carol": {"alice@example.test": "none"}, "alice": {"bob@example.test": "none"}},
			map[string][]string{"carol": {"type='unsubscribed'", "from='alice@example.test'"}}},
		{"asking a user who does not exist", "carol", "<presence to='nobody@example.test' type='subscribe'/>",
			map[string]map[string]string{"carol": {"alice@example.test": "none", "nobody@example.test": "none"}},
			map[string][]string{"carol": {"type='unsubscribed'", "from='nobody@example.test'"}}},
	}
	for _, step := range steps {
		actor := users[step.actor]
		actor.send(step.send)
		rosterOf(t, actor) // the actor's stanzas are handled in order: a barrier
		for user, want := range step.rosters {
			if got := rosterOf(t, users[user]); !maps.Equal(got, want) {
				t.Fatalf("%s: %s's roster is %v, want %v", step.name, user, got, want)
			}
		}
		for user, fragments := range step.expect {
			users[user].expect(fragments...)
		}
	}
}

// TestSubscriptionPendingUntilAvailable checks RFC 6121 §3.1.3: a request
// to a user without available resources waits for the next initial
// presence, and its approval brings the contact's presence.
func TestSubscriptionPendingUntilAvailable(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	alice.online()
	alice.send("<presence to='bob@example.test' type='subscribe'/>")
	rosterOf(t, alice)
	bob := login(t, srv, "bob", "desk")
	bob.quiet()
	bob.send("<presence/>")
	bob.expect("type='subscribe'", "from='alice@example.test'")
	bob.send("<presence to='alice@example.test' type='subscribed'/>")
	alice.expect("type='subscribed'")
	alice.expect("from='bob@example.test/desk'") // bob's presence follows the approval
	if got := rosterOf(t, alice)["bob@example.test"]; got != "to" {
		t.Errorf("alice's item %q, want to", got)
	}
}

// TestRosterRemoveCancelsSubscriptions checks RFC 6121 §2.5.2.
func TestRosterRemoveCancelsSubscriptions(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	befriend(t, alice, bob)
	if _, err := alice.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' subscription='remove'/></query>"); err != nil {
		t.Fatal(err)
	}
	bob.expect("type='unsubscribe'", "from='alice@example.test'")
	bob.expect("type='unsubscribed'", "from='alice@example.test'")
	if got := rosterOf(t, bob); got["alice@example.test"] != "none" {
		t.Errorf("bob's roster %v", got)
	}
	if got := rosterOf(t, alice); len(got) != 0 {
		t.Errorf("alice's roster %v", got)
	}
}

// befriend makes a and b subscribed to each other, both available.
func befriend(t *testing.T, a, b *client) {
	t.Helper()
	rosterOf(t, a)
	rosterOf(t, b)
	a.online()
	b.online()
	a.send("<presence to='" + b.jid.Bare().String() + "' type='subscribe'/>")
	b.expect("type='subscribe'")
	b.send("<presence to='" + a.jid.Bare().String() + "' type='subscribed'/>")
	b.send("<presence to='" + a.jid.Bare().String() + "' type='subscribe'/>")
	a.expect("type='subscribe'")
	a.send("<presence to='" + b.jid.Bare().String() + "' type='subscribed'/>")
	rosterOf(t, a)
	if got := rosterOf(t, b)[a.jid.Bare().String()]; got != "both" {
		t.Fatalf("befriend: %s", got)
	}
	a.drain()
	b.drain()
}
