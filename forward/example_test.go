package forward_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client forwards a message it received to a contact (XEP-0297 §3); the
// other side reads the forwarded message out of it.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 1)
	read := func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		el, _ := st.Element.Child(forward.NS, "forwarded")
		f, err := forward.Parse(el)
		if err != nil {
			return err
		}
		h, _ := f.Header()
		body, _ := f.Stanza.Child(stanza.NSClient, "body")
		got <- fmt.Sprintf("%s said %q at %s", h.From, body.Text(), f.Delay.Stamp.Format(time.RFC3339))
		return nil
	}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server: xmpp.Config{Handler: mux.New(mux.AnyMessage(forward.Name, xmpp.HandlerFunc(read)))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	// The message being forwarded, as the client once received it.
	orig := xmlstream.NewDecoder(strings.NewReader(`<message xmlns='jabber:client' from='juliet@capulet.lit/orchard' type='chat'><body>Yet I should kill thee with much cherishing.</body></message>`), xmlstream.Limits{})
	var el xmlstream.Element
	if err := orig.ReadElement(&el); err != nil {
		fmt.Println(err)
		return
	}
	fw := forward.Forwarded{
		Delay:  &delay.Delay{Stamp: time.Date(2010, 7, 10, 23, 8, 25, 0, time.UTC)},
		Stanza: &el,
	}
	err = client.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		m := stanza.Message{To: jid.MustParse("mercutio@example.net"), Type: stanza.ChatMessage}
		if err := m.WriteStart(w); err != nil {
			return err
		}
		if err := w.Start(xml.Name{Local: "body"}); err != nil {
			return err
		}
		_ = w.Text("A most courteous exposition!")
		_ = w.End()
		if err := fw.WriteXML(w); err != nil {
			return err
		}
		return w.End()
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got)
	// Output:
	// juliet@capulet.lit/orchard said "Yet I should kill thee with much cherishing." at 2010-07-10T23:08:25Z
}
