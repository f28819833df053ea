package vcard_test

import (
	"context"
	"fmt"
	"log"
	"net"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/vcard"
)

// connect logs user in to srv over an in-process pipe.
func connect(ctx context.Context, srv *server.Server, user, password string) *xmpp.Session {
	clientEnd, serverEnd := net.Pipe()
	go srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		cfg.InsecureAssumeSecure = true // a pipe inside the process
		return xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
	})
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@example.test"), clientEnd,
		xmpp.Config{InsecureAssumeSecure: true}, xmpp.SASL("", password), xmpp.BindResource())
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// Juliet publishes her vCard on the embedded server; Romeo reads it from
// her bare JID, where the server answers for her.
func Example() {
	ctx := context.Background()
	srv, err := server.New(server.Config{Domain: "example.test",
		Users: map[string]string{"juliet": "r0m30", "romeo": "juli3t"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	juliet := connect(ctx, srv, "juliet", "r0m30")
	defer juliet.Close(ctx)
	romeo := connect(ctx, srv, "romeo", "juli3t")
	defer romeo.Close(ctx)

	err = vcard.Set(ctx, juliet, vcard.Card{
		FN:     "Juliet Capulet",
		N:      vcard.NameParts{Family: "Capulet", Given: "Juliet"},
		Emails: []vcard.Email{{Types: []string{"INTERNET"}, UserID: "juliet@capulet.lit"}},
	})
	fmt.Println("set:", err)

	card, err := vcard.Get(ctx, romeo, jid.MustParse("juliet@example.test"))
	fmt.Println(card.FN, card.N.Given, card.Emails[0].UserID, err)
	// Output:
	// set: <nil>
	// Juliet Capulet Juliet juliet@capulet.lit <nil>
}
