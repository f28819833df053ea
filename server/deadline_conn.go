package server

import (
	"net"
	"sync/atomic"
	"time"
)

// deadlineConn gives every write a deadline, so that a client that stops
// reading loses its connection instead of blocking the goroutines that
// deliver to it.
//
// A write moves the deadline forward only once a quarter of the timeout
// has passed since it was last set, so a stalled write still fails after
// between three quarters of the timeout and all of it. Setting a deadline
// modifies a runtime timer (locks, a heap update): done at every write, it
// cost a routed message about as much as its stanza-id.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
	// base is the monotonic origin of armed.
	base time.Time
	// armed is when the write deadline last set falls, as a duration since
	// base; 0 means a deadline was set from outside (or none yet), which
	// the next write replaces with its own, as it always did.
	//
	// A write stores armed before it sets the deadline and a setter from
	// outside (the session interrupting a negotiation, say) after, so that
	// armed can never claim a write's deadline once an outside one
	// replaced it.
	armed atomic.Int64
}

func newDeadlineConn(c net.Conn, timeout time.Duration) *deadlineConn {
	return &deadlineConn{Conn: c, timeout: timeout, base: time.Now()}
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	now := time.Since(c.base)
	if time.Duration(c.armed.Load())-now < c.timeout-c.timeout/4 {
		at := now + c.timeout
		c.armed.Store(int64(at))
		_ = c.Conn.SetWriteDeadline(c.base.Add(at))
	}
	return c.Conn.Write(p)
}

// SetWriteDeadline sets the deadline for the writes until the next one,
// which replaces it with its own, as net.Conn's does.
func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	err := c.Conn.SetWriteDeadline(t)
	c.armed.Store(0)
	return err
}

// SetDeadline sets both deadlines, as net.Conn's does.
func (c *deadlineConn) SetDeadline(t time.Time) error {
	err := c.Conn.SetDeadline(t)
	c.armed.Store(0)
	return err
}
