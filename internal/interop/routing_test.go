package interop

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
)

// eachServer runs test as a subtest against every server.
func eachServer(t *testing.T, test func(t *testing.T, srv *server)) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) { test(t, need(t, srv)) })
	}
}

// received is a message as a handler saw it.
type received struct {
	from jid.JID
	id   string
	body string
}

// TestMessage sends a chat message from one account to another's full
// JID (RFC 6121 §8.5.3.1) and sees it arrive, from the sender's full JID.
func TestMessage(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		got := make(chan received, 1)
		h := mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			body, _ := st.Element.Child(bodyName.Space, bodyName.Local)
			select {
			case got <- received{from: st.Header.From, id: st.Header.ID, body: body.Text()}:
			default:
			}
			return nil
		})))
		bob := srv.loginAs(t, "bob", "", h)
		alice := srv.loginAs(t, "alice", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		want := received{from: alice.LocalAddr(), id: stanza.NewID(), body: "Wherefore art thou? <&> ☃"}
		if err := alice.Send(ctx, chat{to: bob.LocalAddr(), id: want.id, body: want.body}); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-got:
			if m != want {
				t.Errorf("bob got %+v, want %+v", m, want)
			}
		case <-ctx.Done():
			t.Fatal("the message did not arrive")
		}
	})
}

// TestPing pings the server and another account's full JID (XEP-0199),
// and sees a ping to a resource that is not online come back as a stanza
// error.
func TestPing(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		bob := srv.loginAs(t, "bob", "", mux.New(ping.Handler{}.Handle()))
		alice := srv.loginAs(t, "alice", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		offline, err := jid.New("bob", domain, "offline")
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []jid.JID{{}, bareJID(t, "alice").Domain(), bob.LocalAddr()} {
			rtt, err := ping.Send(ctx, alice.Session, to)
			if err != nil {
				t.Errorf("ping to %q: %v", to, err)
				continue
			}
			t.Logf("ping to %q: %v", to, rtt)
		}
		_, err = ping.Send(ctx, alice.Session, offline)
		var se *stanza.Error
		if !errors.As(err, &se) {
			t.Fatalf("ping to %v: got %v, want a stanza error", offline, err)
		}
		t.Logf("ping to %v: %v", offline, se)
	})
}

// TestDisco asks the server what it is and supports, and which items it
// has (XEP-0030 §3 and §4).
func TestDisco(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		alice := srv.loginAs(t, "alice", "", nil)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		server := bareJID(t, "alice").Domain()
		info, err := disco.GetInfo(ctx, alice.Session, server, "")
		if err != nil {
			t.Fatal(err)
		}
		if !info.HasIdentity("server", "im") {
			t.Errorf("identities %+v, want server/im", info.Identities)
		}
		for _, f := range []string{disco.NSInfo, disco.NSItems, ping.NS} {
			if !info.HasFeature(f) {
				t.Errorf("feature %s missing from %v", f, info.Features)
			}
		}
		var items []string
		for it, err := range disco.Items(ctx, alice.Session, server, "") {
			if err != nil {
				t.Fatalf("disco#items: %v", err)
			}
			items = append(items, it.JID.String())
		}
		// Prosody lists its components; ejabberd lists none here (no MUC, no pubsub).
		if srv == prosody && !slices.Contains(items, "component."+domain) {
			t.Errorf("items %v, want the component", items)
		}
		t.Logf("identities %+v, features %v, items %v", info.Identities, info.Features, items)
	})
}
