package server_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
)

// TestComponentGoneUnavailable: when a component disconnects, each
// resource that had available presence from one of its addresses gets
// unavailable presence from it (RFC 6121 §4.5), once, and only for what
// it remembers: not for an address that sent unavailable already, nor
// past Config.MaxDirected addresses.
func TestComponentGoneUnavailable(t *testing.T) {
	srv := newComponentServer(t, server.Config{MaxDirected: 3})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")
	bob := login(t, srv, "bob", "desk")
	alice.online()
	bob.online()
	room := func(nick string) string { return "room@" + compDomain + "/" + nick }
	for _, p := range []struct{ from, to, typ string }{
		{room("a"), alice.jid.String(), ""},
		{room("b"), alice.jid.String(), ""},
		{room("b"), alice.jid.String(), "unavailable"}, // b left: forgotten
		{room("c"), "alice@example.test", ""},          // to the bare JID: each available resource
		{room("d"), alice.jid.String(), ""},
		{room("e"), alice.jid.String(), ""}, // a, c, d remembered: past the bound
		{room("a"), alice.jid.String(), ""}, // again: remembered once
		{"bot@" + compDomain, "bob@example.test", ""},
	} {
		raw := "<presence from='" + p.from + "' to='" + p.to + "'"
		if p.typ != "" {
			raw += " type='" + p.typ + "'"
		}
		comp.send(raw + "/>")
	}
	bob.expect("from='bot@" + compDomain + "'")
	alice.expect("from='" + room("a") + "'")
	alice.drain()
	bob.drain()
	comp.close()

	for _, tc := range []struct {
		who  *client
		want []string
	}{
		{alice, []string{room("a"), room("c"), room("d")}},
		{bob, []string{"bot@" + compDomain}},
	} {
		got := unavailableFrom(tc.who)
		if !slices.Equal(slices.Sorted(maps.Keys(got)), tc.want) || slices.ContainsFunc(tc.want, func(f string) bool { return got[f] != 1 }) {
			t.Errorf("%s got unavailable presence from %v, want once from each of %v", tc.who.jid, got, tc.want)
		}
	}
}

// unavailableFrom counts the unavailable presence c receives, by sender,
// until nothing arrives for a while.
func unavailableFrom(c *client) map[string]int {
	got := map[string]int{}
	for {
		select {
		case el := <-c.in:
			if el.Name().Local == "presence" && el.Attr("type") == "unavailable" {
				got[el.Attr("from")]++
			}
		case <-time.After(500 * time.Millisecond):
			return got
		}
	}
}
