package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
)

// TestOfflineFlushIntoFullQueue: a resource that becomes available while
// its delivery queue is full (the client reads nothing for a while) still
// gets the stored messages once the queue has room, without another
// presence: the flush is put off, not dropped.
func TestOfflineFlushIntoFullQueue(t *testing.T) {
	st := store.NewMemory()
	cfg := unshaped
	cfg.Store, cfg.DeliveryQueueStanzas = st, 4
	srv := newServer(t, cfg)
	// Stored with the body desk counts apart from the flood's.
	stored := []string{markBody, markBody, markBody}
	storeOfflineFor(t, srv, stored...)
	held := listenHeld(t, srv)
	desk := held.login(t, srv, "bob", "desk") // connected, not available yet
	alice := loginCounter(t, srv, "alice", "flood")
	held.hold()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Messages to the full JID fill the desk's queue (flood waits for
	// each to be accepted; queueStuck for the queue not to move).
	const size = 4 << 10
	var n int64
	for batch := 400; !queueStuck(ctx, t, srv, alice); batch = 50 {
		if n >= 2000 {
			t.Fatalf("the desk's queue still takes everything after %d messages", n)
		}
		flood(t, alice, desk, batch, size)
		n += int64(batch)
	}
	if err := desk.sess.Send(ctx, presenceTo(jid.JID{}, "")); err != nil {
		t.Fatal(err)
	}
	settle(t, 5*time.Second, "the desk to be available", func() bool { return server.Available(srv, "bob") })
	// The presence is handled with the queue still full: what the server
	// does with the flush is decided by now.
	if _, err := ping.Send(ctx, alice.sess, srv.Domain()); err != nil {
		t.Fatal(err)
	}
	held.release()
	settle(t, 10*time.Second, "the stored messages to arrive", func() bool {
		return desk.marks.Load() == int64(len(stored)) && len(kept(t, st)) == 0
	})
}
