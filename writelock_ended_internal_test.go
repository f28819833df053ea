package xmpp

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

// A writer whose context has ended already, finding the write lock held,
// fails at once: it neither counts as a waiter (the holder would leave
// its flush to it) nor moves reading off a handler running on the read
// loop, as a writer about to wait does. (Before, it did both.)
func TestLockWriteEndedContextFailsAtOnce(t *testing.T) {
	r, w := io.Pipe() // nothing arrives: a read loop started here would wait
	defer w.Close()
	s := newSession(struct {
		io.Reader
		io.Writer
	}{r, io.Discard}, Config{}, stanza.NSClient)
	defer s.ctx.end()
	if !s.wl.tryLock() {
		t.Fatal("the lock is held")
	}
	const seq = 7
	s.inline.Store(seq) // a handler runs on the read loop
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.lockWrite(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("lockWrite: %v, want context.Canceled", err)
	}
	if n := s.inline.Load(); n != seq {
		t.Errorf("reading moved off the handler's read loop (inline %d, want %d)", n, seq)
	}
	if n := s.wl.waiters.Load(); n != 0 {
		t.Errorf("%d waiters left, want 0", n)
	}
}
