package presence_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"log"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
)

// login connects user to the embedded server over an in-process pipe, with
// the pre-approval feature recorded.
func login(ctx context.Context, srv *server.Server, user string, h xmpp.Handler) *xmpp.Session {
	clientEnd, serverEnd := net.Pipe()
	go srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		cfg.InsecureAssumeSecure = true // a pipe inside the process
		return xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
	})
	s, err := xmpp.NewClientSession(ctx, jid.MustParse(user+"@example.test/home"), clientEnd,
		xmpp.Config{InsecureAssumeSecure: true, Handler: h},
		xmpp.SASL("", "secret"), xmpp.BindResource(), presence.PreApprovalFeature())
	if err != nil {
		log.Fatal(err)
	}
	return s
}

// Juliet approves Romeo's subscription before he asks (RFC 6121 §3.4), so
// his request is granted by her server without reaching her, and he sees
// her presence.
func ExamplePreApprove() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv, err := server.New(server.Config{Domain: "example.test", Users: map[string]string{"juliet": "secret", "romeo": "secret"}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	asked := xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		fmt.Println("juliet was asked by", st.Header.From) // not printed: the approval came first
		return nil
	})
	juliet := login(ctx, srv, "juliet", mux.New(mux.Presence(stanza.SubscribePresence, xml.Name{}, asked)))
	defer juliet.Close(ctx)
	if err := presence.Available(ctx, juliet, presence.Presence{Status: []presence.Status{{Text: "on the balcony"}}}); err != nil {
		log.Fatal(err)
	}
	if err := presence.PreApprove(ctx, juliet, jid.MustParse("romeo@example.test")); err != nil {
		log.Fatal(err)
	}
	// The server handles a session's stanzas in order: once it answers
	// this roster get, it has stored the approval.
	item, _ := mustRoster(ctx, juliet).Lookup(jid.MustParse("romeo@example.test"))
	fmt.Println("juliet's item for romeo:", item.Subscription, "approved", item.Approved)

	var tracker presence.Tracker
	romeo := login(ctx, srv, "romeo", mux.New(tracker.Handle()))
	defer romeo.Close(ctx)
	if err := presence.Available(ctx, romeo, presence.Presence{}); err != nil {
		log.Fatal(err)
	}
	if err := presence.Subscribe(ctx, romeo, jid.MustParse("juliet@example.test")); err != nil {
		log.Fatal(err)
	}
	for tracker.Online(jid.MustParse("juliet@example.test")) == nil && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	for _, r := range tracker.Online(jid.MustParse("juliet@example.test")) {
		fmt.Println("romeo sees", r.JID, presence.Presence{Status: r.Status}.StatusIn(""))
	}
	item, _ = mustRoster(ctx, romeo).Lookup(jid.MustParse("juliet@example.test"))
	fmt.Println("romeo's subscription:", item.Subscription)
	// Output:
	// juliet's item for romeo: none approved true
	// romeo sees juliet@example.test/home on the balcony
	// romeo's subscription: to
}

func mustRoster(ctx context.Context, s *xmpp.Session) roster.Roster {
	r, err := roster.Get(ctx, s, roster.Roster{})
	if err != nil {
		log.Fatal(err)
	}
	return r
}
