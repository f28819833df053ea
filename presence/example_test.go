package presence_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client registers a Tracker and asks which resources of a contact are
// online, best first; here the other end of the stream sends it presence
// from two of romeo's resources, then one goes offline.
func ExampleTracker() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var tracker presence.Tracker
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Client: xmpp.Config{Handler: mux.New(tracker.Handle())}})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	romeo := jid.MustParse("romeo@example.net")
	for _, p := range []presence.Presence{
		{Header: stanza.Presence{From: jid.MustParse("romeo@example.net/phone")}, Show: presence.Away, Priority: -1},
		{Header: stanza.Presence{From: jid.MustParse("romeo@example.net/desk")}, Status: []presence.Status{{Text: "coding"}}, Priority: 5},
		{Header: stanza.Presence{From: jid.MustParse("romeo@example.net/car")}},
		{Header: stanza.Presence{From: jid.MustParse("romeo@example.net/car"), Type: stanza.UnavailablePresence}},
		{Header: stanza.Presence{From: jid.MustParse("nurse@example.com/kitchen")}}, // the last one
	} {
		if err := server.Send(ctx, p); err != nil {
			log.Fatal(err)
		}
	}
	// Handlers run in order on the session's goroutine: once the last
	// presence shows, the others have been taken into account.
	for tracker.Online(jid.MustParse("nurse@example.com")) == nil {
		time.Sleep(time.Millisecond)
	}
	for _, r := range tracker.Online(romeo) {
		fmt.Printf("%s priority %d show %q status %q\n", r.JID, r.Priority, r.Show, presence.Presence{Status: r.Status}.StatusIn("en"))
	}
	// Output:
	// romeo@example.net/desk priority 5 show "" status "coding"
	// romeo@example.net/phone priority -1 show "away" status ""
}

// A client announces itself as away with a status in two languages.
func ExampleAvailable() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		p, err := presence.Parse(st.Element)
		got <- fmt.Sprint(p.Show, " ", p.Priority, " ", p.StatusIn("de"), err)
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: record}})
	if err != nil {
		log.Fatal(err)
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	err = presence.Available(ctx, client, presence.Presence{Show: presence.Away, Priority: 1,
		Status: []presence.Status{{Text: "at lunch"}, {Lang: "de", Text: "beim Mittagessen"}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(<-got)
	// Output:
	// away 1 beim Mittagessen<nil>
}
