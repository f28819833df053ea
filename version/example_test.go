package version_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xmpptest"
)

// The server asks the client which software it runs; the client answers
// with a registered Handler (its OS stays private: it is not set).
func ExampleGet() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sw := version.Handler{Name: "Canto", Version: "1.0"}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(sw.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	info, err := version.Get(ctx, server, server.RemoteAddr())
	fmt.Printf("%+v %v\n", info, err)
	// Output:
	// {Name:Canto Version:1.0 OS:} <nil>
}
