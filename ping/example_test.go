package ping_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/xmpptest"
)

// Both sides register the Handler; each pings the other.
func ExampleSend() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := mux.New(ping.Handler{}.Handle())
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: h},
		Server: xmpp.Config{Handler: h},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	rtt, err := ping.Send(ctx, client, jid.JID{}) // the zero JID: the account's server
	fmt.Println("client pinged its server:", err == nil && rtt > 0, err)
	rtt, err = ping.Send(ctx, server, server.RemoteAddr())
	fmt.Println("server pinged the client:", err == nil && rtt > 0, err)
	// Output:
	// client pinged its server: true <nil>
	// server pinged the client: true <nil>
}
