package carbons_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client enables carbons and reads the copy of a message its account's
// other resource sent; the test server plays the account's server.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1)
	h := carbons.Handler{Deliver: func(_ context.Context, _ *xmpp.Session, d carbons.Direction, msg *xmpp.Stanza) error {
		body, _ := msg.Element.Child(stanza.NSClient, "body")
		got <- fmt.Sprintf("%s to %s: %s", d, msg.Header.To, body.Text())
		return nil
	}}
	enabled := make(chan struct{})
	server := mux.New(mux.Set(carbons.EnableName, mux.IQResponderFunc(
		func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			close(enabled)
			return nil, nil
		})))
	client, srv, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(h.Handle())},
		Server: xmpp.Config{Handler: server},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close(ctx)
	defer client.Close(ctx)

	if err := carbons.Enable(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	<-enabled
	own := client.LocalAddr().Bare().String()
	copied, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client' from='`+own+`' type='chat'>`+
		`<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>`+
		`<message xmlns='jabber:client' from='`+own+`/home' to='juliet@capulet.example/balcony' type='chat'>`+
		`<body>Neither, fair saint, if either thee dislike.</body></message></forwarded></sent></message>`)
	if err := srv.Send(ctx, copied); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got)
	// Output:
	// sent to juliet@capulet.example/balcony: Neither, fair saint, if either thee dislike.
}

// A client enables carbons as it binds its resource with Bind 2
// (XEP-0386), in the SASL2 round trip; EnabledInline then reports it.
func ExampleBind2() {
	bind := xmpp.Bind2(xmpp.Bind2Config{Tag: "app", Features: []xmpp.BindFeature{carbons.Bind2(nil)}})
	fmt.Println(bind.Name().Space, carbons.Bind2(nil).Var())
	// Output: urn:xmpp:bind:0 urn:xmpp:carbons:2
}
