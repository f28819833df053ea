package stanzaid_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client tags its message with an origin-id; the receiver reads it back.
func ExampleAddOriginID() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1)
	read := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		id, ok := stanzaid.OriginIDOf(st.Element)
		got <- fmt.Sprint(id == st.Header.ID, ok)
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: read}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	m := message.Chat(server.LocalAddr(), "hello")
	stanzaid.AddOriginID(m)
	if err := client.Send(ctx, m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got)
	// Output:
	// true true
}

// Only the stanza-id stamped by the entity the reader trusts counts: here
// the account's own server, which names the account's bare JID.
func ExampleTrusted() {
	msg, _ := xmpptest.ReadElement(stanza.NSClient, `<message from='romeo@montague.example/orchard' type='chat'>`+
		`<stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='montague.example'/>`+
		`<stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad' by='juliet@capulet.example'/>`+
		`<body>hi</body></message>`)
	fmt.Println(stanzaid.Trusted(msg, jid.MustParse("juliet@capulet.example")))
	fmt.Println(stanzaid.Trusted(msg, jid.MustParse("capulet.example")))
	// Output:
	// 5f3dbc5e-e1d3-4077-a492-693f3769c7ad true
	//  false
}
