package sm_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client enables stream management and learns when the server has taken
// responsibility for a message.
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		// Ask for acknowledgements 50 ms after a stanza at the latest.
		ClientFeatures: []xmpp.StreamFeature{sm.Feature(sm.Config{AckAfter: 50 * time.Millisecond})},
		ServerFeatures: []xmpp.StreamFeature{srv.Feature()},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	en, err := sm.WaitEnabled(ctx, client)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("resumable:", en.Resume)

	receipt, err := sm.Send(ctx, client, message.Chat(jid.MustParse("romeo@example.net"), "Wherefore art thou?"))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The receipt settles when the server acknowledges the stanza.
	fmt.Println("acknowledged:", receipt.Wait(ctx) == nil)
	// Output:
	// resumable: true
	// acknowledged: true
}

// connectExample negotiates a client over a pipe to a server session with
// srv's feature, with the client's features after SASL.
func connectExample(ctx context.Context, srv *sm.Server, features ...xmpp.StreamFeature) (client, server *xmpp.Session, conn net.Conn, err error) {
	return pipeSessions(ctx, "juliet@example.net/balcony", func(accounts *xmpptest.Accounts) []xmpp.StreamFeature {
		return []xmpp.StreamFeature{xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource(), srv.Feature()}
	}, append([]xmpp.StreamFeature{xmpp.SASL("", "secret")}, features...)...)
}

// pipeSessions negotiates a client as clientJID, with clientFeatures, over
// a pipe to a server session with the features serverFeatures returns for
// juliet's account (password "secret").
func pipeSessions(ctx context.Context, clientJID string, serverFeatures func(*xmpptest.Accounts) []xmpp.StreamFeature, clientFeatures ...xmpp.StreamFeature) (client, server *xmpp.Session, conn net.Conn, err error) {
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	if err != nil {
		return nil, nil, nil, err
	}
	c, s := net.Pipe()
	done := make(chan *xmpp.Session, 1)
	go func() {
		ss, _ := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, xmpp.Config{InsecureAssumeSecure: true},
			serverFeatures(accounts)...)
		done <- ss
	}()
	client, err = xmpp.NewClientSession(ctx, jid.MustParse(clientJID), c, xmpp.Config{InsecureAssumeSecure: true}, clientFeatures...)
	if err != nil {
		_ = c.Close()
	}
	server = <-done
	if err == nil && server == nil {
		err = fmt.Errorf("server side failed")
	}
	return client, server, c, err
}

// A connection drops; the client resumes its stream on a new one, keeping
// its full JID (and, on a server such as package server's, its presence
// and what was routed to it meanwhile).
func ExampleResumeFeature() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	quiet := sm.Config{AckEvery: -1, AckAfter: -1} // no acknowledgements in this example
	client, server, conn, err := connectExample(ctx, srv, xmpp.BindResource(), sm.Feature(quiet))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := sm.WaitEnabled(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	_ = conn.Close() // the network fails
	<-client.Done()
	<-server.Done()
	fmt.Println("kept by the server:", srv.Detached(server))

	prev, err := sm.Ended(client)
	if err != nil {
		fmt.Println(err)
		return
	}
	// On a new connection: resumption in place of binding, and binding
	// and enabling afresh should it fail.
	client2, server2, _, err := connectExample(ctx, srv,
		sm.ResumeFeature(prev, quiet), xmpp.BindResource(), sm.Feature(quiet))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server2.Close(ctx)
	defer client2.Close(ctx)
	r := sm.ResumptionOf(client2, prev)
	fmt.Println("resumed:", r.Resumed, "as", client2.LocalAddr())
	// Output:
	// kept by the server: true
	// resumed: true as juliet@example.net/balcony
}
