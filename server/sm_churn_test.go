package server_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
)

// TestFault_ResumeChurn: messages routed to an account's only resource
// while its connection is cut again and again, at random points, and its
// stream resumed each time, all arrive, once each and in order: what was
// routed to the resource at the moment its transport died is in the
// stream's unacknowledged queue or in the resource's delivery queue, what
// comes while the stream is kept waits for the resumed one, and the
// resumption resends exactly what the client had not handled.
func TestFault_ResumeChurn(t *testing.T) {
	const n, cuts = 300, 8
	srv := newServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	alice := newSMClient(t, srv, "alice", "desk")
	bob := newSMClient(t, srv, "bob", "phone", sm.Config{AckEvery: 8})
	sendPresence(t, bob)
	waitFor(t, "bob available", func() bool { return server.Available(srv, "bob") })
	sent := sendNumbered(ctx, alice, bob, n, 16)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for range cuts {
		time.Sleep(time.Duration(rnd.IntN(3000)) * time.Microsecond)
		st := bob.kill()
		bob.connect(sm.ResumeFeature(st, sm.Config{AckEvery: 8}), xmpp.BindResource(), sm.Feature(sm.Config{AckEvery: 8}))
		if r := sm.ResumptionOf(bob.sess, st); !r.Resumed {
			t.Fatalf("not resumed: %+v", r)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	bob.wait(n, 0)
	time.Sleep(50 * time.Millisecond) // duplicates would arrive now
	got := bob.wait(n, 0)
	if !slices.Equal(got, numbered(1, n)) {
		var dup, lost []string
		seen := map[string]int{}
		for _, b := range got {
			if seen[b]++; seen[b] == 2 {
				dup = append(dup, b)
			}
		}
		for _, w := range numbered(1, n) {
			if seen[w] == 0 {
				lost = append(lost, w)
			}
		}
		t.Fatalf("bob got %d messages: lost %v, duplicated %v, or out of order", len(got), lost, dup)
	}
	if st := srv.DeliveryStats(); st.Dropped != 0 || st.Bounced != 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestFault_ResumeRacesExpiry: as TestFault_ResumeChurn, with a window so
// short that some resumptions come after it passed (the stream's
// unacknowledged messages and its resource's queue then go to offline
// storage, and the client binds afresh and comes back online for them)
// and some race with it. Every message arrives: once if it was never
// written to a connection that dropped, possibly twice if it was and the
// client could not acknowledge it (XEP-0198 §4); none is bounced.
func TestFault_ResumeRacesExpiry(t *testing.T) {
	const n, cuts = 300, 10
	srv := newServer(t, server.Config{ResumeWindow: 20 * time.Millisecond, MaxOfflineMessages: 10 * n})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	alice := newSMClient(t, srv, "alice", "desk")
	cfg := sm.Config{AckEvery: 8}
	bob := newSMClient(t, srv, "bob", "phone", cfg)
	sendPresence(t, bob)
	waitFor(t, "bob available", func() bool { return server.Available(srv, "bob") })
	sent := sendNumbered(ctx, alice, bob, n, 8)
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	resumed, fresh := 0, 0
	for range cuts {
		time.Sleep(time.Duration(rnd.IntN(3000)) * time.Microsecond)
		st := bob.kill()
		time.Sleep(time.Duration(rnd.IntN(40)) * time.Millisecond) // about the window
		bob.connect(sm.ResumeFeature(st, cfg), xmpp.BindResource(), sm.Feature(cfg))
		if sm.ResumptionOf(bob.sess, st).Resumed {
			resumed++
			continue
		}
		fresh++
		if _, err := sm.WaitEnabled(ctx, bob.sess); err != nil {
			t.Fatal(err)
		}
		sendPresence(t, bob)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		bob.mu.Lock()
		seen := map[string]bool{}
		for _, b := range bob.bodies {
			seen[b] = true
		}
		errs := bob.errs
		bob.mu.Unlock()
		var lost []string
		for _, w := range numbered(1, n) {
			if !seen[w] {
				lost = append(lost, w)
			}
		}
		if len(lost) == 0 {
			break
		}
		if time.Now().After(deadline) {
			alice.mu.Lock()
			aerrs := alice.errs
			alice.mu.Unlock()
			t.Fatalf("%d resumed, %d fresh: lost %v (bob %d errors, alice %d); stats %+v", resumed, fresh, lost, errs, aerrs, srv.DeliveryStats())
		}
		time.Sleep(10 * time.Millisecond)
	}
	alice.mu.Lock()
	defer alice.mu.Unlock()
	if alice.errs != 0 {
		t.Errorf("alice got %d errors", alice.errs)
	}
	t.Logf("%d resumed, %d fresh", resumed, fresh)
}

// sendNumbered sends n chat messages numbered from 1 from alice to bob's
// bare JID, pausing a millisecond after every every-th to spread them over
// the cuts, and reports the first error (or nil once all are sent).
func sendNumbered(ctx context.Context, alice, bob *smClient, n, every int) <-chan error {
	sent := make(chan error, 1)
	go func() {
		for i := 1; i <= n; i++ {
			if err := alice.sess.Send(ctx, message.Chat(bob.jid.Bare(), strconv.Itoa(i))); err != nil {
				sent <- err
				return
			}
			if i%every == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		sent <- nil
	}()
	return sent
}
