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
// empty (or until ctx is done).
func (sh *shaper) wait(ctx context.Context, n int, rate, burst int) {
	n = max(n, minStanzaCost)
	sh.mu.Lock()
	now := time.Now()
	if sh.last.IsZero() {
		sh.tokens = float64(burst)
	} else {
		sh.tokens = min(float64(burst), sh.tokens+float64(rate)*now.Sub(sh.last).Seconds())
	}
	sh.last = now
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
