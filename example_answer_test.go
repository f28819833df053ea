package xmpp_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// The server's answerer (see answer_test.go) answers each <q n='…'/>
// through Session.Answer with <qa/> carrying the latest n, as stream
// management answers <r/> with the latest h.
func ExampleSession_Answer() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 4)
	record := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		got <- st.Element.Name().Local + " n=" + st.Element.Attr("n")
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		ServerFeatures: []xmpp.StreamFeature{answerFeature{}},
		Client:         xmpp.Config{Handler: record},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	for _, n := range []string{"1", "2"} {
		_ = client.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			return w.EmptyElement(xml.Name{Space: nsAnswer, Local: "q"}, xml.Attr{Name: xml.Name{Local: "n"}, Value: n})
		}))
		fmt.Println(<-got)
	}
	// Output:
	// qa n=1
	// qa n=2
}
