package server_test

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/server"
)

// TestRosterRemovePush: the push of a removal names the item and
// subscription='remove' only (RFC 6121 §2.5.3), not the removed item's
// name and groups, as Prosody and ejabberd push it.
func TestRosterRemovePush(t *testing.T) {
	srv := newServer(t, server.Config{})
	phone := login(t, srv, "alice", "phone")
	rosterOf(t, phone)
	if _, err := phone.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' name='Bob'><group>Friends</group></item></query>"); err != nil {
		t.Fatal(err)
	}
	phone.expect("<iq", "type='set'", "name='Bob'")
	if _, err := phone.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='bob@example.test' subscription='remove'/></query>"); err != nil {
		t.Fatal(err)
	}
	push := phone.expect("<iq", "type='set'", "subscription='remove'")
	q, ok := push.Child("jabber:iq:roster", "query")
	if !ok {
		t.Fatalf("push without a query: %s", serialise(push))
	}
	item, ok := q.Child("jabber:iq:roster", "item")
	if !ok || item.Attr("jid") != "bob@example.test" || item.Attr("name") != "" || item.Attr("ask") != "" ||
		strings.Contains(serialise(item), "group") {
		t.Errorf("removal pushed as %s, want <item jid='bob@example.test' subscription='remove'/>", serialise(push))
	}
}
