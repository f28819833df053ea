package xmpp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp/stanza"
)

// TestSendCloseWithin: the read loop's answer to the peer's closing tag
// (peerClosed) is bounded by a timeout rather than by a context: the wait
// for the write lock and the wait for the outbox to reach a peer that
// does not read both end once it has passed, and a closing tag that went
// first needs no wait.
func TestSendCloseWithin(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sent   bool // this side's closing tag went first
		locked bool // another writer holds the write lock
		stuck  bool // the outbox's writer is stuck in a transport write
	}{
		{"closing tag sent before", true, false, false},
		{"write lock held", false, true, false},
		{"outbox not written", false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := net.Pipe()
			defer c.Close()
			s := newSession(c, Config{}, stanza.NSClient)
			tr := &stuckTransport{entered: make(chan struct{}, 4), release: make(chan struct{})}
			defer close(tr.release)
			s.boxStore.init(tr)
			s.w.SetOutput(&s.boxStore)
			s.box = &s.boxStore
			s.outClosed = tc.sent
			if tc.stuck {
				write(t, s.box, []byte{'<'})
				s.box.kick()
				<-tr.entered
			}
			if tc.locked {
				s.wl.lock(nil, nil)
			}
			done := make(chan error, 1)
			go func() { done <- s.sendCloseWithin(10 * time.Millisecond) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("sendCloseWithin still waits after its timeout")
			}
			if tc.sent && err != nil {
				t.Fatalf("sendCloseWithin returned %v", err)
			}
			if !tc.sent && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("sendCloseWithin returned %v, want context.DeadlineExceeded", err)
			}
		})
	}
}
