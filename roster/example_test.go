package roster_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/server"
)

// connect logs user in to the embedded server srv over an in-process pipe,
// with roster versioning and the handler h.
func connect(ctx context.Context, srv *server.Server, user, password string, h xmpp.Handler) *xmpp.Session {
	clientEnd, serverEnd := net.Pipe()
	go srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		cfg.InsecureAssumeSecure = true // a pipe inside the process
		return xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
	})
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@example.test/desk"), clientEnd,
		xmpp.Config{InsecureAssumeSecure: true, Handler: h},
		xmpp.SASL("", password), xmpp.BindResource(), roster.Feature())
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// A client keeps a local copy of its roster: pushes update it, and Sync
// loads it. It adds a contact with a name and a group, and later removes it.
func Example() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"romeo": "juli3t"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	var local roster.Local
	pushes := make(chan roster.Push, 2)
	local.OnChange = func(p roster.Push) { pushes <- p }
	s := connect(ctx, srv, "romeo", "juli3t", mux.New(roster.Handler{Push: local.Apply}.Handle()))
	defer s.Close(ctx)

	if err := local.Sync(ctx, s); err != nil {
		log.Fatal(err)
	}
	juliet := jid.MustParse("juliet@example.test")
	if err := roster.Set(ctx, s, roster.Item{JID: juliet, Name: "Juliet", Groups: []string{"Capulets"}}); err != nil {
		log.Fatal(err)
	}
	p := <-pushes // the push may come before or after the result
	fmt.Println("push:", p.Item.JID, p.Item.Subscription)
	r, err := roster.Get(ctx, s, roster.Roster{})
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range r.Items {
		fmt.Printf("roster: %s %q %s\n", it.JID, it.Name, it.Subscription)
	}
	if err := roster.Remove(ctx, s, juliet); err != nil {
		log.Fatal(err)
	}
	p = <-pushes
	fmt.Println("push:", p.Item.JID, p.Item.Subscription)
	fmt.Println("left:", len(local.Roster().Items))
	// Output:
	// push: juliet@example.test none
	// roster: juliet@example.test "Juliet" none
	// push: juliet@example.test remove
	// left: 0
}
