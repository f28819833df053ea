package sm_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmpptest"
)

// connectSASL2 negotiates a client over a pipe with SASL2 and Bind 2 to a
// server session offering srv's inline forms; prev, if not nil, is
// resumed inline.
func connectSASL2(ctx context.Context, srv *sm.Server, prev *sm.State, c sm.Config) (client, server *xmpp.Session, conn net.Conn, err error) {
	var inline []xmpp.SASL2Inline
	if prev != nil {
		inline = append(inline, sm.InlineResume(prev, c))
	}
	inline = append(inline, xmpp.Bind2(xmpp.Bind2Config{Tag: "balcony", Features: []xmpp.BindFeature{sm.Bind2(c)}}))
	return pipeSessions(ctx, "juliet@example.net", func(accounts *xmpptest.Accounts) []xmpp.StreamFeature {
		return []xmpp.StreamFeature{
			xmpp.SASL2Server(xmpp.SASL2ServerConfig{
				SASL: accounts.ServerConfig(),
				// Resumption first: it takes the place of Bind 2.
				Inline: []xmpp.SASL2Inline{srv.InlineResume(), xmpp.Bind2(xmpp.Bind2Config{
					Features: []xmpp.BindFeature{srv.Bind2()},
				})},
			}),
			srv.Feature(), // last, as always: it attaches what Bind 2 enabled
		}
	}, xmpp.SASL2(xmpp.SASL2Config{SASL: sasl.ClientConfig{Password: "secret"}, Inline: inline}))
}

// Stream management enabled inside Bind 2, then a stream resumed inside
// SASL2 authentication on a new connection (XEP-0198 with XEP-0386 and
// XEP-0388): no round trip beyond the login for either.
func ExampleInlineResume() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	quiet := sm.Config{AckEvery: -1, AckAfter: -1} // no acknowledgements in this example
	client, server, conn, err := connectSASL2(ctx, srv, nil, quiet)
	if err != nil {
		fmt.Println(err)
		return
	}
	info, _ := xmpp.SASL2Of(client)
	fmt.Println("enabled in Bind 2:", info.Enabled)
	en, _ := sm.WaitEnabled(ctx, client)
	fmt.Println("resumable:", en.Resume)
	_ = conn.Close() // the network fails
	<-client.Done()
	<-server.Done()

	prev, err := sm.Ended(client)
	if err != nil {
		fmt.Println(err)
		return
	}
	client2, server2, _, err := connectSASL2(ctx, srv, prev, quiet)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server2.Close(ctx)
	defer client2.Close(ctx)
	fmt.Println("resumed:", sm.ResumptionOf(client2, prev).Resumed, "same JID:", client2.LocalAddr() == client.LocalAddr())
	// Output:
	// enabled in Bind 2: [urn:xmpp:sm:3]
	// resumable: true
	// resumed: true same JID: true
}
