package xmpp

import (
	"context"
	"errors"
	"testing"
	"time"
)

// stuckTransport is a transport whose writes wait until released, as they
// do when the peer does not read; entered is told of each write.
type stuckTransport struct {
	entered chan struct{}
	release chan struct{}
}

func (s *stuckTransport) Write(p []byte) (int, error) {
	s.entered <- struct{}{}
	<-s.release
	return len(p), nil
}

// TestWaitRoomPeerGone: once the peer has closed its stream, a sender that
// would wait for room in the outbox fails with ErrClosed, whether it was
// waiting already or comes later; one that finds room goes on.
func TestWaitRoomPeerGone(t *testing.T) {
	for _, tc := range []struct {
		name      string
		full      bool // the outbox is full (the transport write is stuck)
		stopFirst bool // stopWaiting before the sender comes
		want      error
	}{
		{"waiting sender fails", true, false, ErrClosed},
		{"later sender fails", true, true, ErrClosed},
		{"sender with room goes on", false, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := &stuckTransport{entered: make(chan struct{}, 2), release: make(chan struct{})}
			o := newOutbox(tr)
			defer func() {
				close(tr.release)
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := o.drain(ctx); err != nil {
					t.Error(err)
				}
			}()
			if tc.full {
				// The writer takes one byte and is stuck with it; then
				// the outbox fills behind it.
				write(t, o, []byte{'<'})
				o.kick()
				<-tr.entered
				write(t, o, make([]byte, outboxLimit))
			}
			if tc.stopFirst {
				o.stopWaiting()
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			got := make(chan error, 1)
			go func() { got <- o.waitRoom(ctx) }()
			if !tc.stopFirst {
				o.stopWaiting()
			}
			select {
			case err := <-got:
				if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
					t.Fatalf("waitRoom returned %v, want %v", err, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("waitRoom still waits after the peer closed its stream")
			}
		})
	}
}

func write(t *testing.T, o *outbox, p []byte) {
	t.Helper()
	if _, err := o.Write(p); err != nil {
		t.Fatal(err)
	}
}
