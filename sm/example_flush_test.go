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

// A client about to close its stream for good learns first what the
// server handled, so that it reports lost only what may not have arrived.
func ExampleFlush() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	client, _, _, err := connectExample(ctx, srv, xmpp.BindResource(), sm.Feature(sm.Config{AckEvery: -1, AckAfter: -1}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer client.Close(ctx)
	if _, err := sm.WaitEnabled(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	if err := client.Send(ctx, message.Chat(jid.MustParse("romeo@example.net"), "Good night")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("flush:", sm.Flush(ctx, client))
	_, out, acked, _ := sm.Counts(client)
	fmt.Println("sent:", out, "acknowledged:", acked)
	// Output:
	// flush: <nil>
	// sent: 1 acknowledged: 1
}
