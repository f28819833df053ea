package sm_test

import (
	"errors"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

var errCut = errors.New("connection cut by the test")

// cutConn is a client's end of a connection that dies once it has
// written a given number of bytes after arm: the write that crosses the
// mark writes its bytes up to it, then the connection closes, so the cut
// lands inside a stanza, between two, or inside an <r/>.
type cutConn struct {
	net.Conn
	mu   sync.Mutex
	left int // bytes that may still pass; negative: not armed
	cut  bool
}

func (c *cutConn) arm(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.left = n
}

func (c *cutConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.cut {
		c.mu.Unlock()
		return 0, errCut
	}
	if c.left < 0 || len(p) <= c.left {
		if c.left >= 0 {
			c.left -= len(p)
		}
		c.mu.Unlock()
		return c.Conn.Write(p)
	}
	n := c.left
	c.cut = true
	c.mu.Unlock()
	if n > 0 {
		n, _ = c.Conn.Write(p[:n])
	}
	_ = c.Conn.Close()
	return n, errCut
}

// TestSendAcceptedSurvivesCut: every stanza sm.Send accepted (nil error)
// reaches the server exactly once, in order, when the connection dies at
// any point of what it writes: before the stanza left (the write that
// carries it fails, and the send, whose stanza stream management copied,
// returns nil anyway), halfway through it, or after it but before the
// server's acknowledgement. The stanzas whose send failed are sent again
// by the test, as package client's caller does, on the resumed stream.
func TestSendAcceptedSurvivesCut(t *testing.T) {
	const total = 80
	for _, at := range []int{0, 1, 40, 133, 250, 700, 1500, 4000} {
		t.Run(strconv.Itoa(at), func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{})
			got := newBodies()
			r.handler = got
			resumer := sm.NewResumer(sm.Config{AckEvery: 8})
			features := func() []xmpp.StreamFeature { return append(resumer.Features(), xmpp.BindResource()) }
			c, s := net.Pipe()
			cc := &cutConn{Conn: c, left: -1}
			cn, err := r.connectOver(cc, s, "", xmpp.Config{}, features()...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := ctx5(t)
			if _, err := sm.WaitEnabled(ctx, cn.client); err != nil {
				t.Fatal(err)
			}
			if resumer.Resumed(cn.client) {
				t.Fatal("first session resumed")
			}
			cc.arm(at)
			next := 1
			for ; next <= total; next++ {
				if _, err := sm.Send(ctx, cn.client, msg(next)); err != nil {
					if errors.Is(err, sm.ErrQueueFull) {
						t.Fatalf("message %d: %v", next, err)
					}
					break // not accepted: sent again below
				}
			}
			if next > total {
				// Every send was accepted before the session noticed
				// the cut: it ends at the next write.
				_ = cc.Conn.Close()
			}
			select {
			case <-cn.client.Done():
			case <-time.After(5 * time.Second):
				t.Fatal("the client's session did not end")
			}
			in, out, acked, _ := sm.Counts(cn.client)
			t.Logf("first stream: %d accepted, counts in %d out %d acked %d", next-1, in, out, acked)
			var again *conn
			for attempt := 0; again == nil; attempt++ {
				// The server may still hold the old stream's session: a
				// resumption attempt can race its end.
				again, err = r.connect("", xmpp.Config{}, features()...)
				if err != nil && attempt == 20 {
					t.Fatal(err)
				}
			}
			if !resumer.Resumed(again.client) {
				t.Fatalf("not resumed: %v", sm.ResumptionOf(again.client, nil).Err)
			}
			if lost := resumer.Lost(); len(lost) != 0 {
				t.Fatalf("%d reported lost", len(lost))
			}
			for ; next <= total; next++ {
				if _, err := sm.Send(ctx, again.client, msg(next)); err != nil {
					t.Fatalf("message %d on the resumed stream: %v", next, err)
				}
			}
			var want []string
			for i := 1; i <= total; i++ {
				want = append(want, msg(i).Body(""))
			}
			got.wait(t, total)
			time.Sleep(20 * time.Millisecond) // a duplicate would show now
			if g := got.wait(t, total); !slices.Equal(g, want) {
				t.Fatalf("server got %v, want 1..%d once each, in order", g, total)
			}
		})
	}
}
