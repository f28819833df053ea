package xmpp

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net"
	"testing"
	"time"
)

// tcpConns returns the two ends of a loopback TCP connection.
func tcpConns(t *testing.T) (a, b net.Conn) {
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
	a, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b = <-accepted
	if b == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// TestTryWriterOnlyPlainSockets: only a socket whose Write is a plain
// write(2) of the same bytes is written through; anything that transforms
// or records what is written keeps going through a writer goroutine.
func TestTryWriterOnlyPlainSockets(t *testing.T) {
	tcp, _ := tcpConns(t)
	p1, p2 := net.Pipe()
	defer p1.Close()
	defer p2.Close()
	for _, tc := range []struct {
		name string
		dst  io.Writer
		want bool
	}{
		{"tcp", tcp, true},
		{"pipe", p1, false},
		{"tls over tcp", tls.Client(tcp, &tls.Config{}), false},
		{"raw log", io.MultiWriter(tcp, io.Discard), false},
		{"buffer", new(bytes.Buffer), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := newOutbox(tc.dst).try != nil; got != tc.want {
				t.Fatalf("written through: %v, want %v", got, tc.want)
			}
		})
	}
}

// TestWriteThroughDoesNotWait: when the socket takes nothing more (the
// peer does not read), writeThrough returns at once and a writer goroutine
// sends the rest; once the peer reads, every byte arrives, in order.
func TestWriteThroughDoesNotWait(t *testing.T) {
	a, b := tcpConns(t)
	o := newOutbox(a)
	if o.try == nil {
		t.Fatal("no tryWriter on a TCP connection")
	}
	var sent []byte
	next := byte(0)
	chunk := func(n int) []byte {
		p := make([]byte, n)
		for i := range p {
			p[i] = next
			next = (next + 1) % 251
		}
		return p
	}
	// Fill the socket's buffers without waiting, as the peer reads nothing.
	for {
		p := chunk(64 << 10)
		n := o.try.write(p)
		sent = append(sent, p[:n]...)
		if n < len(p) {
			next = byte(len(sent) % 251) // continue the pattern after what left
			break
		}
		if len(sent) > 256<<20 {
			t.Fatal("the socket never filled")
		}
	}
	for range 3 {
		p := chunk(1000)
		if _, err := o.Write(p); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, p...)
		returned := make(chan struct{})
		go func() {
			o.writeThrough()
			close(returned)
		}()
		select {
		case <-returned:
		case <-time.After(5 * time.Second):
			t.Fatal("writeThrough waited for the socket")
		}
	}
	o.mu.Lock()
	inflight := o.inflight
	o.mu.Unlock()
	if !inflight {
		t.Fatal("no writer goroutine took what the socket did not")
	}
	got := make(chan []byte, 1)
	go func() {
		buf := make([]byte, len(sent))
		_, err := io.ReadFull(b, buf)
		if err != nil {
			t.Error(err)
		}
		got <- buf
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.drain(ctx); err != nil {
		t.Fatal(err)
	}
	if g := <-got; !bytes.Equal(g, sent) {
		i := 0
		for i < len(g) && g[i] == sent[i] {
			i++
		}
		t.Fatalf("received bytes differ from those sent at offset %d of %d", i, len(sent))
	}
}
