package server_test

import (
	"sync/atomic"
	"time"
)

// lagProbe measures how late this process's goroutines get to run: a
// goroutine sleeps lagTick at a time and records the longest overshoot.
// On a shared machine that starves the test process (other processes'
// CPU, a GC pause), every message in flight waits that long at each of
// its goroutine hops, and a backlog builds behind it; a server that
// stalls its users itself (a sender waiting on another's socket, a lock
// held across a write) delays messages while the probe runs on time.
type lagProbe struct {
	max  atomic.Int64
	stop chan struct{}
	done chan struct{}
}

const lagTick = 5 * time.Millisecond

func startLagProbe() *lagProbe {
	p := &lagProbe{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.stop:
				return
			default:
			}
			t0 := time.Now()
			time.Sleep(lagTick)
			if l := int64(time.Since(t0) - lagTick); l > p.max.Load() {
				p.max.Store(l)
			}
		}
	}()
	return p
}

// end stops the probe and returns the longest lag it saw.
func (p *lagProbe) end() time.Duration {
	close(p.stop)
	<-p.done
	return time.Duration(p.max.Load())
}
