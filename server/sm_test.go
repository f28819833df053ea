package server_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// smClient is a client with stream management whose connection a test
// can cut, and which reconnects to resume. Its handler outlives its
// sessions, so that it sees what each of them received.
type smClient struct {
	t    testing.TB
	srv  *server.Server
	jid  jid.JID
	conn net.Conn
	sess *xmpp.Session

	mu     sync.Mutex
	bodies []string
	errs   int // error messages received
	got    chan struct{}
	// other, if set, sees the IQs and presence (a clone of each), and
	// answers requests when it wants.
	other func(*xmlstream.Element)
}

var smQuiet = sm.Config{AckEvery: -1, AckAfter: -1}

func (c *smClient) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage && c.other != nil {
		c.other(st.Element.Clone())
		return nil
	}
	if st.Header.Kind != stanza.KindMessage {
		return nil
	}
	c.mu.Lock()
	if st.Header.IsError() {
		c.errs++
	} else if m, err := message.Parse(st.Element); err == nil && m.Body("") != "" {
		c.bodies = append(c.bodies, m.Body(""))
	}
	c.mu.Unlock()
	select {
	case c.got <- struct{}{}:
	default:
	}
	return nil
}

// connect negotiates a new session with features after SASL.
func (c *smClient) connect(features ...xmpp.StreamFeature) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", c.srv.Addr().String())
	if err != nil {
		c.t.Fatal(err)
	}
	all := append([]xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{RootCAs: c.srv.CertPool()}),
		xmpp.SASL("", testUsers[c.jid.Localpart()]),
	}, features...)
	sess, err := xmpp.NewClientSession(ctx, c.jid, conn, xmpp.Config{Handler: c}, all...)
	if err != nil {
		c.t.Fatal(err)
	}
	c.conn, c.sess = conn, sess
	c.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = sess.Close(ctx)
	})
}

// keptStream logs alice/desk and bob/phone in with stream management and
// leaves the server keeping alice's stream, dropped, with bob's "one"
// received and never acknowledged and "two" routed to it after the drop.
func keptStream(ctx context.Context, t *testing.T, srv *server.Server) (alice, bob *smClient, st *sm.State) {
	t.Helper()
	alice = newSMClient(t, srv, "alice", "desk")
	bob = newSMClient(t, srv, "bob", "phone")
	if err := bob.sess.Send(ctx, message.Chat(alice.jid, "one")); err != nil {
		t.Fatal(err)
	}
	alice.wait(1, 0) // received, never acknowledged
	st = alice.kill()
	if err := bob.sess.Send(ctx, message.Chat(alice.jid, "two")); err != nil {
		t.Fatal(err)
	}
	return alice, bob, st
}

func newSMClient(t testing.TB, srv *server.Server, user, resource string, cfg ...sm.Config) *smClient {
	c := &smClient{t: t, srv: srv, jid: jid.MustParse(user + "@example.test/" + resource), got: make(chan struct{}, 1)}
	conf := smQuiet
	if len(cfg) > 0 {
		conf = cfg[0]
	}
	c.connect(xmpp.BindResource(), sm.Feature(conf))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := sm.WaitEnabled(ctx, c.sess); err != nil {
		t.Fatal(err)
	}
	return c
}

// kill cuts the TCP connection under the client, as a network failure
// does, and returns the stream's state once the session has ended.
func (c *smClient) kill() *sm.State {
	c.t.Helper()
	_ = c.conn.Close()
	select {
	case <-c.sess.Done():
	case <-time.After(5 * time.Second):
		c.t.Fatal("session did not end")
	}
	st, err := sm.Ended(c.sess)
	if err != nil {
		c.t.Fatal(err)
	}
	return st
}

// wait waits until the client has n bodies and errs errors.
func (c *smClient) wait(n, errs int) []string {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		got, e := slices.Clone(c.bodies), c.errs
		c.mu.Unlock()
		if len(got) >= n && e >= errs {
			return got
		}
		select {
		case <-c.got:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			c.t.Fatalf("%s: %d bodies (want %d), %d errors (want %d): %v", c.jid, len(got), n, e, errs, got)
		}
	}
}

