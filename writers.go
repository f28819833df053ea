package xmpp

import (
	"runtime"
	"sync"
	"time"
)

// The goroutines that write outboxes to their transports are shared by all
// sessions: a writer that has emptied one outbox waits a while for the next
// outbox to write, of any session, before it ends. An outbox writer runs
// once per flush when sessions exchange requests and responses one at a
// time; a fresh goroutine each time grew its stack on every transport write
// (an eighth of the CPU of an IQ round trip over net.Pipe). Idle sessions
// still hold no writer: at most parkedWriters wait, for at most twice
// writerLinger.
//
// A waiting writer waits on a channel of its own, which startWriter hands
// the outbox to, and nothing else: a select that also watched a timer put
// the timer into the runtime's timer heap and took it out again at every
// wait, and a shared channel made each hand-off a select's wake-up (together
// a tenth of the CPU of an IQ round trip over net.Pipe). The linger is a
// timer of each writer's, armed once (see writerG.expire).
var writers struct {
	mu     sync.Mutex
	parked []*writerG // waiting writers, the last one parked last
}

var parkedWriters = 2 * runtime.GOMAXPROCS(0)

// writerLinger is how long a writer waits for more work before it ends
// (up to twice as long: see writerG.expire).
const writerLinger = 200 * time.Millisecond

// writerG is one writer goroutine.
type writerG struct {
	jobs  chan *outbox // the next outbox to write; nil: end
	timer *time.Timer  // runs expire
	// parked reports whether the writer waits in writers.parked; used,
	// whether it was handed work since its timer was last armed; ended,
	// whether it has returned. All are guarded by writers.mu.
	parked, used, ended bool
}

// startWriter runs o.writeAll on a waiting writer, or on a new one.
func startWriter(o *outbox) {
	writers.mu.Lock()
	if n := len(writers.parked); n > 0 {
		w := writers.parked[n-1]
		writers.parked[n-1] = nil
		writers.parked = writers.parked[:n-1]
		w.parked, w.used = false, true
		writers.mu.Unlock()
		w.jobs <- o // buffered: never blocks
		return
	}
	writers.mu.Unlock()
	go writer(o)
}

// writer writes o, then the outboxes it is handed while it waits.
func writer(o *outbox) {
	var w *writerG
	for {
		o.writeAll()
		writers.mu.Lock()
		if len(writers.parked) >= parkedWriters {
			if w != nil {
				w.ended = true // its timer, if running now, is not armed again
				w.timer.Stop()
			}
			writers.mu.Unlock()
			return
		}
		if w == nil {
			w = &writerG{jobs: make(chan *outbox, 1)}
			w.timer = time.AfterFunc(writerLinger, w.expire)
		}
		w.parked = true
		writers.parked = append(writers.parked, w)
		writers.mu.Unlock()
		if o = <-w.jobs; o == nil {
			return
		}
	}
}

// expire runs when w's timer fires: a writer handed work since the timer
// was armed gets another writerLinger; one that has waited all along ends.
// So an idle writer ends between writerLinger and twice that after its
// last work.
func (w *writerG) expire() {
	writers.mu.Lock()
	defer writers.mu.Unlock()
	switch {
	case w.ended:
		return
	case w.used || !w.parked:
		w.used = false
		w.timer.Reset(writerLinger)
		return
	}
	for i, p := range writers.parked {
		if p == w {
			last := len(writers.parked) - 1
			copy(writers.parked[i:], writers.parked[i+1:])
			writers.parked[last] = nil
			writers.parked = writers.parked[:last]
			break
		}
	}
	w.parked, w.ended = false, true
	w.jobs <- nil // buffered, and empty: nothing was handed to a parked writer
}

// parkedCount reports how many writers wait (for tests).
func parkedCount() int {
	writers.mu.Lock()
	defer writers.mu.Unlock()
	return len(writers.parked)
}
