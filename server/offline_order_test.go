package server_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestOfflineFlushPendingKeepsOrder: stored messages that do not all fit
// in the resource's delivery queue at the account's available presence
// still come before the messages routed to it after that presence (RFC
// 6121 §8.5.2.2.1, XEP-0160), each in the order sent, although those
// were queued first: the rest of the flush goes back in ahead of them.
func TestOfflineFlushPendingKeepsOrder(t *testing.T) {
	st := store.NewMemory()
	pendingFlush(t, st, st, 9, 3, "")
}

// pendingFlush stores nStored messages for bob, makes his desk available
// while its delivery queue (6 stanzas) cannot move, routes nLive messages
// to it behind the flush, lets the queue move, and checks that the desk
// gets the stored messages first, all in order, and that none stays in
// the store. The server keeps its data in st, whose offline messages are
// those of mem. If storedDuring is not "", a message with that body is
// stored for bob once the flush has kept stored messages for a later
// round (the pending flush then covers it), and must arrive too, once.
func pendingFlush(t *testing.T, st store.Store, mem *store.Memory, nStored, nLive int, storedDuring string) {
	t.Helper()
	cfg := unshaped
	cfg.Store, cfg.DeliveryQueueStanzas = st, 6
	srv := newServer(t, cfg)
	if storedDuring != "" {
		var once sync.Once
		server.SetAfterFlushRound(func() {
			once.Do(func() {
				if err := server.StoreOffline(srv, jid.MustParse("bob@example.test"), message.Chat(jid.MustParse("bob@example.test"), storedDuring)); err != nil {
					t.Error(err)
				}
			})
		})
		t.Cleanup(func() { server.SetAfterFlushRound(nil) })
	}
	var stored, live []string
	for i := range nStored {
		stored = append(stored, fmt.Sprintf("stored-%d", i))
	}
	for i := range nLive {
		live = append(live, fmt.Sprintf("live-%d", i))
	}
	storeOfflineFor(t, srv, stored...)
	held := listenHeld(t, srv)
	desk := loginRecorder(t, held, srv, "desk") // connected, not available yet
	alice := loginCounter(t, srv, "alice", "flood")
	held.hold()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Fill the desk's outbox until its delivery queue's writer waits, with
	// (almost) nothing queued behind it.
	for n := 0; !queueStuck(ctx, t, srv, alice); n++ {
		if n == 200 {
			t.Fatal("the desk's delivery queue never waits")
		}
		if err := alice.chat(ctx, desk.jid, strings.Repeat("x", 16<<10)); err != nil {
			t.Fatal(err)
		}
	}
	// The flush's marker waits behind the stuck write, and the live
	// messages (to the bare and the full JID) behind the marker.
	if err := desk.sess.Send(ctx, presenceTo(jid.JID{}, "")); err != nil {
		t.Fatal(err)
	}
	settle(t, 5*time.Second, "the desk to be available", func() bool { return server.Available(srv, "bob") })
	for i, b := range live {
		to := desk.jid.Bare()
		if i%2 == 1 {
			to = desk.jid
		}
		if err := alice.chat(ctx, to, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ping.Send(ctx, alice.sess, srv.Domain()); err != nil {
		t.Fatal(err)
	}
	if n := alice.errors.Load(); n != 0 {
		t.Fatalf("%d messages bounced: the queue had no room for the live ones", n)
	}
	held.release()
	want := append(slices.Clone(stored), live...)
	n := len(want)
	if storedDuring != "" {
		n++
	}
	settle(t, 10*time.Second, "every message", func() bool { return len(desk.got()) >= n })
	time.Sleep(100 * time.Millisecond) // a second copy would come by now
	got := desk.got()
	if storedDuring != "" {
		// Stored after the flush began, it may come before the live
		// messages or after them.
		others := slices.DeleteFunc(slices.Clone(got), func(b string) bool { return b == storedDuring })
		if c := len(got) - len(others); c != 1 {
			t.Errorf("the message stored during the flush came %d times: %v", c, got)
		}
		got = others
	}
	if !slices.Equal(got, want) {
		t.Errorf("received\n%v\nwant\n%v", got, want)
	}
	if k := kept(t, mem); len(k) != 0 {
		t.Errorf("still stored: %v", k)
	}
}

// recorder is a test client that records the bodies of the messages it
// receives, in order, except the flood's (bodies of x).
type recorder struct {
	sess   *xmpp.Session
	jid    jid.JID
	mu     sync.Mutex
	bodies []string
}

func (r *recorder) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindMessage:
		b, ok := st.Element.Child(stanza.NSClient, "body")
		if !ok || st.Header.Type == string(stanza.ErrorMessage) || strings.HasPrefix(b.Text(), "x") {
			return nil
		}
		r.mu.Lock()
		r.bodies = append(r.bodies, b.Text())
		r.mu.Unlock()
	case stanza.KindIQ:
		if _, ok := st.Element.Child("urn:xmpp:ping", "ping"); ok && stanza.IQType(st.Header.Type).IsRequest() {
			return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
		}
	}
	return nil
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.bodies)
}

// loginRecorder logs bob in with resource through h.
func loginRecorder(t *testing.T, h *heldWrites, srv *server.Server, resource string) *recorder {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", h.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	j, err := jid.New("bob", srv.Domain().Domainpart(), resource)
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	r.sess, err = xmpp.NewClientSession(ctx, j, conn, xmpp.Config{Handler: xmpp.HandlerFunc(r.handle)},
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASL("", testUsers["bob"], "SCRAM-SHA-1"), xmpp.BindResource())
	if err != nil {
		_ = conn.Close()
		t.Fatal(err)
	}
	r.jid = r.sess.LocalAddr()
	// Registered after listenHeld's: runs first, with writes going through.
	t.Cleanup(func() {
		h.release()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = r.sess.Close(ctx)
	})
	return r
}
