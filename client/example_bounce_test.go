package client_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/client"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// A receipt says that the server received a stanza (XEP-0198 §4), not
// that it reached its recipient: a message the server cannot deliver is
// acknowledged like any other, and its bounce, an error with the
// message's id, comes to the handler. Watch for those errors (or ask for
// XEP-0184 receipts, package receipts) to learn about delivery.
func ExampleClient_SendTracked() {
	srv, dialer := exampleServer()
	defer srv.Close()

	type bounce struct {
		id  string
		err stanza.Error
	}
	bounced := make(chan bounce, 1)
	c, err := client.New(jid.MustParse("alice@example.test/laptop"), client.Config{
		Password: "4l1c3",
		Dial:     dialer,
		// Ask for acknowledgements 50 ms after a stanza at the latest.
		Resumer: sm.NewResumer(sm.Config{AckAfter: 50 * time.Millisecond}),
		Handler: xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			if st.Header.Kind == stanza.KindMessage && st.Header.IsError() {
				se, err := stanza.ParseError(st.Element)
				if err != nil {
					return err
				}
				bounced <- bounce{st.Header.ID, se}
			}
			return nil
		}),
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	if _, err := c.Session(ctx); err != nil { // wait until online
		log.Fatal(err)
	}

	// There is no account "nobody": the server takes the message and
	// answers it with an error (RFC 6121 §8.5.1).
	m := message.Chat(jid.MustParse("nobody@example.test"), "hello?")
	receipt, err := c.SendTracked(ctx, m)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("acknowledged by the server:", receipt.Wait(ctx) == nil)
	b := <-bounced
	fmt.Println("bounced:", b.id == m.Header.ID, b.err.Condition)

	stop()
	<-done
	// Output:
	// acknowledged by the server: true
	// bounced: true service-unavailable
}
