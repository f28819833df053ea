package xmpp_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// countingConn counts the writes made to a connection.
type countingConn struct {
	net.Conn
	writes atomic.Int32
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestReceivingSideWrites: the receiving side sends its stream header and
// its features in one write, in each of the two rounds of a PLAIN login:
// header and features, <success/>; header and features, the bind result.
func TestReceivingSideWrites(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a, b := net.Pipe()
	counted := &countingConn{Conn: b}
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), counted, xmpp.Config{InsecureAssumeSecure: true},
			xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
			xmpp.BindResource())
		done <- result{s, err}
	}()
	client, err := xmpp.NewClientSession(ctx, jid.MustParse("a@example.net"), a, xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASL("", "pw", sasl.Plain), xmpp.BindResource())
	r := <-done
	if err != nil || r.err != nil {
		t.Fatalf("negotiation: client %v, server %v", err, r.err)
	}
	if got := counted.writes.Load(); got != 4 {
		t.Errorf("the receiving side negotiated in %d writes, want 4", got)
	}
	_ = client.Close(ctx)
	_ = r.s.Close(ctx)
}
