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

// marker is a Sender that has a small element follow every message, in the
// same write, as stream management follows every so many stanzas with its
// request for an acknowledgement.
type marker struct{}

var markerKey = xmpp.NewExtensionKey[marker]("marker")

// mark is written as the session's writer would encode it (Follow does not
// check it).
var mark = []byte(`<presence id="after"/>`)

func (marker) Sending(_ *xmpp.Session, o *xmpp.Outgoing) {
	if k, ok := o.Stanza(); ok && k == stanza.KindMessage {
		o.Follow(mark)
	}
}

// markerFeature attaches the marker on the initiating side once bound.
type markerFeature struct{ hooksFeature }

func (markerFeature) Negotiate(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	markerKey.Attach(n, marker{})
	return xmpp.FeatureResult{}, nil
}

func ExampleOutgoing_Follow() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 4)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Name().Local + " " + st.Header.ID
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		ClientFeatures: []xmpp.StreamFeature{markerFeature{}},
		ServerFeatures: []xmpp.StreamFeature{countFeature{}},
		Server:         xmpp.Config{Handler: record},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	_ = client.Send(ctx, xmlstream.MarshalerFunc(stanza.Message{ID: "m1", Type: stanza.ChatMessage}.WriteEmpty))
	_ = client.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{ID: "p1"}.WriteEmpty))
	for range 3 {
		fmt.Println(<-got)
	}
	// Output:
	// message m1
	// presence after
	// presence p1
}
