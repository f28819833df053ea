package ping_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
)

// A client connects to its server as found by DNS (STARTTLS required,
// SCRAM with channel binding when offered), answers pings, and pings the
// server. These are the README's "library in ten lines"; the example is
// compiled but not run, since it needs a real server.
func Example_dial() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := pingServer(ctx); err != nil {
		fmt.Println(err)
	}
}

func pingServer(ctx context.Context) error {
	s, err := xmpp.DialClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{Handler: mux.New(ping.Handler{}.Handle())},
		xmpp.StartTLS(nil),        // required; the certificate is checked against example.net
		xmpp.SASL("", "password"), // SCRAM-*-PLUS with channel binding when the server offers it
		xmpp.BindResource())
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	rtt, err := ping.Send(ctx, s, jid.MustParse("example.net"))
	if err != nil {
		return err
	}
	fmt.Println("round trip:", rtt)
	return nil
}
