package server_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// gateStore is a store whose roster writes wait until the gate opens (a
// store whose sync takes forever) or fail (fail set).
type gateStore struct {
	store.Store
	entered chan struct{} // receives once per roster write begun
	gate    chan struct{} // closed: roster writes go ahead
	fail    bool
}

func (s *gateStore) PutRosterItem(ctx context.Context, user string, it store.RosterItem, v store.RosterVersion) error {
	select {
	case s.entered <- struct{}{}:
	default:
	}
	<-s.gate
	if s.fail {
		return errors.New("disk on fire")
	}
	return s.Store.PutRosterItem(ctx, user, it, v)
}

// TestStoreWriteDoesNotStallRouting: while one user's roster write is
// stuck in the store, another pair's messages go both ways (the registry
// is not locked across the write), and the roster set is answered only
// once the write has committed.
func TestStoreWriteDoesNotStallRouting(t *testing.T) {
	st := &gateStore{Store: store.NewMemory(), entered: make(chan struct{}, 1), gate: make(chan struct{})}
	srv := newServer(t, server.Config{Store: st})
	var open sync.Once
	release := func() { open.Do(func() { close(st.gate) }) }
	t.Cleanup(release) // before the server's Close, which waits for the write
	alice := login(t, srv, "alice", "desk")
	bob := login(t, srv, "bob", "desk")
	carol := login(t, srv, "carol", "desk")
	bob.online()
	carol.online()

	answered := make(chan error, 1)
	set := xmpptest.ElementIn(t, "jabber:client", "<query xmlns='jabber:iq:roster'><item jid='dave@example.test'/></query>")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, set)
		answered <- err
	}()
	select {
	case <-st.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the roster write never reached the store")
	}

	start := time.Now()
	bob.send("<message to='carol@example.test/desk' type='chat'><body>ping</body></message>")
	carol.expect("<body>ping</body>")
	carol.send("<message to='bob@example.test/desk' type='chat'><body>pong</body></message>")
	bob.expect("<body>pong</body>")
	if rt := time.Since(start); rt > 2*time.Second {
		t.Errorf("round trip took %v while another user's write was in the store", rt)
	}
	select {
	case err := <-answered:
		t.Fatalf("roster set answered (%v) before its write committed", err)
	default:
	}
	release()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatalf("roster set: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("roster set not answered after its write committed")
	}
}

// TestStoreWriteFailureAnswered: a roster set whose write the store
// refuses is answered internal-server-error (wait), not acknowledged.
func TestStoreWriteFailureAnswered(t *testing.T) {
	st := &gateStore{Store: store.NewMemory(), entered: make(chan struct{}, 1), gate: make(chan struct{}), fail: true}
	close(st.gate)
	srv := newServer(t, server.Config{Store: st})
	alice := login(t, srv, "alice", "desk")
	_, err := alice.iq("set", "", "<query xmlns='jabber:iq:roster'><item jid='dave@example.test'/></query>")
	var se stanza.Error
	if !errors.As(err, &se) || se.Condition != stanza.InternalServerError || se.Type != stanza.Wait {
		t.Fatalf("roster set with a failing store: %v, want internal-server-error (wait)", err)
	}
}
