package reactions_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/reactions"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// Juliet reacts to a message, then changes her mind; the receiver keeps
// the latest set per sender.
func ExampleSummary() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var sum reactions.Summary
	done := make(chan struct{}, 2)
	h := reactions.Handler{React: func(_ context.Context, from jid.JID, _ stanza.MessageType, r reactions.Reactions, sent time.Time) error {
		sum.Update(from.Bare().String(), r.Emoji, sent)
		done <- struct{}{}
		return nil
	}}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: mux.New(h.Handle())}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	for _, set := range [][]string{{"👋"}, {"👋", "🐢"}} {
		if err := client.Send(ctx, reactions.New(server.LocalAddr(), stanza.ChatMessage, "744f6e18", set...)); err != nil {
			fmt.Println(err)
			return
		}
		<-done
	}
	for _, c := range sum.Counts() {
		fmt.Println(c.Emoji, c.Senders)
	}
	// Output:
	// 🐢 [juliet@example.net]
	// 👋 [juliet@example.net]
}
