package xmpptest

import (
	"net"
	"sync"
	"time"
)

// TripConn counts the round trips a client makes over Conn: a read that
// returns data after the client wrote is one. Counting begins at Start,
// so that what comes before (a TLS handshake) can be left out. With RTT
// set, each such read is delayed by it, to simulate a distant server.
type TripConn struct {
	net.Conn
	RTT time.Duration

	mu      sync.Mutex
	wrote   bool
	trips   int
	counted bool
}

// Write notes that the client wrote.
func (c *TripConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.wrote = true
	c.mu.Unlock()
	return c.Conn.Write(p)
}

// Read counts a round trip when data answers a write.
func (c *TripConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	trip := n > 0 && c.wrote
	if trip && c.counted {
		c.trips++
	}
	c.wrote = false
	c.mu.Unlock()
	if trip && c.RTT > 0 {
		time.Sleep(c.RTT)
	}
	return n, err
}

// Start begins counting from zero.
func (c *TripConn) Start() {
	c.mu.Lock()
	c.counted, c.trips, c.wrote = true, 0, false
	c.mu.Unlock()
}

// Count returns the round trips counted since Start.
func (c *TripConn) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trips
}
