package server_test

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
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
// long the sends took. The limit only catches a server that stopped
// reading the sender: it allows for -race beside a full build on 2 cores,
// where a flood has taken up to 15.6 s.
func flood(t *testing.T, from, to *counter, n, size int) time.Duration {
	t.Helper()
	return floodWithin(t, 45*time.Second, from, to, n, size)
}

// floodWithin is flood, failing the test if the sends take longer than
// limit.
func floodWithin(t *testing.T, limit time.Duration, from, to *counter, n, size int) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	pad := strings.Repeat("x", size)
	start := time.Now()
	for i := range n {
		if err := from.chat(ctx, to.jid, floodBody(i, pad)); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	return time.Since(start)
}

// floodBody is flood's i-th body: i, a colon and pad, cut to pad's size.
func floodBody(i int, pad string) string {
	p := fmt.Sprint(i, ":")
	return p + pad[min(len(p), len(pad)):]
}

// floodBodies checks, as bodies arrive, that each is one of flood's and
// that none comes twice.
type floodBodies struct {
	mu   sync.Mutex
	seen map[int]bool
	bad  string
}

func (f *floodBodies) add(size int) func(string) {
	f.seen = map[int]bool{}
	return func(body string) {
		f.mu.Lock()
		defer f.mu.Unlock()
		p, rest, _ := strings.Cut(body, ":")
		i, err := strconv.Atoi(p)
		switch {
		case err != nil || len(body) != size || strings.Trim(rest, "x") != "":
			f.bad = cmp.Or(f.bad, fmt.Sprintf("a body not sent (%d bytes, starting %.20q)", len(body), body))
		case f.seen[i]:
			f.bad = cmp.Or(f.bad, fmt.Sprint("body ", i, " twice"))
		}
		f.seen[i] = true
	}
}

