package xmpp_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A handler that hands a stanza to another goroutine detaches it first: the
// Stanza it is passed is lent only until it returns.
func ExampleStanza_Detach() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	inbox := make(chan *xmpp.Stanza, 1)
	keep := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			inbox <- st.Detach()
		}
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Client: xmpp.Config{Handler: keep}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	_ = server.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{To: client.LocalAddr(), ID: "m1", Type: stanza.ChatMessage}, Body: "kept"}))
	st := <-inbox // read after the handler returned
	body, _ := st.Element.Child(stanza.NSClient, "body")
	fmt.Println(st.Header.ID, body.Text())
	// Output: m1 kept
}
