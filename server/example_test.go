package server_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/websocket"
)

// A server on a free loopback port, and a client that trusts its generated
// certificate, logs in over STARTTLS and asks the server what it is.
func Example() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"juliet": "r0m30"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Listen(ctx, "127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}

	juliet := jid.MustParse("juliet@example.test/balcony")
	trust := &tls.Config{RootCAs: srv.CertPool()}
	conn, err := dial.Dialer{Address: srv.Addr().String(), TLSConfig: trust}.DialClient(ctx, juliet)
	if err != nil {
		log.Fatal(err)
	}
	s, err := xmpp.NewClientSession(ctx, juliet, conn, xmpp.Config{},
		xmpp.StartTLS(trust), xmpp.SASL("", "r0m30"), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)
	fmt.Println("bound as", s.LocalAddr())

	info, err := disco.GetInfo(ctx, s, srv.Domain(), "")
	if err != nil {
		log.Fatal(err)
	}
	id := info.Identities[0]
	fmt.Println("server:", id.Category+"/"+id.Type, id.Name)
	// Output:
	// bound as juliet@example.test/balcony
	// server: server/im Canto
}

// ServeTransport serves a stream on a transport the server does not listen
// on itself; here an in-process pipe that both ends declare secure.
func ExampleServer_ServeTransport() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"romeo": "juli3t"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	clientEnd, serverEnd := net.Pipe()
	go srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		cfg.InsecureAssumeSecure = true // a pipe inside the process
		return xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
	})

	romeo := jid.MustParse("romeo@example.test/orchard")
	s, err := xmpp.NewClientSession(ctx, romeo, clientEnd, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL("", "juli3t"), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)
	fmt.Println("bound as", s.LocalAddr())
	// Output:
	// bound as romeo@example.test/orchard
}

// ListenWebSocket serves XMPP over WebSocket (RFC 7395) on HTTPS; a client
// of the websocket package logs in at the URL it reports.
func ExampleServer_ListenWebSocket() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"juliet": "r0m30"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.ListenWebSocket(ctx, "127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}

	d := websocket.Dialer{URL: srv.WebSocketURL(), TLSConfig: &tls.Config{RootCAs: srv.CertPool()}}
	s, err := d.NewClientSession(ctx, jid.MustParse("juliet@example.test/browser"), xmpp.Config{},
		xmpp.SASL("", "r0m30"), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)
	fmt.Println("bound as", s.LocalAddr(), "over", strings.SplitN(srv.WebSocketURL(), ":", 2)[0])
	// Output:
	// bound as juliet@example.test/browser over wss
}

// A wrong password is refused (after a delay that grows with each
// consecutive failure) and counted.
func ExampleServer_GuardStats() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"juliet": "r0m30"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Listen(ctx, "127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	juliet := jid.MustParse("juliet@example.test/balcony")
	trust := &tls.Config{RootCAs: srv.CertPool()}
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	_, err = xmpp.NewClientSession(ctx, juliet, conn, xmpp.Config{},
		xmpp.StartTLS(trust), xmpp.SASL("", "guess"), xmpp.BindResource())
	fmt.Println(err)
	fmt.Println("failed logins:", srv.GuardStats().FailedLogins)
	// Output:
	// xmpp: authentication failed: not-authorized
	// failed logins: 1
}
