package server_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// Mount hosts a service on a subdomain inside the server: here one that
// answers pings, which a client finds in the server's disco#items.
func ExampleServer_Mount() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"romeo": "juli3t"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close() // ends the service's session too
	pong := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
			// Sent from the address the client wrote to, at the service's domain.
			return s.Send(ctx, st.Header.IQ().Result().Wrap(nil))
		}
		return nil
	})
	if err := srv.Mount("svc.example.test", pong); err != nil {
		log.Fatal(err)
	}

	s := pipeClient(ctx, srv, "romeo@example.test/orchard", "juli3t")
	defer s.Close(ctx)
	for it, err := range disco.Items(ctx, s, srv.Domain(), "") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("item:", it.JID)
	}
	resp, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("svc.example.test")}, ping.Ping{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("answer from", resp.Attr("from"))
	// Output:
	// item: svc.example.test
	// answer from svc.example.test
}

// ListenComponents accepts external components (XEP-0114) that prove the
// secret of their domain.
func ExampleServer_ListenComponents() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Components: map[string]string{"bot.example.test": "s3cret"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.ListenComponents(ctx, "127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	conn, err := net.Dial("tcp", srv.ComponentAddr().String())
	if err != nil {
		log.Fatal(err)
	}
	s, err := component.NewSession(ctx, jid.MustParse("bot.example.test"), "s3cret", conn, xmpp.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close(ctx)
	fmt.Println("connected as", s.LocalAddr())
	// Output:
	// connected as bot.example.test
}

// pipeClient logs in to srv over an in-process pipe.
func pipeClient(ctx context.Context, srv *server.Server, user, password string) *xmpp.Session {
	clientEnd, serverEnd := net.Pipe()
	go srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		cfg.InsecureAssumeSecure = true // a pipe inside the process
		return xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
	})
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user), clientEnd, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL("", password), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	return s
}