func numbered(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// TestStreamResumption sends numbered messages both ways, cuts the
// client's connection in the middle, keeps sending to it while it is
// away, resumes on a new connection, and checks that nothing was lost or
// duplicated in either direction.
func TestStreamResumption(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := newSMClient(t, srv, "alice", "desk")
	bob := newSMClient(t, srv, "bob", "phone")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	send := func(from *xmpp.Session, to jid.JID, i int) error {
		return from.Send(ctx, message.Chat(to, strconv.Itoa(i)))
	}
	var sent []string
	for i := 1; i <= 10; i++ {
		if err := send(alice.sess, bob.jid, i); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, strconv.Itoa(i))
		if err := send(bob.sess, alice.jid, 100+i); err != nil {
			t.Fatal(err)
		}
	}
	// Alice's connection fails while she sends; what she sent into it
	// without an error is hers to have delivered, and what failed must
	// not arrive: a Send that reached stream management's queue does not
	// fail, so a caller never retries a stanza the resumption delivers.
	_ = alice.conn.Close()
	for i := 11; i <= 15; i++ {
		if send(alice.sess, bob.jid, i) == nil {
			sent = append(sent, strconv.Itoa(i))
		}
	}
	st := alice.kill()
	// Bob goes on writing to her while she is away.
	for i := 111; i <= 120; i++ {
		if err := send(bob.sess, alice.jid, i); err != nil {
			t.Fatal(err)
		}
	}
	alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource(), sm.Feature(smQuiet))
	if r := sm.ResumptionOf(alice.sess, st); !r.Resumed {
		t.Fatalf("not resumed: %+v", r)
	}
	if alice.sess.LocalAddr() != alice.jid {
		t.Fatalf("resumed as %s", alice.sess.LocalAddr())
	}
	for i := 16; i <= 20; i++ {
		if err := send(alice.sess, bob.jid, i); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, strconv.Itoa(i))
	}
	bob.wait(len(sent), 0)
	alice.wait(20, 0)
	time.Sleep(50 * time.Millisecond) // duplicates would arrive now
	gotB, gotA := bob.wait(len(sent), 0), alice.wait(20, 0)
	if !slices.Equal(gotB, sent) {
		t.Fatalf("bob got %v, want %v", gotB, sent)
	}
	if want := numbered(101, 120); !slices.Equal(gotA, want) {
		t.Fatalf("alice got %v, want %v", gotA, want)
	}
}

// TestStreamResumptionExpires: when nobody resumes the stream within the
// window, what the server sent that the client never acknowledged, and
// what was routed to the resource meanwhile, is handled as if sent to a
// resource that is gone (RFC 6121 §8.5.3.2.1): chat messages are kept
// offline and arrive, in order and with a delay stamp, at the account's
// next available presence; the sender gets no error.
func TestStreamResumptionExpires(t *testing.T) {
	srv := newServer(t, server.Config{ResumeWindow: 100 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	alice, bob, st := keptStream(ctx, t, srv)
	for srv.DeliveryStats().StoredOffline < 2 {
		select {
		case <-ctx.Done():
			t.Fatalf("the expired stream's messages were not kept offline: %+v", srv.DeliveryStats())
		case <-time.After(10 * time.Millisecond):
		}
	}
	alice.mu.Lock()
	alice.bodies = nil
	alice.mu.Unlock()
	alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
	if r := sm.ResumptionOf(alice.sess, st); r.Resumed {
		t.Fatal("resumed an expired stream")
	}
	if err := alice.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
		t.Fatal(err)
	}
	if got := alice.wait(2, 0); !slices.Equal(got, []string{"one", "two"}) {
		t.Fatalf("alice got %v after the window, want [one two]", got)
	}
	bob.mu.Lock()
	defer bob.mu.Unlock()
	if bob.errs != 0 {
		t.Errorf("bob got %d errors for messages kept offline", bob.errs)
	}
}

// TestStreamManagementBackPressure: more stanzas than the server's queue
// of unacknowledged stanzas holds all arrive, in order, none bounced: when
// the queue is full the delivery waits for acknowledgements (on the
// queue's own goroutine) instead of failing.
func TestStreamManagementBackPressure(t *testing.T) {
	// A small queue, so that bob, unpaced, outruns alice's
	// acknowledgements; alice's delivery queue holds all the rest, so
	// that none is bounced (resource-constraint) instead.
	const queue, n = 32, 600
	srv := newServer(t, server.Config{
		ShapeRate: 1 << 30, ShapeBurst: 1 << 30,
		UnackedStanzas: queue, DeliveryQueueStanzas: n,
	})
	alice := newSMClient(t, srv, "alice", "desk")
	bob := newSMClient(t, srv, "bob", "phone", sm.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Many more than the server's queue of unacknowledged stanzas holds;
	// alice answers the server's requests, so all arrive, in order, none
	// bounced.
	for i := 1; i <= n; i++ {
		err := bob.sess.Send(ctx, message.Chat(alice.jid, strconv.Itoa(i)))
		for errors.Is(err, sm.ErrQueueFull) {
			// Bob's own queue: he waits for the server's acknowledgements.
			if err = sm.WaitRoom(ctx, bob.sess); err == nil {
				err = bob.sess.Send(ctx, message.Chat(alice.jid, strconv.Itoa(i)))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := alice.wait(n, 0); !slices.Equal(got, numbered(1, n)) {
		t.Fatalf("alice got %d messages, out of order or duplicated", len(got))
	}
	bob.mu.Lock()
	defer bob.mu.Unlock()
	if bob.errs != 0 {
		t.Fatalf("bob got %d errors", bob.errs)
	}
}
