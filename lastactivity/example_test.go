package lastactivity_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmpptest"
)

// The client asks its server for its uptime; the server answers with a
// registered Handler that knows when it started.
func ExampleGet() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	started := time.Now().Add(-34 * time.Hour)
	uptime := lastactivity.Handler{Since: func() time.Time { return started }}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server: xmpp.Config{Handler: mux.New(uptime.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	info, err := lastactivity.Get(ctx, client, client.RemoteAddr())
	fmt.Println(info.Elapsed.Truncate(time.Hour), err)
	// Output:
	// 34h0m0s <nil>
}
