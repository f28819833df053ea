package client_test

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"log"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// An echo bot: it sends every chat message back, and stays online
// (reconnecting when it must) until its context ends. Here it talks to an
// embedded server; on a network, leave Dial's Address empty and the
// server is found with SRV records.
func Example() {
	srv, dialer := exampleServer()
	defer srv.Close()

	body := xml.Name{Space: stanza.NSClient, Local: "body"}
	echo := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		m, err := message.Parse(st.Element)
		if err != nil {
			return err
		}
		return s.Send(ctx, m.Reply(m.Body("")))
	})
	bot, err := client.New(jid.MustParse("bot@example.test/echo"), client.Config{
		Password: "b0t",
		Dial:     dialer,
		Handler:  mux.New(mux.Message(stanza.ChatMessage, body, echo)),
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- bot.Run(ctx) }()

	// Someone talks to the bot.
	replies := make(chan string, 1)
	alice := login(dialer, "alice@example.test/phone", "4l1c3", func(m message.Message) { replies <- m.Body("") })
	defer alice.Close(context.Background())
	if _, err := bot.Session(ctx); err != nil { // wait until the bot is online
		log.Fatal(err)
	}
	if err := alice.Send(ctx, message.Chat(bot.Addr(), "marco")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("the bot says:", <-replies)

	stop()
	fmt.Println("Run returned", <-done)
	// Output:
	// the bot says: marco
	// Run returned <nil>
}

// Events reports every state change; the client never waits for a slow
// reader (see the package documentation).
func ExampleClient_Events() {
	srv, dialer := exampleServer()
	defer srv.Close()
	c, err := client.New(jid.MustParse("alice@example.test/laptop"), client.Config{Password: "4l1c3", Dial: dialer})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	for ev := range c.Events() {
		switch ev.State {
		case client.Online:
			fmt.Println("online as", ev.Addr)
			stop()
		default:
			fmt.Println(ev.State)
		}
	}
	<-done
	// Output:
	// connecting
	// online as alice@example.test/laptop
	// stopped
}

// exampleServer starts an embedded server with two accounts and returns a
// dialer that reaches it and trusts its certificate.
func exampleServer() (*server.Server, dial.Dialer) {
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"bot": "b0t", "alice": "4l1c3"}})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	return srv, dial.Dialer{Address: srv.Addr().String(), TLSConfig: &tls.Config{RootCAs: srv.CertPool()}}
}

// login opens a plain session whose chat messages go to got.
func login(d dial.Dialer, addr, password string, got func(message.Message)) *xmpp.Session {
	ctx := context.Background()
	j := jid.MustParse(addr)
	conn, err := d.DialClient(ctx, j)
	if err != nil {
		log.Fatal(err)
	}
	h := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		if m, err := message.Parse(st.Element); err == nil && st.Header.MessageType() == stanza.ChatMessage {
			got(m)
		}
		return nil
	})
	s, err := xmpp.NewClientSession(ctx, j, conn, xmpp.Config{Handler: h}, xmpp.StartTLS(d.TLSConfig), xmpp.SASL("", password), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	return s
}
