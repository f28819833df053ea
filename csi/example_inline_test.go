package csi_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
)

// loginSASL2 logs juliet in over a pipe with SASL2 and Bind 2 (CSI and
// stream management inline) to a server session offering srv's inline
// forms, CSI's wrapped around the resumption; prev, if not nil, is
// resumed inline.
func loginSASL2(ctx context.Context, srv *sm.Server, prev *sm.State) (client, server *xmpp.Session, conn net.Conn, err error) {
	c := sm.Config{AckEvery: -1, AckAfter: -1}
	cc, sc := net.Pipe()
	done := make(chan *xmpp.Session, 1)
	go func() {
		ss, _ := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), sc,
			xmpp.Config{InsecureAssumeSecure: true, Handler: mux.New(ping.Handler{}.Handle())},
			xmpp.SASL2Server(xmpp.SASL2ServerConfig{
				SASL: sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }},
				Inline: []xmpp.SASL2Inline{
					csi.InlineResume(srv.InlineResume(), csi.Config{}),
					xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{csi.Bind2(false), srv.Bind2()}}),
				},
			}),
			csi.Feature(), srv.Feature())
		done <- ss
	}()
	var inline []xmpp.SASL2Inline
	if prev != nil {
		inline = append(inline, sm.InlineResume(prev, c))
	}
	inline = append(inline, xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{csi.Bind2(false), sm.Bind2(c)}}))
	client, err = xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), cc, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL2(xmpp.SASL2Config{SASL: sasl.ClientConfig{Password: "x", Mechanisms: []string{sasl.Plain}}, Inline: inline}))
	if err != nil {
		_ = cc.Close()
	}
	server = <-done
	if err == nil && server == nil {
		err = fmt.Errorf("server side failed")
	}
	return client, server, cc, err
}

// A stream resumed inside SASL2 authentication (XEP-0198 with XEP-0388)
// gets no stream features; the client knows CSI from Bind 2's offer at
// login, and the server, whose resumption csi.InlineResume wraps, takes
// its indications. The resumed stream starts active.
func ExampleInlineResume() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := sm.NewServer(sm.ServerConfig{})
	defer srv.Close()
	client, server, conn, err := loginSASL2(ctx, srv, nil)
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
	prev, err := sm.Ended(client)
	if err != nil {
		fmt.Println(err)
		return
	}

	client, server, _, err = loginSASL2(ctx, srv, prev)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)
	fmt.Println("resumed:", sm.IsResumed(client))
	fmt.Println("offered:", csi.Offered(client), "inactive:", csi.IsInactive(server))
	if err := inactiveSeen(ctx, client); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("server sees the client inactive:", csi.IsInactive(server))
	// Output:
	// resumed: true
	// offered: true inactive: false
	// server sees the client inactive: true
}
