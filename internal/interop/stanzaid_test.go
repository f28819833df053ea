package interop

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
)

// TestStanzaID sends a message with an origin-id and two stanza-ids a
// client has no right to set (by the recipient's account and by the
// server) from alice to bob, and checks what arrives (XEP-0359):
//
//   - the origin-id is routed untouched (§3 rule 3);
//   - every stanza-id that arrives parses with stanzaid.ParseStanzaID;
//   - if the server advertises urn:xmpp:sid:0 on bob's account (§4), it
//     stamped one stanza-id by bob's bare JID, the one stanzaid.Trusted
//     returns, and removed the forged one (§3 rule 2).
//
// Neither Prosody nor ejabberd enables MAM, which is what stamps
// stanza-ids, in its Debian default configuration (and the configurations
// these tests write follow them): the last part then skips, saying so.
func TestStanzaID(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		got := make(chan *xmpp.Stanza, 1)
		h := mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			select {
			case got <- st.Detach():
			default:
			}
			return nil
		})))
		bob := srv.loginAs(t, "bob", "", h)
		alice := srv.loginAs(t, "alice", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		bobBare := bareJID(t, "bob")

		m := message.Chat(bob.LocalAddr(), "stable ids")
		origin := stanzaid.AddOriginID(m)
		m.Payload = append(m.Payload,
			stanzaid.StanzaID{ID: "forged-account", By: bobBare},
			stanzaid.StanzaID{ID: "forged-server", By: bobBare.Domain()})
		if err := alice.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		var st *xmpp.Stanza
		select {
		case st = <-got:
		case <-ctx.Done():
			t.Fatal("the message did not arrive")
		}
		if id, ok := stanzaid.OriginIDOf(st.Element); !ok || id != origin {
			t.Errorf("origin-id %q, %v; want %q routed untouched", id, ok, origin)
		}
		var ids []stanzaid.StanzaID
		for c := range st.Element.Children() {
			if c.Name() != stanzaid.StanzaIDName {
				continue
			}
			s, err := stanzaid.ParseStanzaID(c)
			if err != nil {
				t.Errorf("%s sent a stanza-id Canto cannot parse: %v", srv.name, err)
				continue
			}
			ids = append(ids, s)
		}
		t.Logf("stanza-ids received: %+v", ids)

		supported, err := stanzaid.Supports(ctx, bob.Session, bobBare)
		if err != nil {
			t.Fatalf("disco#info on the account: %v", err)
		}
		if !supported {
			t.Skipf("%s, configured as here and in its Debian default configuration (MAM commented out), does not advertise %s on accounts, "+
				"so it neither stamps nor strips stanza-ids; a client must not trust a stanza-id by the account then (XEP-0359 §5), "+
				"and here the forged ones arrived: %+v", srv.name, stanzaid.NS, ids)
		}
		id, ok := stanzaid.Trusted(st.Element, bobBare)
		if !ok || id == "forged-account" {
			t.Errorf("Trusted = %q, %v; want the server's own stanza-id by %s", id, ok, bobBare)
		}
	})
}
