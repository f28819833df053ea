package muc_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
)

// A Service serves a MUC domain over a XEP-0114 component session. Here
// the server's side of the session is played by a handler that prints
// what the service sends; a real server routes it to the users.
func ExampleService() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	domain := jid.MustParse("conference.localhost")
	secret := func(d jid.JID) (string, bool) { return "s3cret", d == domain }

	got := make(chan string, 8)
	server := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		var codes []int
		if x, ok := st.Element.Child(muc.NSUser, "x"); ok {
			u, _ := muc.ParseUser(x)
			codes = u.Status
		}
		got <- fmt.Sprintf("%s from %s to %s %v", st.Header.Kind, st.Header.From, st.Header.To, codes)
		return nil
	})
	a, b := net.Pipe()
	accepted := make(chan *xmpp.Session, 1)
	go func() {
		s, _ := component.Receive(ctx, b, xmpp.Config{Handler: server}, secret)
		accepted <- s
	}()
	svc := muc.NewService(muc.ServiceConfig{})
	comp, err := component.NewSession(ctx, domain, "s3cret", a, xmpp.Config{Handler: svc})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := <-accepted
	defer comp.Close(ctx)
	defer srv.Close(ctx)

	// The server passes on Alice's join, stamped with her full JID.
	alice := jid.MustParse("alice@localhost/phone")
	join := stanza.Presence{From: alice, To: jid.MustParse("coven@conference.localhost/al")}
	if err := srv.Send(ctx, join.Wrap(muc.Join{})); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(<-got) // her own presence: the room was created (201)
	fmt.Println(<-got) // the (empty) subject
	// Output:
	// presence from coven@conference.localhost/al to alice@localhost/phone [201 110]
	// message from coven@conference.localhost to alice@localhost/phone []
}
