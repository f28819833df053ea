package xmpptest_test

import (
	"fmt"
	"io"
	"net"

	"github.com/canto-im/xmpp/xmpptest"
)

// A TripConn counts a read that answers a write as a round trip, from
// Start on.
func ExampleTripConn() {
	client, server := net.Pipe()
	defer server.Close()
	go func() { // an echo server
		buf := make([]byte, 8)
		for {
			n, err := server.Read(buf)
			if err != nil {
				return
			}
			_, _ = server.Write(buf[:n])
		}
	}()
	c := &xmpptest.TripConn{Conn: client}
	c.Start()
	buf := make([]byte, 4)
	for range 3 {
		_, _ = c.Write([]byte("ping"))
		_, _ = io.ReadFull(c, buf)
	}
	fmt.Println(c.Count(), "round trips")
	_ = c.Close()
	// Output: 3 round trips
}
