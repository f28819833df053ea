package receipts_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client sends a message and waits for its receipt; the other side shows
// the message (Next) and answers, since its Allow trusts the sender.
func ExampleSendWithReceipt() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	show := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		m, err := message.Parse(st.Element)
		if err == nil {
			fmt.Println("shown:", m.Body(""))
		}
		return err
	})
	recipient := receipts.Handler{
		Allow: func(from jid.JID) bool { return from.Bare().String() == "juliet@example.net" },
		Next:  show,
	}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(receipts.Handler{}.Handle())},
		Server: xmpp.Config{Handler: mux.New(recipient.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	if err := receipts.SendWithReceipt(ctx, client, message.Chat(server.LocalAddr(), "hello")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("delivered")
	// Output:
	// shown: hello
	// delivered
}
