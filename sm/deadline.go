package sm

import (
	"context"
	"sync"
	"time"
)

// deadline is a context that ends at a time, like one from
// context.WithDeadline, but starts no timer until something waits on it:
// the <a/> the read loop sends for every <r/> (every 16 stanzas by
// default) mostly finds the write lock free and room in the outbox, and
// then never looks at its context. A timer and a context per answer were
// a measurable part of stream management's cost.
type deadline struct {
	at     time.Time
	mu     sync.Mutex
	done   chan struct{}
	closed bool
	timer  *time.Timer
}

// withDeadline returns a context ending d from now, and its stop, which
// must be called once the context is no longer used.
func withDeadline(d time.Duration) (*deadline, func()) {
	c := &deadline{at: time.Now().Add(d)}
	return c, c.stop
}

func (c *deadline) Deadline() (time.Time, bool) { return c.at, true }
func (c *deadline) Value(any) any               { return nil }

// Done makes the channel, and the timer that closes it, on the first call.
func (c *deadline) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
		if c.timer == nil && !c.closed {
			c.timer = time.AfterFunc(time.Until(c.at), c.expire)
		}
		if c.closed {
			close(c.done)
		}
	}
	return c.done
}

// Err closes Done itself once the time has come, so that the two agree
// even before the timer fires (or when there is none).
func (c *deadline) Err() error {
	if time.Now().Before(c.at) {
		c.mu.Lock()
		closed := c.closed
		c.mu.Unlock()
		if !closed {
			return nil
		}
		return context.DeadlineExceeded
	}
	c.expire()
	return context.DeadlineExceeded
}

func (c *deadline) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		if c.done != nil {
			close(c.done)
		}
	}
}

func (c *deadline) stop() {
	c.mu.Lock()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
}
