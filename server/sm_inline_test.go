package server_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// blackhole drops what the client writes once drop is set: stanzas sent
// then never reach the server, as on a connection that died unnoticed.
//
// It also ends the count of the negotiation's round trips (tc) at the
// client's first write after SASL2's </success>: the negotiation writes
// nothing after it, so that write (what a resumed stream sends again, as
// it starts) and the answers to it belong to the running session, whose
// read loop may read them before the login returns.
type blackhole struct {
	*tls.Conn
	drop atomic.Bool

	tc        *xmpptest.TripConn
	tail      []byte      // the end of the last read, for a tag split between reads
	succeeded atomic.Bool // </success> was read
	trips     atomic.Int64
	counted   atomic.Bool // trips holds the negotiation's count
}

var successEnd = []byte("</success>")

func (b *blackhole) Read(p []byte) (int, error) {
	n, err := b.Conn.Read(p)
	if n > 0 && !b.succeeded.Load() {
		seen := append(b.tail, p[:n]...)
		if bytes.Contains(seen, successEnd) {
			b.succeeded.Store(true)
		}
		b.tail = append(b.tail[:0], seen[max(0, len(seen)-len(successEnd)+1):]...)
	}
	return n, err
}

func (b *blackhole) Write(p []byte) (int, error) {
	if b.succeeded.Load() && b.tc != nil && b.counted.CompareAndSwap(false, true) {
		b.trips.Store(int64(b.tc.Count()))
	}
	if b.drop.Load() {
		return len(p), nil
	}
	return b.Conn.Write(p)
}

// negotiationTrips returns the round trips counted until the
// negotiation's end.
func (b *blackhole) negotiationTrips() int {
	if b.counted.Load() {
		return int(b.trips.Load())
	}
	return b.tc.Count()
}

// inlineClient is a client logged in over direct TLS with SASL2, Bind 2
// (carbons and stream management inline) and FAST.
type inlineClient struct {
	*client
	raw   net.Conn
	hole  *blackhole
	trips int // round trips of the negotiation, after TLS
}

var smInlineConfig = sm.Config{AckEvery: -1, AckAfter: -1} // the client never asks for acks by itself

// loginInline logs user in; with prev, it resumes prev inline. extra are
// Bind 2 features to enable besides carbons and stream management.
func loginInline(t *testing.T, srv *server.Server, user, password string, store xmpp.FASTClientStore, prev *sm.State, extra ...xmpp.BindFeature) (*inlineClient, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := net.Dial("tcp", srv.DirectTLSAddr().String())
	if err != nil {
		return nil, err
	}
	tc := &xmpptest.TripConn{Conn: raw}
	tlsConn := tls.Client(tc, &tls.Config{ServerName: srv.Domain().Domainpart(), RootCAs: srv.CertPool()})
	if err := tlsConn.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	tc.Start()
	hole := &blackhole{Conn: tlsConn, tc: tc}
	c := &inlineClient{client: &client{t: t, in: make(chan *xmlstream.Element, 256), conn: &stallConn{Conn: raw}}, raw: raw, hole: hole}
	var inline []xmpp.SASL2Inline
	if prev != nil {
		inline = append(inline, sm.InlineResume(prev, smInlineConfig))
	}
	inline = append(inline, xmpp.Bind2(xmpp.Bind2Config{Tag: "phone",
		Features: append(append([]xmpp.BindFeature{carbons.Bind2(nil)}, extra...), sm.Bind2(smInlineConfig))}))
	bare := jid.MustParse(user + "@" + srv.Domain().Domainpart())
	c.sess, err = xmpp.NewClientSession(ctx, bare, hole, xmpp.Config{Handler: xmpp.HandlerFunc(c.record)},
		xmpp.SASL2(xmpp.SASL2Config{
			SASL:      sasl.ClientConfig{Password: password},
			UserAgent: xmpp.UserAgent{ID: agentID, Software: "server test"},
			Inline:    inline,
			FAST:      store,
		}),
		sm.Feature(smInlineConfig))
	if err != nil {
		raw.Close()
		return nil, err
	}
	c.trips = hole.negotiationTrips()
	c.jid = c.sess.LocalAddr()
	t.Cleanup(c.close)
	return c, nil
}

// drop plays a connection that dies: what is written from now on is lost,
// then the connection is closed. It returns the stream's state.
func (c *inlineClient) drop(t *testing.T, then func()) *sm.State {
	t.Helper()
	c.hole.drop.Store(true)
	if then != nil {
		then()
	}
	c.raw.Close()
	select {
	case <-c.sess.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the session did not end")
	}
	st, err := sm.Ended(c.sess)
	if err != nil || !st.Resumable() {
		t.Fatalf("ended stream %+v, %v", st, err)
	}
	return st
}

// collect returns the ids of the messages received in a short while, in
// order.
func (c *client) collect() []string {
	var ids []string
	deadline := time.After(400 * time.Millisecond)
	for {
		select {
		case el := <-c.in:
			if el.Name().Local == "message" {
				id := el.Attr("id")
				if id == "" {
					id = serialise(el)
				}
				ids = append(ids, id)
			}
		case <-deadline:
			return ids
		}
	}
}

func chatTo(to, id string) string {
	return "<message to='" + to + "' type='chat' id='" + id + "'><body>" + id + "</body></message>"
}

