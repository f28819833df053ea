package xmpp

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// TestOutboxWait: over net.Pipe, kickWait writes an idle outbox's bytes
// from the calling goroutine while the peer reads; when the peer stops
// reading, partway through or before the first byte, the caller returns
// after waitBound and a writer goroutine sends the rest once the peer
// reads again, in order, with the write deadline cleared; a transport
// other than net.Pipe is never written that way.
func TestOutboxWait(t *testing.T) {
	for _, tc := range []struct {
		name    string
		size    int
		readNow int // bytes the peer reads before it stalls; -1: all
		through bool
	}{
		{"peer reads", 100, -1, true},
		{"peer stalls before the first byte", 100, 0, false},
		{"peer stalls partway", 1000, 10, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, peer := net.Pipe()
			defer c.Close()
			defer peer.Close()
			o := newOutbox(c)
			if o.wait == nil {
				t.Fatal("no caller write on net.Pipe")
			}
			want := bytes.Repeat([]byte("<iq/>"), tc.size/5)
			got := make(chan []byte, 1)
			first := len(want)
			if tc.readNow >= 0 {
				first = tc.readNow
			}
			resume := make(chan struct{})
			go func() {
				b := make([]byte, len(want))
				io.ReadFull(peer, b[:first])
				<-resume
				io.ReadFull(peer, b[first:])
				got <- b
			}()
			if _, err := o.Write(want); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			o.kickWait()
			if d := time.Since(start); d > time.Second {
				t.Fatalf("kickWait waited %v for a stalled peer", d)
			}
			o.mu.Lock()
			idle := !o.inflight && len(o.buf) == 0
			o.mu.Unlock()
			if idle != tc.through {
				t.Fatalf("written through: %v, want %v", idle, tc.through)
			}
			close(resume)
			if b := <-got; !bytes.Equal(b, want) {
				t.Fatal("bytes arrived out of order or changed")
			}
			if err := o.drain(t.Context()); err != nil {
				t.Fatal(err)
			}
			// The deadline is gone: the next write goes through.
			go io.ReadFull(peer, make([]byte, 5))
			if _, err := o.Write([]byte("<iq/>")); err != nil {
				t.Fatal(err)
			}
			o.kickWait()
			if err := o.drain(t.Context()); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("TCP", func(t *testing.T) {
		c, _ := loopbackPair(t)
		if o := newOutbox(c); o.wait != nil {
			t.Fatal("a caller write on a socket, which has a non-blocking write instead")
		}
	})
}
