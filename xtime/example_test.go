package xtime_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

// A client asks its server for the time; the server answers with a
// registered Handler.
func ExampleGet() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	clock := xtime.Handler{Now: func() time.Time {
		return time.Date(2006, 12, 19, 11, 58, 35, 0, time.FixedZone("", -6*3600))
	}}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server: xmpp.Config{Handler: mux.New(clock.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	t, err := xtime.Get(ctx, client, jid.JID{}) // the zero JID: the account's server
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Format(time.RFC3339))
	// Output:
	// 2006-12-19T11:58:35-06:00
}

func ExampleParseDateTime() {
	t, err := xtime.ParseDateTime("1969-07-20T21:56:15-05:00")
	fmt.Println(t.UTC(), err)
	fmt.Println(xtime.FormatDateTime(t))
	// Output:
	// 1969-07-21 02:56:15 +0000 UTC <nil>
	// 1969-07-21T02:56:15Z
}
