package blocking_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client blocks a spammer, reporting it, and reads the block list back;
// the test server keeps the list as the account's server would.
func ExampleBlockAndReport() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var f fakeServer
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: f.handler()}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	spammer := jid.MustParse("spam@bad.example")
	err = blocking.BlockAndReport(ctx, client, spammer, blocking.Report{Reason: blocking.Spam, Text: "unsolicited offers"})
	fmt.Println(err)
	fmt.Println(blocking.List(ctx, client))
	// Output:
	// <nil>
	// [spam@bad.example] <nil>
}

// A message to a blocked address comes back as an error that IsBlocked
// recognises.
func ExampleIsBlocked() {
	var err error = &stanza.Error{Type: stanza.Cancel, Condition: stanza.NotAcceptable, App: stanza.NewAppCondition(blocking.NSErrors, "blocked")}
	fmt.Println(blocking.IsBlocked(err), blocking.IsBlocked(stanza.NewError(stanza.NotAcceptable)))
	// Output:
	// true false
}
