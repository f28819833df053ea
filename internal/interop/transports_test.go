package interop

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"net"
	"strconv"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/websocket"
)

// TestWebSocket logs in over WebSocket (RFC 7395) with the library's
// websocket package, over wss:// (certificate checked against the domain)
// and over ws://, then pings the server and exchanges a message with an
// account on an ordinary stream.
func TestWebSocket(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		for _, overTLS := range []bool{true, false} {
			if !overTLS && !srv.plainWebSocket() {
				continue // Canto serves WebSocket over HTTPS only
			}
			name := "ws"
			if overTLS {
				name = "wss"
			}
			t.Run(name, func(t *testing.T) {
				raw := &rawLog{}
				t.Cleanup(func() {
					if t.Failed() {
						t.Logf("raw XML of the WebSocket session:\n%s", raw)
					}
				})
				ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
				defer cancel()
				d := websocket.Dialer{TLSConfig: &tls.Config{RootCAs: pki.roots}}
				cfg := xmpp.Config{RawLog: raw}
				if overTLS {
					d.URL = "wss://" + addr(srv.ports.https) + srv.f.websocketPath()
				} else {
					d.URL = "ws://" + addr(srv.ports.http) + srv.f.websocketPath()
					d.InsecurePlainWebSocket = true
					cfg.InsecureAssumeSecure = true // loopback; the servers consider WebSocket secure
				}
				origin := bareJID(t, "carol")
				s, err := d.NewClientSession(ctx, origin, cfg,
					xmpp.SASLWith(sasl.ClientConfig{Username: "carol", Password: srv.accounts["carol"], Mechanisms: []string{sasl.ScramSHA1}}),
					xmpp.BindResource())
				if err != nil {
					t.Fatal(err)
				}
				defer closeSession(t, s)
				if s.LocalAddr().Bare() != origin || (overTLS && s.TLSState() == nil) {
					t.Errorf("bound %v, TLS %v", s.LocalAddr(), s.TLSState() != nil)
				}
				if _, err := ping.Send(ctx, s, origin.Domain()); err != nil {
					t.Errorf("ping over WebSocket: %v", err)
				}
				got := make(chan string, 1)
				bob := srv.loginAs(t, "bob", "", mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
					body, _ := st.Element.Child(bodyName.Space, bodyName.Local)
					got <- st.Header.From.String() + ": " + body.Text()
					return nil
				}))))
				if err := s.Send(ctx, chat{to: bob.LocalAddr(), id: stanza.NewID(), body: "over websocket"}); err != nil {
					t.Fatal(err)
				}
				select {
				case m := <-got:
					if want := s.LocalAddr().String() + ": over websocket"; m != want {
						t.Errorf("bob got %q, want %q", m, want)
					}
				case <-ctx.Done():
					t.Fatal("the message did not arrive")
				}
			})
		}
	})
}

// TestComponent connects an external component (XEP-0114) with the
// configured secret; a user's message reaches it and its answer reaches the
// user. A wrong secret is refused.
func TestComponent(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		compJID := jid.MustParse("component." + domain)

		// The component echoes every chat message back to its sender. (Its
		// stanzas are in jabber:component:accept, and so is <body/>.)
		echo := mux.New(mux.Message(stanza.ChatMessage, xml.Name{}, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
			body, _ := st.Element.Child(st.Header.NS, "body")
			return s.Send(ctx, chatFrom{from: st.Header.To, chat: chat{to: st.Header.From, id: stanza.NewID(), body: "echo: " + body.Text()}})
		})))
		conn, err := net.Dial("tcp", addr(srv.ports.component))
		if err != nil {
			t.Fatal(err)
		}
		raw := &rawLog{}
		comp, err := component.NewSession(ctx, compJID, srv.componentSecret, conn, xmpp.Config{Handler: echo, RawLog: raw})
		if err != nil {
			t.Fatalf("component handshake: %v\n%s", err, raw)
		}
		defer closeSession(t, comp)

		got := make(chan string, 1)
		alice := srv.loginAs(t, "alice", "", mux.New(mux.Message(stanza.ChatMessage, bodyName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			body, _ := st.Element.Child(bodyName.Space, bodyName.Local)
			got <- st.Header.From.String() + ": " + body.Text()
			return nil
		}))))
		bot := jid.MustParse("bot@component." + domain)
		if err := alice.Send(ctx, chat{to: bot, id: stanza.NewID(), body: "hello component"}); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-got:
			if want := bot.String() + ": echo: hello component"; m != want {
				t.Errorf("alice got %q, want %q", m, want)
			}
		case <-ctx.Done():
			t.Fatalf("no answer from the component\n%s", raw)
		}

		// A wrong secret is refused with not-authorized.
		conn2, err := net.Dial("tcp", addr(srv.ports.component))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := component.NewSession(ctx, compJID, "wrong"+strconv.Itoa(1), conn2, xmpp.Config{}); err == nil {
			t.Error("a wrong component secret was accepted")
		}
	})
}
