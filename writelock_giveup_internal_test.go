package xmpp

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

// A holder of the write lock leaves the flush to a writer waiting for it
// (bursts share one write). If that writer gives up waiting between the
// holder's look and its letting go, the writer finds the lock still held
// and cannot flush, so the holder must: nothing may stay in the buffer
// with no writer left to send it. The race is narrow; many rounds make
// the old code fail (10 of 12 runs, at round 4,600 to 270,000). The race
// detector makes a round about 7 times slower and the race far likelier
// (the old code failed in each of 35 runs by round 16,200), so under it
// a tenth of the rounds do.
func TestUnlockWriteFlushesForAWaiterThatGaveUp(t *testing.T) {
	var out bytes.Buffer
	s := newSession(struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(nil), &out}, Config{}, stanza.NSClient)
	defer s.ctx.end()
	// The holder and the giver-up must run at once, each on its own
	// thread: with two threads the race showed about once in 2,000,000
	// rounds, with four about once in 200,000.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	rounds := 400000
	if raceEnabled {
		rounds /= 10
	}
	for round := range rounds {
		if !s.wl.tryLock() {
			t.Fatal("the lock is held")
		}
		if err := s.w.WriteRaw([]byte("<x/>")); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		waited := make(chan error, 1)
		go func() { waited <- s.lockWrite(ctx) }()
		for s.wl.waiters.Load() == 0 {
			runtime.Gosched()
		}
		go cancel() // the waiter gives up as the holder lets go
		_ = s.unlockWrite()
		if err := <-waited; err == nil {
			_ = s.unlockWrite() // handed the lock: it flushes as it lets go
		}
		cancel()
		if n := s.w.Buffered(); n != 0 {
			t.Fatalf("round %d: %d bytes left in the buffer, unflushed", round, n)
		}
	}
}
