package server_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
)

// pushGate holds the next write of an offline message, once armed, until
// released: the window between the store taking a message and the server
// looking for a resource to deliver it to.
type pushGate struct {
	store.Store
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func newPushGate() *pushGate {
	return &pushGate{Store: store.NewMemory(), entered: make(chan struct{}), release: make(chan struct{})}
}

func (g *pushGate) PushOffline(ctx context.Context, user string, m store.OfflineMessage, q store.Quota) (int64, error) {
	id, err := g.Store.PushOffline(ctx, user, m, q)
	if g.armed.CompareAndSwap(true, false) {
		close(g.entered)
		<-g.release
	}
	return id, err
}

// TestOfflineStoredWhileDetached: a message kept offline while the
// account became available, and whose only available resource then had
// its stream dropped and kept for XEP-0198 resumption, is delivered on
// the resumed stream. It used to stay in the store, since a kept resource
// did not count as one to deliver to, until some later initial presence.
func TestOfflineStoredWhileDetached(t *testing.T) {
	gs := newPushGate()
	srv := newServer(t, server.Config{Store: gs})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	bob := newSMClient(t, srv, "bob", "phone")
	alice := login(t, srv, "alice", "desk")
	// Bob is not available yet: the message goes to the store, held.
	gs.armed.Store(true)
	t.Cleanup(func() {
		select {
		case <-gs.release:
		default:
			close(gs.release)
		}
	})
	alice.send("<message to='bob@example.test' type='chat'><body>one</body></message>")
	select {
	case <-gs.entered:
	case <-ctx.Done():
		t.Fatal("the message was not stored")
	}
	// Bob becomes available (nothing is counted as stored yet, so no
	// flush), and his connection drops: the stream is kept.
	sendPresence(t, bob)
	waitFor(t, "bob available", func() bool { return server.Available(srv, "bob") })
	st := bob.kill()
	waitFor(t, "bob's stream kept", func() bool { return server.Waiting(srv, "bob@example.test/phone") })
	close(gs.release)
	waitFor(t, "one stored", func() bool { return srv.DeliveryStats().StoredOffline == 1 })
	bob.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
	if r := sm.ResumptionOf(bob.sess, st); !r.Resumed {
		t.Fatalf("not resumed: %+v", r)
	}
	if got := bob.wait(1, 0); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("bob got %v, want [one]", got)
	}
}

// TestUnacknowledgedRedeliveryFails: a message whose stream ended
// without the client's acknowledgement goes to another available
// resource of the account; if that resource's queue then fails it (its
// session ends before the writer reaches it), it goes on to offline
// storage rather than being dropped. It used to be queued there with no
// failure to tell, and dropped without a word.
func TestUnacknowledgedRedeliveryFails(t *testing.T) {
	srv := newServer(t, server.Config{ResumeWindow: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	phone := newSMClient(t, srv, "bob", "phone")
	desk := login(t, srv, "bob", "desk")
	desk.send("<presence/>")
	waitFor(t, "bob available", func() bool { return server.Available(srv, "bob") })
	release := server.HoldQueue(srv, "bob@example.test/desk")
	defer release()
	alice := newSMClient(t, srv, "alice", "desk")
	if err := alice.sess.Send(ctx, message.Chat(phone.jid, "one")); err != nil {
		t.Fatal(err)
	}
	phone.wait(1, 0) // received, never acknowledged
	phone.kill()
	// The window passes: "one" is given to desk, whose writer is held.
	waitFor(t, "one queued for desk", func() bool { return server.Queued(srv, "bob@example.test/desk") == 1 })
	dropped := srv.DeliveryStats().Dropped
	server.CloseQueue(srv, "bob@example.test/desk")
	waitFor(t, "one stored", func() bool { return srv.DeliveryStats().StoredOffline == 1 })
	if d := srv.DeliveryStats().Dropped; d != dropped {
		t.Errorf("%d stanzas dropped", d-dropped)
	}
	laptop := newSMClient(t, srv, "bob", "laptop")
	sendPresence(t, laptop)
	if got := laptop.wait(1, 0); !slices.Equal(got, []string{"one"}) {
		t.Fatalf("laptop got %v, want [one]", got)
	}
}

// TestFreshBindReplacesLiveStream: a client binds its full JID afresh
// while the server still takes its old connection for live (it has not
// noticed the connection die). The old session ends with conflict and is
// not kept; what its client never acknowledged, and what comes once that
// end is handled and before the new session is available, arrive there,
// in order, once each, and the sender gets no error.
func TestFreshBindReplacesLiveStream(t *testing.T) {
	srv := newServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	alice := newSMClient(t, srv, "alice", "desk")
	old := newSMClient(t, srv, "bob", "phone")
	sendPresence(t, old)
	waitFor(t, "bob available", func() bool { return server.Available(srv, "bob") })
	if err := alice.sess.Send(ctx, message.Chat(old.jid, "one")); err != nil {
		t.Fatal(err)
	}
	old.wait(1, 0) // received, never acknowledged

	fresh := &smClient{t: t, srv: srv, jid: old.jid, got: make(chan struct{}, 1)}
	fresh.connect(xmpp.BindResource(), sm.Feature(smQuiet))
	if fresh.sess.LocalAddr() != old.jid {
		t.Fatalf("bound %s", fresh.sess.LocalAddr())
	}
	select {
	case <-old.sess.Done():
	case <-ctx.Done():
		t.Fatal("the replaced session did not end")
	}
	// The old stream's end is handled on its own goroutine: a message
	// routed before that would be stored ahead of "one".
	waitFor(t, "one stored", func() bool { return srv.DeliveryStats().StoredOffline == 1 })
	if err := alice.sess.Send(ctx, message.Chat(old.jid.Bare(), "two")); err != nil {
		t.Fatal(err)
	}
	sendPresence(t, fresh)
	if got := fresh.wait(2, 0); !slices.Equal(got, []string{"one", "two"}) {
		t.Fatalf("fresh session got %v, want [one two]", got)
	}
	time.Sleep(50 * time.Millisecond) // duplicates would arrive now
	if got := fresh.wait(2, 0); len(got) != 2 {
		t.Fatalf("fresh session got %v, want [one two] once each", got)
	}
	alice.mu.Lock()
	defer alice.mu.Unlock()
	if alice.errs != 0 {
		t.Errorf("alice got %d errors", alice.errs)
	}
}
