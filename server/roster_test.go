package server_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// rosterOf returns c's roster as "jid": "subscription[+ask][ name][ groups]".
func rosterOf(t *testing.T, c *client) map[string]string {
	t.Helper()
	res, err := c.iq("get", "", "<query xmlns='jabber:iq:roster'/>")
	if err != nil {
		t.Fatalf("%s: roster get: %v", c.jid, err)
	}
	out := map[string]string{}
	q, ok := res.Child("jabber:iq:roster", "query")
	if !ok {
		t.Fatalf("roster result without query: %s", serialise(res))
	}
	for it := range q.Children() {
		v := it.Attr("subscription")
		if it.Attr("ask") == "subscribe" {
			v += "+ask"
		}
		if n := it.Attr("name"); n != "" {
			v += " " + n
		}
		var groups []string
		for g := range it.Children() {
			groups = append(groups, g.Text())
		}
		if len(groups) > 0 {
			v += " [" + strings.Join(groups, ",") + "]"
		}
		out[it.Attr("jid")] = v
	}
	return out
}

// TestRosterSetAndPush checks roster get, set and push (RFC 6121 §2.1.3,
// §2.3, §2.1.6): every interested resource gets the push, the others not.
func TestRosterSetAndPush(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := login(t, srv, "alice", "phone")
	tablet := login(t, srv, "alice", "tablet")
	uninterested := login(t, srv, "alice", "watch")
	if got := rosterOf(t, phone); len(got) != 0 {
		t.Fatalf("new roster %v", got)
	}
	rosterOf(t, tablet)
	if _, err := phone.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' name='Bob'><group>Friends</group><group>Work</group></item></query>"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*client{phone, tablet} {
		push := c.expect("<iq", "type='set'", "jid='bob@example.test'")
		if push.Attr("from") != "" || push.Attr("to") != c.jid.String() {
			t.Errorf("push %s: want no from and to=%s", serialise(push), c.jid)
		}
		if !strings.Contains(serialise(push), "<group>Work</group>") {
			t.Errorf("push without groups: %s", serialise(push))
		}
	}
	uninterested.quiet()
	if got := rosterOf(t, tablet)["bob@example.test"]; got != "none Bob [Friends,Work]" {
		t.Errorf("item %q", got)
	}
	if _, err := tablet.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' subscription='remove'/></query>"); err != nil {
		t.Fatal(err)
	}
	phone.expect("subscription='remove'", "jid='bob@example.test'")
	if got := rosterOf(t, phone); len(got) != 0 {
		t.Errorf("after remove: %v", got)
	}
}

// TestRosterSetErrors checks the roster set errors of RFC 6121 §2.3.3 and
// §2.5.3.
func TestRosterSetErrors(t *testing.T) {
	srv := newServer(t, server.Config{})
	c := login(t, srv, "alice", "phone")
	tests := []struct {
		name, query string
		want        stanza.Condition
	}{
		{"two items", "<item jid='bob@example.test'/><item jid='carol@example.test'/>", stanza.BadRequest},
		{"no item", "", stanza.BadRequest},
		{"duplicate group", "<item jid='bob@example.test'><group>A</group><group>A</group></item>", stanza.BadRequest},
		{"empty group", "<item jid='bob@example.test'><group> </group></item>", stanza.NotAcceptable},
		{"invalid jid", "<item jid='@bad'/>", stanza.JIDMalformed},
		{"missing jid", "<item name='x'/>", stanza.JIDMalformed},
		{"too long a name", "<item jid='bob@example.test' name='" + strings.Repeat("n", 1025) + "'/>", stanza.NotAcceptable},
		{"remove an unknown item", "<item jid='dave@example.test' subscription='remove'/>", stanza.ItemNotFound},
		{"another user's roster", "", stanza.ServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := ""
			if tt.name == "another user's roster" {
				to = "bob@example.test"
			}
			_, err := c.iq("set", to, "<query xmlns='jabber:iq:roster'>"+tt.query+"</query>")
			var se *stanza.Error
			if !errors.As(err, &se) || se.Condition != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}
	if got := rosterOf(t, c); len(got) != 0 {
		t.Errorf("failed sets changed the roster: %v", got)
	}
}
