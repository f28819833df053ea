package xmpp

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"testing"
	"time"
)

// An outbox that went idle after a burst larger than idleKeep lets its
// buffers go, yet grows its buffer for the next burst to the last one's
// size at once, rather than by doubling from nothing: stream
// management's sender goes idle between bursts whenever it waits for an
// acknowledgement.
func TestOutboxBurstHint(t *testing.T) {
	o := newOutbox(io.Discard)
	chunk := bytes.Repeat([]byte("m"), 120)
	// grown counts the times the buffer grew while a burst was written
	// into o (its capacity changed): counted in o itself, not from the
	// process's allocation count, which other goroutines move too.
	var grown uint64
	burst := func() {
		grown = 0
		o.mu.Lock()
		last := cap(o.buf)
		o.mu.Unlock()
		for range 5 * idleKeep / len(chunk) {
			if _, err := o.Write(chunk); err != nil {
				t.Fatal(err)
			}
			o.mu.Lock()
			if c := cap(o.buf); c != last {
				grown, last = grown+1, c
			}
			o.mu.Unlock()
		}
		o.kick()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := o.drain(ctx); err != nil {
			t.Fatal(err)
		}
	}
	burst()
	for i, most := range []uint64{2, 2, 1} {
		if i == 2 {
			// The pool loses the burst's buffers: one is made at the
			// size of the last burst.
			runtime.GC()
			runtime.GC()
		}
		burst()
		// The pool may hand back the last burst's buffer, a little under
		// the hint, which then grows once more (doubling from nothing
		// takes 4 or more). In race builds sync.Pool hands out at random
		// (or nothing): the counts are checked outside them.
		if grown > most && !raceEnabled {
			t.Errorf("burst %d: the buffer grew %d times, want at most %d", i+2, grown, most)
		}
	}
	// A few bytes between bursts (a sender that waited for an
	// acknowledgement, then sent one stanza) do not make the next burst
	// grow from nothing.
	for i := range 3 {
		if _, err := o.Write(chunk); err != nil {
			t.Fatal(err)
		}
		o.kick()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := o.drain(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		burst()
		if grown > 2 && !raceEnabled {
			t.Errorf("burst %d after a small one: the buffer grew %d times, want at most 2", i+1, grown)
		}
	}
	o.mu.Lock()
	kept := cap(o.buf) + cap(o.spare)
	o.mu.Unlock()
	if kept > 2*idleKeep {
		t.Errorf("an idle outbox keeps %d bytes", kept)
	}
}
