package server_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
)

// unshaped is a configuration whose sessions are not paced (see
// Config.ShapeRate), for tests that flood to fill buffers quickly.
var unshaped = server.Config{ShapeRate: 1 << 30, ShapeBurst: 1 << 30}

// flood sends n messages of size bytes from 'from' to 'to' and returns how
// long the sends took.
func flood(t *testing.T, from, to *counter, n, size int) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	body := strings.Repeat("x", size)
	start := time.Now()
	for i := range n {
		if err := from.chat(ctx, to.jid, body); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	return time.Since(start)
}

// TestFault_SlowRecipientDoesNotBlockSender: a recipient that stops
// reading costs its senders nothing: they go on at once (the server
// answers their ping while the flood is stuck), the stanzas that do not
// fit in the recipient's queue come back as resource-constraint errors,
// and once the recipient reads again, sent = delivered + bounced.
func TestFault_SlowRecipientDoesNotBlockSender(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "flood")
	bob := loginCounter(t, srv, "bob", "slow")
	bob.stall()
	const n, size = 800, 16 << 10 // 12.5 MiB: more than the socket buffers hold
	took := flood(t, alice, bob, n, size)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := ping.Send(ctx, alice.sess, srv.Domain()); err != nil {
		t.Fatalf("the sender's ping after the flood: %v (the flood took %v)", err, took)
	}
	settle(t, 10*time.Second, "bounces", func() bool { return alice.errors.Load() > 0 })
	bob.resume()
	settle(t, 20*time.Second, "sent = delivered + bounced", func() bool {
		return bob.messages.Load()+alice.errors.Load() == n
	})
	if got := alice.conds[condResource].Load(); got != alice.errors.Load() {
		t.Errorf("%d of %d bounces are resource-constraint", got, alice.errors.Load())
	}
	t.Logf("sent %d, delivered %d, bounced %d; the sends took %v", n, bob.messages.Load(), alice.errors.Load(), took)
}

// TestFault_RecipientLeavesMidFlood: what was queued for a recipient that
// reads slowly and closes its stream in the middle of a flood is answered
// or kept offline, not lost: sent = delivered + bounced + kept.
func TestFault_RecipientLeavesMidFlood(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "flood")
	bob := loginCounter(t, srv, "bob", "leaving")
	bob.stall()
	const n, size = 2000, 4 << 10
	var wg sync.WaitGroup
	wg.Go(func() {
		for alice.errors.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		// Full: read again and leave at once, while the flood goes on.
		bob.close()
	})
	flood(t, alice, bob, n, size)
	wg.Wait()
	kept := func() int64 { return int64(srv.DeliveryStats().StoredOffline) }
	settle(t, 10*time.Second, "sent = delivered + bounced + kept", func() bool {
		return bob.messages.Load()+alice.errors.Load()+kept() == n
	})
	time.Sleep(200 * time.Millisecond) // nothing more may come
	if got := bob.messages.Load() + alice.errors.Load() + kept(); got != n {
		t.Errorf("delivered %d + bounced %d + kept %d = %d, sent %d", bob.messages.Load(), alice.errors.Load(), kept(), got, n)
	}
	t.Logf("sent %d, delivered %d, bounced %d, kept offline %d", n, bob.messages.Load(), alice.errors.Load(), kept())
}

// TestFault_RedeliveredToAnotherResource: chat messages still queued for
// a resource that leaves go to another available resource of the account
// (RFC 6121 §8.5.3.2.1) rather than back to the sender:
// sent = delivered (to either resource) + bounced.
func TestFault_RedeliveredToAnotherResource(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "flood")
	phone := loginCounter(t, srv, "bob", "phone")
	desk := loginCounter(t, srv, "bob", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := phone.sess.Send(ctx, presenceTo(jid.JID{}, "")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the phone is available
	desk.stall()
	const n, size = 2000, 4 << 10
	flood(t, alice, desk, n, size) // the desk's queue overflows
	// The server has routed them all once it answers a ping sent after.
	if _, err := ping.Send(ctx, alice.sess, srv.Domain()); err != nil {
		t.Fatal(err)
	}
	settle(t, 10*time.Second, "bounces", func() bool { return alice.errors.Load() > 0 })
	// The desk leaves with a full queue; the phone gets what was in it.
	// It sends its closing tag while it still does not read, so that the
	// server learns it is leaving while the queue is full; only then does
	// it read again, as RFC 6120 §4.4 has it wait for the server's closing
	// tag. Reading first would let the server write the whole queue to the
	// desk before it reads the closing tag, leaving nothing to redeliver.
	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		closed <- desk.sess.Close(ctx)
	}()
	// Nothing outside the server shows that it has read the closing tag;
	// its session reads it at once (only the writes are stuck), so this
	// wait is generous even on a loaded machine. Once it has, the server's
	// closing tag takes the write lock before the next queued stanza, and
	// what is still queued is redelivered however fast the desk reads.
	time.Sleep(300 * time.Millisecond)
	desk.resume()
	if err := <-closed; err != nil {
		t.Logf("closing the desk: %v", err)
	}
	total := func() int64 { return desk.messages.Load() + phone.messages.Load() + alice.errors.Load() }
	settle(t, 10*time.Second, "sent = delivered + bounced", func() bool { return total() == n })
	time.Sleep(200 * time.Millisecond) // nothing more may come
	if total() != n {
		t.Errorf("delivered %d + %d, bounced %d, sent %d", desk.messages.Load(), phone.messages.Load(), alice.errors.Load(), n)
	}
	if phone.messages.Load() == 0 {
		t.Error("nothing was redelivered to the other resource")
	}
	t.Logf("sent %d: delivered %d to the desk and %d to the phone, bounced %d", n, desk.messages.Load(), phone.messages.Load(), alice.errors.Load())
}
