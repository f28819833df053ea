package server_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
)

// TestBadInput_FloodIsPaced: a session that floods is read at its
// configured rate (each stanza counting as 1 KiB at least), so that it
// takes no more than its share of the server, while another session's
// requests are answered at once.
func TestBadInput_FloodIsPaced(t *testing.T) {
	srv := newServer(t, server.Config{ShapeRate: 64 << 10, ShapeBurst: 32 << 10})
	alice := loginCounter(t, srv, "alice", "flood")
	bob := loginCounter(t, srv, "bob", "desk")
	carol := loginCounter(t, srv, "carol", "desk")
	const n = 128 // 128 KiB at 1 KiB each: 32 at once, then 1.5 s
	start := time.Now()
	var sent atomic.Int64
	var sendErr atomic.Value
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		for range n {
			if err := alice.chat(ctx, bob.jid, "flood"); err != nil {
				sendErr.Store(err)
				return
			}
			sent.Add(1)
		}
	}()
	time.Sleep(200 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if rtt, err := ping.Send(ctx, carol.sess, srv.Domain()); err != nil || rtt > 500*time.Millisecond {
		t.Errorf("another session's ping during the flood: %v, %v", rtt, err)
	}
	for deadline := time.Now().Add(20 * time.Second); bob.messages.Load() != n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for the flood: bob got %d of %d, alice got %d errors (sent %d, send error %v)",
				bob.messages.Load(), n, alice.errors.Load(), sent.Load(), sendErr.Load())
		}
	}
	took := time.Since(start)
	if took < time.Second {
		t.Errorf("%d stanzas routed in %v, want about 1.5 s at 64 KiB/s", n, took)
	}
	t.Logf("%d stanzas routed in %v", n, took)
}
