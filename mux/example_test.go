package mux_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func Example() {
	pingName := xml.Name{Space: "urn:xmpp:ping", Local: "ping"}
	// The server answers pings; any other IQ request gets service-unavailable.
	m := mux.New(
		mux.Get(pingName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
			return nil, nil // an empty result
		})),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: m}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	_, err = client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, el(pingName))
	fmt.Println("ping:", err)
	_, err = client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, el(xml.Name{Space: "jabber:iq:version", Local: "query"}))
	fmt.Println("version:", err)
	// Output:
	// ping: <nil>
	// version: stanza: cancel service-unavailable
}
