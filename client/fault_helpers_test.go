package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// faults is a test transport that kills TCP connections on demand: a
// net dialer whose connections can be cut after a given number of bytes,
// read and written together, so that the cut lands anywhere in the
// stream: inside a stanza, inside an <a/>, during the negotiation of the
// next connection.
type faults struct {
	mu    sync.Mutex
	rnd   *rand.Rand
	cur   map[string]*faultConn // the latest connection of each client
	next  map[string]int64      // a budget for the next connection of a client
	kills map[string][]time.Time
	total int
}

func newFaults(seed uint64) *faults {
	return &faults{
		rnd:   rand.New(rand.NewPCG(seed, seed^0x5eed)),
		cur:   map[string]*faultConn{},
		next:  map[string]int64{},
		kills: map[string][]time.Time{},
	}
}

// dialer returns the NetDialer for the client named name.
func (f *faults) dialer(name string) faultDialer { return faultDialer{f: f, name: name} }

type faultDialer struct {
	f    *faults
	name string
}

func (d faultDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	fc := &faultConn{Conn: c, f: d.f, name: d.name}
	d.f.mu.Lock()
	budget, ok := d.f.next[d.name]
	delete(d.f.next, d.name)
	d.f.cur[d.name] = fc
	d.f.mu.Unlock()
	fc.left.Store(-1)
	if ok {
		fc.left.Store(budget)
	}
	return fc, nil
}

// cut arms the current connection of name to die after a random number
// of bytes below within, and reports whether there was one to arm.
func (f *faults) cut(name string, within int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.cur[name]
	if c == nil || c.dead.Load() || c.left.Load() >= 0 {
		return false
	}
	c.left.Store(f.rnd.Int64N(within))
	return true
}

// cutNext arms the next connection of name to die after a random number
// of bytes below within: during its negotiation (TLS, SASL, <resume/>) or
// right after, while it sends again what was not acknowledged.
func (f *faults) cutNext(name string, within int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next[name] = f.rnd.Int64N(within)
}

// killed records a connection's death.
func (f *faults) killed(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.kills[name] = append(f.kills[name], time.Now())
	f.total++
}

// count returns how many connections were killed.
func (f *faults) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}

var errKilled = errors.New("fault injected: connection killed")

// faultConn is a connection that dies once it has carried left more bytes
// (negative: never), in the middle of a read or write if need be.
type faultConn struct {
	net.Conn
	f    *faults
	name string
	mu   sync.Mutex // serialises the budget between reads and writes
	left atomic.Int64
	dead atomic.Bool
}

// take returns how many of n bytes may pass, and whether the connection
// dies after them.
func (c *faultConn) take(n int) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	left := c.left.Load()
	if left < 0 {
		return n, false
	}
	if int64(n) < left {
		c.left.Store(left - int64(n))
		return n, false
	}
	c.left.Store(0)
	return int(left), true
}

func (c *faultConn) kill() {
	if c.dead.CompareAndSwap(false, true) {
		_ = c.Conn.Close()
		c.f.killed(c.name)
	}
}

func (c *faultConn) Read(p []byte) (int, error) {
	if c.dead.Load() {
		return 0, errKilled
	}
	n, err := c.Conn.Read(p)
	if n > 0 {
		ok, die := c.take(n)
		if die {
			c.kill()
			return ok, errKilled
		}
	}
	return n, err
}

func (c *faultConn) Write(p []byte) (int, error) {
	if c.dead.Load() {
		return 0, errKilled
	}
	ok, die := c.take(len(p))
	if !die {
		return c.Conn.Write(p)
	}
	n, _ := c.Conn.Write(p[:ok])
	c.kill()
	return n, errKilled
}
