package sm_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

// A server that keeps a client's resource by name asks, when a stream is
// resumed, whether the resource's session carried that stream: a session
// that bound the same full JID afresh meanwhile carries another one.
func ExampleSameStream() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	quiet := sm.Config{AckEvery: -1, AckAfter: -1} // no acknowledgements in this example
	client, server, conn, err := connectExample(ctx, srv, xmpp.BindResource(), sm.Feature(quiet))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sm.WaitEnabled(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	_ = conn.Close() // the network fails
	<-client.Done()
	<-server.Done()
	prev, err := sm.Ended(client)
	if err != nil {
		fmt.Println(err)
		return
	}
	freshClient, fresh, _, err := connectExample(ctx, srv, xmpp.BindResource(), sm.Feature(quiet))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fresh.Close(ctx)
	defer freshClient.Close(ctx)
	resumedClient, resumed, _, err := connectExample(ctx, srv, sm.ResumeFeature(prev, quiet), xmpp.BindResource())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resumed.Close(ctx)
	defer resumedClient.Close(ctx)
	fmt.Println("resumed its stream:", sm.SameStream(server, resumed))
	fmt.Println("bound afresh:", sm.SameStream(fresh, resumed))
	// Output:
	// resumed its stream: true
	// bound afresh: false
}
