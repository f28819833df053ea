package interop

import (
	"context"
	"net"
	"slices"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
)

// TestMUCService runs Canto's MUC service (muc.Service) as the server's
// external component (XEP-0114), and Canto clients logged in to the
// server use it: the server stamps and routes what passes between them.
// They create a room, exchange groupchat and private messages, read the
// room's archive (XEP-0313), self-ping (XEP-0410), and alice kicks bob.
func TestMUCService(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		service := connectMUCService(t, srv, muc.ServiceConfig{DefaultRoom: muc.RoomConfig{Archive: true}})
		room := jid.MustParse("svctest@" + service.String())
		var archive mam.Handler
		alice := newMUCPeerWith(t, srv, "alice", archive.Handle())
		bob := newMUCPeer(t, srv, "bob")
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", muc.JoinOptions{})
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		if !ar.Created() {
			t.Error("the room was not created by alice's join")
		}
		br, err := bob.c.Join(ctx, bob.s.Session, room, "bob", muc.JoinOptions{})
		if err != nil {
			t.Fatalf("bob joins: %v", err)
		}
		var nicks []string
		for _, o := range br.Occupants() {
			nicks = append(nicks, o.Nick)
		}
		if !slices.Equal(nicks, []string{"alice", "bob"}) {
			t.Errorf("bob sees %v", nicks)
		}
		roomConversation(ctx, t, alice, bob, ar, br)

		var bodies []string
		for res, err := range archive.Query(ctx, alice.s.Session, room, mam.Filter{}, paging.Request{Max: 10}) {
			if err != nil {
				t.Fatalf("archive: %v", err)
			}
			if b, ok := res.Forwarded.Stanza.Child(stanza.NSClient, "body"); ok {
				bodies = append(bodies, b.Text())
			}
		}
		if !slices.Equal(bodies, []string{"hello, room"}) {
			t.Errorf("archive %q", bodies)
		}
		if ok, err := ar.SelfPing(ctx); !ok || err != nil {
			t.Errorf("self-ping: %v, %v", ok, err)
		}

		kickAndDestroy(ctx, t, alice, bob, br, room, true)
	})
}

// TestMUCServiceSlixmpp: a slixmpp client and a Canto client in a room
// of Canto's MUC service, through the server.
func TestMUCServiceSlixmpp(t *testing.T) {
	if !python("slixmpp")() {
		skipOrFail(t, "slixmpp is missing (apt-get install python3-slixmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		service := connectMUCService(t, srv, muc.ServiceConfig{})
		slixmppInRoom(t, srv, jid.MustParse("slixtest@"+service.String()))
	})
}

// connectMUCService connects a muc.Service as the server's external
// component and returns its domain; the session closes when the test
// ends, and its traffic is logged if the test failed.
func connectMUCService(t *testing.T, srv *server, cfg muc.ServiceConfig) jid.JID {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	service := jid.MustParse("component." + domain)
	conn, err := net.Dial("tcp", addr(srv.ports.component))
	if err != nil {
		t.Fatal(err)
	}
	raw := &rawLog{}
	comp, err := component.NewSession(ctx, service, srv.componentSecret, conn, xmpp.Config{Handler: muc.NewService(cfg), RawLog: raw})
	if err != nil {
		t.Fatalf("component handshake: %v\n%s", err, raw)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("component traffic:\n%s", raw)
		}
		closeSession(t, comp)
	})
	return service
}

// newMUCPeerWith is newMUCPeer with more routes in the client's mux.
func newMUCPeerWith(t *testing.T, srv *server, user string, more ...mux.Option) *mucPeer {
	p := &mucPeer{messages: make(chan muc.Message, 16), presence: make(chan muc.Presence, 16)}
	p.c = muc.NewClient(muc.Config{
		OnMessage: func(_ *muc.Room, m muc.Message) {
			m.Stanza = nil
			p.messages <- m
		},
		OnPresence: func(_ *muc.Room, pr muc.Presence) { p.presence <- pr },
	})
	p.s = srv.loginAs(t, user, "muc", mux.New(append([]mux.Option{p.c.Handle()}, more...)...))
	return p
}
