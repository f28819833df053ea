package disco_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/version"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
	"github.com/canto-im/xmpp/xtime"
)

// A client registers one disco Handler listing its feature handlers: they
// are advertised and routed together. The server then discovers and uses
// them.
func ExampleHandler() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	self := disco.Handler{
		Identities: []disco.Identity{{Category: "client", Type: "pc", Name: "Canto"}},
		Features: []disco.Feature{
			ping.Handler{},
			version.Handler{Name: "Canto", Version: "1.0"},
			xtime.Handler{},
			disco.Var(forward.NS), // supported, nothing to route
		},
	}
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
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Identities)
	for _, f := range info.Features {
		fmt.Println(f)
	}
	if info.HasFeature(version.NS) {
		v, err := version.Get(ctx, server, server.RemoteAddr())
		fmt.Println(v.Name, v.Version, err)
	}
	// Output:
	// [{client pc Canto }]
	// http://jabber.org/protocol/disco#info
	// http://jabber.org/protocol/disco#items
	// jabber:iq:version
	// urn:xmpp:forward:0
	// urn:xmpp:ping
	// urn:xmpp:time
	// Canto 1.0 <nil>
}

// Listing the items of the server: here, the chat rooms it hosts.
func ExampleItems() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rooms := disco.Handler{Items: []disco.Item{
		{JID: jid.MustParse("balcony@chat.example.net"), Name: "The balcony"},
		{JID: jid.MustParse("orchard@chat.example.net"), Name: "The orchard"},
	}}
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Server: xmpp.Config{Handler: mux.New(rooms.Handle())},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	for item, err := range disco.Items(ctx, client, jid.JID{}, "") {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(item.JID, item.Name)
	}
	// Output:
	// balcony@chat.example.net The balcony
	// orchard@chat.example.net The orchard
}

// The verification string of the simple example of XEP-0115 §5.2.
func ExampleVer() {
	ver, err := disco.Ver(disco.Info{
		Identities: []disco.Identity{{Category: "client", Type: "pc", Name: "Exodus 0.9.1"}},
		Features: []string{"http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#info",
			"http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc"},
	}, "sha-1")
	fmt.Println(ver, err)
	// Output:
	// QgayPKawpkPSDYmwT/WM94uAlu0= <nil>
}

// Entity capabilities: the client announces its caps in presence; the
// server resolves them through a cache, asking the client only once, and
// keeping the answer only because it verifies.
func ExampleCapsCache_Resolve() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	self := disco.Handler{
		Identities: []disco.Identity{{Category: "client", Type: "pc", Name: "Canto"}},
		Features:   []disco.Feature{ping.Handler{}},
		CapsNode:   "https://canto.im",
	}
	cache := disco.NewCapsCache(0)
	resolved := make(chan string, 1)
	onCaps := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		el, _ := st.Element.Child(disco.NSCaps, "c")
		c, err := disco.ParseCaps(el)
		if err != nil {
			return err
		}
		info, err := cache.Resolve(ctx, s, st.Header.From, c)
		resolved <- fmt.Sprint("supports ping: ", info.HasFeature(ping.NS), ", verified: ", err == nil)
		return nil
	})
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(self.Handle())},
		Server: xmpp.Config{Handler: mux.New(mux.AnyPresence(disco.CapsName, onCaps))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	caps, err := self.Caps()
	if err != nil {
		fmt.Println(err)
		return
	}
	err = client.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := (stanza.Presence{}).WriteStart(w); err != nil {
			return err
		}
		if err := caps.WriteXML(w); err != nil {
			return err
		}
		return w.End()
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-resolved)
	fmt.Println("cached:", cache.Len())
	// Output:
	// supports ping: true, verified: true
	// cached: 1
}
