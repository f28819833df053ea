package pubsub_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client interested in its contacts' tunes lists the pubsub Handler in
// its disco.Handler: "+notify" is advertised (and so in its caps), and
// the events a contact's PEP service sends are delivered.
func ExampleHandler() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const tune = "http://jabber.org/protocol/tune"
	done := make(chan struct{})
	events := pubsub.Handler{
		Notify: []string{tune},
		Deliver: func(_ context.Context, _ *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
			defer close(done)
			fmt.Println(from, ev.Node, ev.Items[0].ID, ev.Items[0].Element().Name().Local)
			return nil
		},
	}
	self := disco.Handler{Features: []disco.Feature{events}}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(self.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	info, err := disco.GetInfo(ctx, server, server.RemoteAddr(), "")
	fmt.Println(info.HasFeature(tune+"+notify"), err)

	// The contact's server relays the contact's publication.
	msg, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client' from='juliet@capulet.lit' type='headline'>`+
		`<event xmlns='http://jabber.org/protocol/pubsub#event'><items node='`+tune+`'>`+
		`<item id='t1'><tune xmlns='`+tune+`'><title>Yesterday</title></tune></item></items></event></message>`)
	if err := server.Send(ctx, msg); err != nil {
		fmt.Println(err)
		return
	}
	<-done
	// Output:
	// true <nil>
	// juliet@capulet.lit http://jabber.org/protocol/tune t1 tune
}

// Publishing to the account's own PEP node and reading it back: the zero
// JID addresses the account's own PEP service.
func ExamplePublish() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	svc := newFakeService()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server: xmpp.Config{Handler: mux.New(svc.handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	const node = "urn:xmpp:example"
	mood, _ := xmpptest.ReadElement("", `<mood xmlns='http://jabber.org/protocol/mood'><happy/></mood>`)
	id, err := pubsub.Publish(ctx, client, jid.JID{}, node, pubsub.Item{ID: "current", Payload: mood}, nil)
	fmt.Println(id, err)
	for it, err := range pubsub.Items(ctx, client, jid.JID{}, node, paging.Request{}) {
		fmt.Println(it.ID, it.Element().Name().Local, err)
	}
	// Output:
	// current <nil>
	// current mood <nil>
}
