package csi_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client goes inactive; its server holds back presence updates, keeping
// the latest from each contact, until the client is active again.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 8)
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			show := ""
			if c, ok := st.Element.Child(stanza.NSClient, "show"); ok {
				show = " (" + c.Text() + ")"
			}
			got <- st.Element.Name().Local + " from " + st.Element.Attr("from") + show
			return nil
		})},
		Server:         xmpp.Config{Handler: mux.New(ping.Handler{}.Handle())},
		ClientFeatures: []xmpp.StreamFeature{csi.Feature()},
		ServerFeatures: []xmpp.StreamFeature{csi.Feature()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)
	fmt.Println("offered:", csi.Offered(client))

	if err := csi.Inactive(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	// The server reads in order: once it answers, it has seen <inactive/>.
	if _, err := ping.Send(ctx, client, jid.JID{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("server sees the client inactive:", csi.IsInactive(server))

	romeo, mercutio := jid.MustParse("romeo@example.net/a"), jid.MustParse("mercutio@example.net/b")
	for _, p := range []xmlstream.Marshaler{
		xmlstream.MarshalerFunc(stanza.Presence{From: romeo}.WriteEmpty),
		xmlstream.MarshalerFunc(stanza.Presence{From: mercutio}.WriteEmpty),
		away(romeo),
	} {
		if err := server.Send(ctx, p); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := csi.Active(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got)
	fmt.Println(<-got)
	// Output:
	// offered: true
	// server sees the client inactive: true
	// presence from mercutio@example.net/b
	// presence from romeo@example.net/a (away)
}

// inactiveSeen tells the server that client is inactive (csi.Inactive)
// and returns once the server has seen it: the server reads in order, so
// once it answers a ping, it has seen <inactive/>.
func inactiveSeen(ctx context.Context, client *xmpp.Session) error {
	if err := csi.Inactive(ctx, client); err != nil {
		return err
	}
	_, err := ping.Send(ctx, client, jid.JID{})
	return err
}

// away is a presence with <show>away</show>.
func away(from jid.JID) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := (stanza.Presence{From: from}).WriteStart(w); err != nil {
			return err
		}
		if err := w.Start(xml.Name{Local: "show"}); err != nil {
			return err
		}
		if err := w.Text("away"); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
		return w.End()
	})
}

// A client starts its session inactive, asking for it inside Bind 2
// (XEP-0386) instead of sending <inactive/> after binding.
func ExampleBind2() {
	bind := xmpp.Bind2(xmpp.Bind2Config{Tag: "app", Features: []xmpp.BindFeature{csi.Bind2(true)}})
	fmt.Println(bind.Name().Space, csi.Bind2(true).Var())
	// Output: urn:xmpp:bind:0 urn:xmpp:csi:0
}

// A client's stream ends while the server holds presence back for it:
// what was held is there for the session that resumes the stream
// (XEP-0198) to send, once.
func ExampleTakeHeld() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server:         xmpp.Config{Handler: mux.New(ping.Handler{}.Handle())},
		ClientFeatures: []xmpp.StreamFeature{csi.Feature()},
		ServerFeatures: []xmpp.StreamFeature{csi.Feature()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := inactiveSeen(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	romeo := jid.MustParse("romeo@example.net/a")
	if err := server.Send(ctx, away(romeo)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("while running:", len(csi.TakeHeld(server)))
	_ = client.Close(ctx)
	<-server.Done()
	for _, h := range csi.TakeHeld(server) {
		el, err := h.Element()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("held:", el.Name().Local, "from", el.Attr("from"))
	}
	fmt.Println("again:", len(csi.TakeHeld(server)))
	// Output:
	// while running: 0
	// held: presence from romeo@example.net/a
	// again: 0
}
