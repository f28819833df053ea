package xmpp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp/stanza"
)

// TestSendCloseWaitingContext: the read loop's closing tag (peerClosed)
// makes its timeout's context only when it has to wait, for the write lock
// or for the outbox to reach a peer that does not read, and not when this
// side's closing tag went first (the peer answered it); when it waits,
// that context bounds the wait. A cancelled context stands for the
// timeout here: sendCloseWaiting must return with its error at once.
func TestSendCloseWaitingContext(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sent     bool // this side's closing tag went first
		locked   bool // another writer holds the write lock
		stuck    bool // the outbox's writer is stuck in a transport write
		wantCall bool
	}{
		{"closing tag sent before", true, false, false, false},
		{"write lock held", false, true, false, true},
		{"outbox not written", false, false, true, true},
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
				s.wsem <- struct{}{}
			}
			called := false
			done := make(chan error, 1)
			go func() {
				done <- s.sendCloseWaiting(func() context.Context {
					called = true
					ctx, cancel := context.WithCancel(context.Background())
					cancel()
					return ctx
				})
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("sendCloseWaiting still waits: its context does not bound the wait")
			}
			if called != tc.wantCall {
				t.Fatalf("context made: %v, want %v", called, tc.wantCall)
			}
			if tc.wantCall && !errors.Is(err, context.Canceled) {
				t.Fatalf("sendCloseWaiting returned %v, want context.Canceled", err)
			}
			if !tc.wantCall && err != nil {
				t.Fatalf("sendCloseWaiting returned %v", err)
			}
		})
	}
}
