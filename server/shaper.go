package server

import (
	"context"
	"sync"
	"time"
)

// shaper paces what one session may make the server route: a token
// bucket of bytes (Config.ShapeRate per second, up to Config.ShapeBurst),
// where each stanza costs its size but at least minStanzaCost, so that a
// flood of tiny stanzas is paced too. A session over its rate waits in its
// own handler; its handler queue then fills and the session stops reading
// its socket, which pushes back on the sender alone. Others' stanzas are
// not held up, and a flood takes no more than its share of the server.
type shaper struct {
	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// minStanzaCost is what a stanza costs at least: routing one costs about
// as much as copying this many bytes.
const minStanzaCost = 1024

// wait takes n bytes' worth from the bucket, waiting for them if it is
// empty (or until ctx is done). now is the caller's clock reading, taken
// before the call.
func (sh *shaper) wait(ctx context.Context, now time.Time, n int, rate, burst int) {
	n = max(n, minStanzaCost)
	sh.mu.Lock()
	switch d := now.Sub(sh.last); {
	case sh.last.IsZero():
		sh.tokens, sh.last = float64(burst), now
	case d > 0:
		// A reading taken before another caller's, which got the lock
		// first, adds nothing, nor moves last back.
		sh.tokens, sh.last = min(float64(burst), sh.tokens+float64(rate)*d.Seconds()), now
	}
	sh.tokens -= float64(n)
	debt := -sh.tokens
	sh.mu.Unlock()
	if debt <= 0 {
		return
	}
	t := time.NewTimer(time.Duration(debt / float64(rate) * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
