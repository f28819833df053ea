package sm_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
)

// A connection drops with a message the client never acknowledged; the
// client then binds its full JID afresh instead of resuming, so the
// server ends the kept stream at once rather than after the window, and
// treats the message as sent to an unavailable resource.
func ExampleServer_Drop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{
		AckEvery: -1, AckAfter: -1, // no acknowledgements in this example
		Unacknowledged: func(e sm.Ending) {
			fmt.Println("unacknowledged:", len(e.Unacked), "detached:", e.Detached)
		},
	})
	defer srv.Close()
	quiet := sm.Config{AckEvery: -1, AckAfter: -1}
	client, server, conn, err := connectExample(ctx, srv, xmpp.BindResource(), sm.Feature(quiet))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sm.WaitEnabled(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sm.Send(ctx, server, message.Chat(jid.MustParse("juliet@example.net/balcony"), "Good night")); err != nil {
		fmt.Println(err)
		return
	}
	// The client handles the message, and never acknowledges it.
	for in, _, _, _ := sm.Counts(client); in == 0 && ctx.Err() == nil; in, _, _, _ = sm.Counts(client) {
		time.Sleep(time.Millisecond)
	}
	_ = conn.Close() // the network fails
	<-server.Done()
	fmt.Println("kept by the server:", srv.Detached(server))

	// The same full JID is bound again on a new connection: the server's
	// resource binding calls Drop for the session it replaces.
	fmt.Println("ended now:", srv.Drop(server))
	// Output:
	// kept by the server: true
	// unacknowledged: 1 detached: true
	// ended now: true
}