// TestFault_SlowRecipientDoesNotBlockSender: a recipient that stops
// reading costs its senders nothing: their flood goes through, the server
// answers their ping while the recipient still reads nothing, the stanzas
// that do not fit in the recipient's queue come back as
// resource-constraint errors, and once the recipient reads again, sent =
// delivered + bounced.
//
// A server that made the sender wait on the recipient would stop reading
// the sender once the socket buffers are full: the flood (more than they
// hold) would never end, nor would the ping behind it be answered. Both
// may take as long as the machine needs to route and bounce the flood
// (the sends up to 14 s under -race beside a full build on 2 cores), so
// they are given generous limits; what keeps the test able to fail is
// that the recipient reads nothing until both are done, and that nothing
// else can release a server stuck on it meanwhile: the write and idle
// timeouts that would end the recipient's session are set beyond both.
func TestFault_SlowRecipientDoesNotBlockSender(t *testing.T) {
	const floodLimit, pingLimit = 45 * time.Second, 15 * time.Second
	cfg := unshaped
	cfg.WriteTimeout = 2 * (floodLimit + pingLimit)
	cfg.IdleTimeout, cfg.PingTimeout = cfg.WriteTimeout, cfg.WriteTimeout
	srv := newServer(t, cfg)
	alice := loginCounter(t, srv, "alice", "flood")
	bob := loginCounter(t, srv, "bob", "slow")
	const n, size = 800, 16 << 10 // 12.5 MiB: more than the socket buffers hold
	// What waits in bob's queue holds a copy of the message, not the
	// element alice's session lent the handler (in which it reads its
	// next stanza): each delivered body is one sent, once.
	var bodies floodBodies
	bob.onBody = bodies.add(size)
	bob.stall()
	took := floodWithin(t, floodLimit, alice, bob, n, size)
	ctx, cancel := context.WithTimeout(context.Background(), pingLimit)
	defer cancel()
	start := time.Now()
	if _, err := ping.Send(ctx, alice.sess, srv.Domain()); err != nil {
		t.Fatalf("the sender's ping after the flood: %v (the flood took %v)", err, took)
	}
	rtt := time.Since(start)
	if got := bob.messages.Load(); got != 0 {
		t.Fatalf("the stalled recipient read %d messages", got) // the ping proves nothing then
	}
	settle(t, 10*time.Second, "bounces", func() bool { return alice.errors.Load() > 0 })
	bob.resume()
	settle(t, 20*time.Second, "sent = delivered + bounced", func() bool {
		return bob.messages.Load()+alice.errors.Load() == n
	})
	if got := alice.conds[condResource].Load(); got != alice.errors.Load() {
		t.Errorf("%d of %d bounces are resource-constraint", got, alice.errors.Load())
	}
	bodies.mu.Lock()
	if bodies.bad != "" {
		t.Error("delivered:", bodies.bad)
	}
	bodies.mu.Unlock()
	t.Logf("sent %d, delivered %d, bounced %d; the sends took %v, the ping %v", n, bob.messages.Load(), alice.errors.Load(), took, rtt)
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
// (RFC 6121 §8.5.3.2.1) rather than back to the sender, as soon as the
// server has read the leaving resource's closing tag, without waiting
// for it to read what the server had already written:
// sent = delivered (to either resource) + bounced.
func TestFault_RedeliveredToAnotherResource(t *testing.T) {
	srv := newServer(t, unshaped)
	alice := loginCounter(t, srv, "alice", "flood")
	phone := loginCounter(t, srv, "bob", "phone")
	// The desk connects where the server's writes to it can be held:
	// its socket then takes nothing, whatever the kernel would buffer.
	held := listenHeld(t, srv)
	desk := held.login(t, srv, "bob", "desk")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := phone.sess.Send(ctx, presenceTo(jid.JID{}, "")); err != nil {
		t.Fatal(err)
	}
	// The phone is available once the server answers a ping sent after
	// its presence.
	if _, err := ping.Send(ctx, phone.sess, srv.Domain()); err != nil {
		t.Fatal(err)
	}
	held.hold()
	// Only what the desk's queue still holds when it leaves is redelivered:
	// what the server already moved into the desk's session (its outbox,
	// and the write the held socket stalls) is the desk's, read once it
	// reads again. A bounce does not show that the queue holds anything:
	// the flood can fill it before its writer runs (with one P, the
	// sender's read loop runs first), and the writer then moves all of it
	// into an outbox that still has room. So the flood goes on until the
	// queue is stuck: its writer waits for room in a full outbox.
	const size = 4 << 10
	var n int64
	for batch := 400; !queueStuck(ctx, t, srv, alice); batch = 50 { // 400: more than the desk's outbox and queue hold
		if n >= 2000 {
			t.Fatalf("the desk's queue still takes everything after %d messages", n)
		}
		flood(t, alice, desk, batch, size)
		n += int64(batch)
	}
	settle(t, 10*time.Second, "bounces", func() bool { return alice.errors.Load() > 0 })
	// The desk leaves with a full queue, its socket still taking nothing;
	// it reads again (RFC 6120 §4.4 has it wait for the server's closing
	// tag) only once the server has shown that it read the desk's closing
	// tag: by redelivering the queue to the phone. It has no reason to
	// wait for the desk first (its own closing tag would wait 5 s for a
	// peer that does not read), so the phone must not wait that long.
	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		closed <- desk.sess.Close(ctx)
	}()
	settle(t, 3*time.Second, "a redelivery to the phone while the desk does not read", func() bool { return phone.messages.Load() > 0 })
	held.release()
	if err := <-closed; err != nil {
		t.Errorf("closing the desk: %v", err)
	}
	if desk.messages.Load() == 0 {
		t.Error("the desk did not get what the server wrote before its closing tag")
	}
	total := func() int64 { return desk.messages.Load() + phone.messages.Load() + alice.errors.Load() }
	settle(t, 10*time.Second, "sent = delivered + bounced", func() bool { return total() == n })
	// Nothing more may come: once the desk's session is cleaned up, all
	// its queue held has been redelivered or bounced, ahead of a mark to
	// each remaining queue.
	settle(t, 10*time.Second, "the desk's session to end", func() bool { return srv.DeliveryStats().Sessions == 2 })
	marked(t, alice, alice)
	marked(t, alice, phone)
	if total() != n {
		t.Errorf("delivered %d + %d, bounced %d, sent %d", desk.messages.Load(), phone.messages.Load(), alice.errors.Load(), n)
	}
	t.Logf("sent %d: delivered %d to the desk and %d to the phone, bounced %d", n, desk.messages.Load(), phone.messages.Load(), alice.errors.Load())
}

// queueStuck reports whether the server holds stanzas in a delivery queue
// that do not move: once it has routed all that sender sent (it answers a
// ping sent after), the queued bytes and the stanzas it bounced stay the
// same over a while in which a queue whose writer can go on would have
// moved. The bounces are counted by the server, as it routes: the
// sender's own count may lag behind the ping, whose result goes to the
// waiting call from the client's read loop, ahead of the errors queued
// for its handler.
func queueStuck(ctx context.Context, t *testing.T, srv *server.Server, sender *counter) bool {
	t.Helper()
	sample := func() (uint64, uint64) {
		if _, err := ping.Send(ctx, sender.sess, srv.Domain()); err != nil {
			t.Fatal(err)
		}
		st := srv.DeliveryStats()
		return st.QueuedBytes, st.Bounced
	}
	q, e := sample()
	if q == 0 {
		return false
	}
	time.Sleep(50 * time.Millisecond)
	q2, e2 := sample()
	return q2 == q && e2 == e
}
