package xmpp

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// TestOutboxThrough: over TCP, kickThrough writes an idle outbox's bytes to
// the socket itself, with no writer goroutine left running; when the
// socket takes nothing more (the peer does not read) it returns at once
// and a writer goroutine sends the rest once the peer reads, in order; a
// transport without a non-blocking write is written by a writer as before.
// writeThrough (Write and kickThrough in one, from the sender's buffer)
// does the same.
func TestOutboxThrough(t *testing.T) {
	for _, via := range []string{"Write and kickThrough", "writeThrough"} {
		t.Run(via, func(t *testing.T) { testOutboxThrough(t, via == "writeThrough") })
	}
}

func testOutboxThrough(t *testing.T, writeThrough bool) {
	send := func(o *outbox, p []byte) {
		t.Helper()
		if writeThrough {
			if err := o.writeThrough(p); err != nil {
				t.Fatal(err)
			}
			return
		}
		if _, err := o.Write(p); err != nil {
			t.Fatal(err)
		}
		o.kickThrough()
	}
	for _, tc := range []struct {
		name    string
		chunk   int // bytes per kickThrough
		kicks   int
		through bool // every kick is written through, nothing left inflight
	}{
		{"small requests", 100, 20, true},
		{"beyond the socket buffers", 1 << 20, 32, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, peer := loopbackPair(t)
			o := newOutbox(c)
			if o.through == nil {
				t.Fatal("no non-blocking write on a TCP connection")
			}
			var want bytes.Buffer
			leftover := false
			for i := range tc.kicks {
				p := bytes.Repeat([]byte{byte('a' + i%26)}, tc.chunk)
				want.Write(p)
				start := time.Now()
				send(o, p)
				if d := time.Since(start); d > time.Second {
					t.Fatalf("the write waited %v for the socket", d)
				}
				o.mu.Lock()
				idle := !o.inflight && len(o.buf) == 0
				o.mu.Unlock()
				if tc.through && !idle {
					t.Fatalf("kick %d: not written through", i)
				}
				leftover = leftover || !idle
			}
			if !tc.through && !leftover {
				t.Fatal("the socket took every write whole: nothing was left to a writer")
			}
			got := make([]byte, want.Len())
			if _, err := io.ReadFull(peer, got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatal("bytes arrived out of order or changed")
			}
			if err := o.drain(t.Context()); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("wrapped socket", func(t *testing.T) {
		// A wrapper's Write may do more than write (here: count), so the
		// outbox must go through it even though SyscallConn is promoted.
		c, _ := loopbackPair(t)
		w := &countingConn{TCPConn: c.(*net.TCPConn)}
		if o := newOutbox(w); o.through != nil {
			t.Fatal("a non-blocking write that would bypass the wrapper's Write")
		}
	})
	t.Run("net.Pipe", func(t *testing.T) {
		c, peer := net.Pipe()
		defer c.Close()
		defer peer.Close()
		o := newOutbox(c)
		if o.through != nil {
			t.Fatal("a non-blocking write on net.Pipe")
		}
		send(o, []byte("<iq/>")) // returns although nobody reads yet
		got := make([]byte, 5)
		if _, err := io.ReadFull(peer, got); err != nil || string(got) != "<iq/>" {
			t.Fatalf("read %q, %v", got, err)
		}
	})
}

// loopbackPair returns the two ends of a loopback TCP connection.
func loopbackPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return c, s
}

// countingConn wraps a socket and counts what is written through it.
type countingConn struct {
	*net.TCPConn
	n int
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.TCPConn.Write(p)
}