// TestSMInlineResume: a client logs in with SCRAM through SASL2, binding
// with Bind 2 and enabling carbons and stream management inline; its
// connection dies with one of its stanzas lost on the way and two for it
// held by the server; it reconnects with FAST and resumes inline, in the
// one round trip of a pipelined FAST login: same full JID, its stanza sent again, the
// held ones delivered, nothing twice.
func TestSMInlineResume(t *testing.T) {
	srv := newServer(t, server.Config{})
	must(t, srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"))
	store := xmpp.NewMemoryFASTClientStore()
	alice, err := loginInline(t, srv, "alice", "ecila", store, nil)
	must(t, err)
	info, _ := xmpp.SASL2Of(alice.sess)
	if !strings.HasPrefix(info.Mechanism, "SCRAM-") || !info.TokenIssued {
		t.Fatalf("login %+v", info)
	}
	if !slices.Contains(info.Enabled, carbons.NS) || !slices.Contains(info.Enabled, sm.NS) {
		t.Errorf("enabled inline %v, want carbons and stream management", info.Enabled)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	en, err := sm.WaitEnabled(ctx, alice.sess)
	if err != nil || !en.Resume || en.ID == "" {
		t.Fatalf("enabled %+v, %v", en, err)
	}
	if _, _, _, on := sm.Counts(alice.sess); !on {
		t.Error("stream management is not counting")
	}
	t.Logf("SCRAM + Bind 2 + inline enable: %d round trips", alice.trips)

	bob := login(t, srv, "bob", "home")
	bob.send(chatTo(alice.jid.String(), "m1"))
	bob.send(chatTo(alice.jid.String(), "m2"))
	alice.expect("id='m2'")
	st := alice.drop(t, func() {
		if _, err := sm.Send(ctx, alice.sess, xmpptest.ElementIn(t, "jabber:client", chatTo("bob@example.test/home", "a1"))); err != nil {
			t.Fatal(err)
		}
	})
	bob.send(chatTo(alice.jid.String(), "m3"))
	bob.send(chatTo(alice.jid.String(), "m4"))

	again, err := loginInline(t, srv, "alice", "", store, st)
	must(t, err)
	if r := sm.ResumptionOf(again.sess, st); !r.Resumed || !sm.IsResumed(again.sess) {
		t.Fatalf("not resumed: %+v", r)
	}
	if again.jid != alice.jid {
		t.Errorf("resumed as %s, want %s", again.jid, alice.jid)
	}
	info, _ = xmpp.SASL2Of(again.sess)
	if !info.FAST || slices.Contains(info.Inline, xmpp.NSBind2) {
		t.Errorf("reconnect %+v, want FAST and no Bind 2", info)
	}
	// FAST alone, pipelined: the stream header and <authenticate/> in
	// one write, answered by the header, the features and <success/>.
	// The resumption adds none.
	if again.trips != 1 {
		t.Errorf("FAST + inline resumption took %d round trips, want 1", again.trips)
	}
	t.Logf("FAST + inline resumption: %d round trips", again.trips)
	if got := again.collect(); !slices.Equal(got, []string{"m3", "m4"}) {
		t.Errorf("after resuming got %v, want [m3 m4] once each", got)
	}
	if got := bob.collect(); !slices.Equal(got, []string{"a1"}) {
		t.Errorf("bob got %v, want [a1] once", got)
	}
	// The resumed stream still counts and acknowledges.
	again.send(chatTo("bob@example.test/home", "a2"))
	bob.expect("id='a2'")
}

// TestSMInlineResumeFailed: a resumption of an expired stream fails inside
// <success/>, and Bind 2 binds a new session with stream management in
// the same exchange; what the old stream may have lost is reported.
func TestSMInlineResumeFailed(t *testing.T) {
	srv := newServer(t, server.Config{ResumeWindow: 200 * time.Millisecond})
	must(t, srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"))
	store := xmpp.NewMemoryFASTClientStore()
	alice, err := loginInline(t, srv, "alice", "ecila", store, nil)
	must(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st := alice.drop(t, func() {
		if _, err := sm.Send(ctx, alice.sess, xmpptest.ElementIn(t, "jabber:client", chatTo("bob@example.test/home", "lost"))); err != nil {
			t.Fatal(err)
		}
	})
	time.Sleep(600 * time.Millisecond) // the window passes

	again, err := loginInline(t, srv, "alice", "", store, st)
	must(t, err)
	r := sm.ResumptionOf(again.sess, st)
	var failed sm.Failed
	if r.Resumed || !errors.As(r.Err, &failed) || failed.Condition != "item-not-found" {
		t.Fatalf("resumption %+v, want item-not-found", r)
	}
	if len(r.Lost) != 1 || r.Lost[0].Attr("id") != "lost" {
		t.Errorf("lost %v, want the unacknowledged stanza", r.Lost)
	}
	if again.jid == alice.jid || !strings.HasPrefix(again.jid.Resourcepart(), "phone/") {
		t.Errorf("bound %s after a failed resumption of %s", again.jid, alice.jid)
	}
	en, err := sm.WaitEnabled(ctx, again.sess)
	if err != nil || en.ID == "" || en.ID == st.ID {
		t.Errorf("new stream enabled %+v, %v", en, err)
	}
	if again.trips != 1 {
		t.Errorf("FAST + failed inline resumption + Bind 2 took %d round trips, want 1", again.trips)
	}
	bob := login(t, srv, "bob", "home")
	bob.send(chatTo(again.jid.String(), "n1"))
	again.expect("id='n1'")
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
