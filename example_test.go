package xmpp_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client and a server negotiate STARTTLS, SASL and resource binding over
// an in-memory connection, then exchange a message.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	cert, roots, _ := xmpptest.Certificate("example.net")
	accounts, _ := xmpptest.NewAccounts(map[string]string{"juliet": "r0m30"}, 4096)
	received := make(chan string, 1)
	serverCfg := xmpp.Config{Handler: xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		var m chat
		if err := st.Element.Decode(&m); err == nil {
			received <- s.RemoteAddr().Bare().String() + " says " + m.Body
		}
		return nil
	})}

	c, s := net.Pipe()
	go func() {
		srv, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, serverCfg,
			xmpp.StartTLS(xmpptest.ServerTLS(cert)),
			xmpp.SASLServer(accounts.ServerConfig()),
			xmpp.BindResource())
		if err != nil {
			fmt.Println("server:", err)
			return
		}
		<-srv.Done()
	}()

	client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net/balcony"), c, xmpp.Config{},
		xmpp.StartTLS(xmpptest.ClientTLS(roots)),
		xmpp.SASL("", "r0m30"),
		xmpp.BindResource())
	if err != nil {
		fmt.Println("client:", err)
		return
	}
	fmt.Println("bound as", client.LocalAddr())

	_ = client.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{To: jid.MustParse("example.net"), Type: stanza.ChatMessage}, Body: "hello"}))
	fmt.Println(<-received)
	_ = client.Close(ctx)
	// Output:
	// bound as juliet@example.net/balcony
	// juliet@example.net says hello
}
