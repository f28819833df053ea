package retraction_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/retraction"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client sends a message and retracts it; the receiver, which remembers
// who wrote each message, applies the retraction only if its sender wrote
// the original.
func ExampleNew() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	authors := map[string]jid.JID{}
	done := make(chan string, 1)
	h := retraction.Handler{Retract: func(_ context.Context, from jid.JID, typ stanza.MessageType, r retraction.Retract) error {
		author, known := authors[r.ID]
		if !known || !retraction.Allowed(author, from, typ == stanza.GroupChatMessage) {
			done <- "refused"
			return nil
		}
		done <- "forgot " + r.ID
		return nil
	}}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: mux.New(h.Handle())}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	m := message.Chat(server.LocalAddr(), "Have not saints lips, and holy palmers too?")
	id := stanzaid.AddOriginID(m)
	authors[id] = client.LocalAddr() // what the receiver learnt when m arrived
	if err := client.Send(ctx, retraction.New(server.LocalAddr(), stanza.ChatMessage, id)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-done == "forgot "+id)
	// Output:
	// true
}
