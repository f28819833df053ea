package server_test

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
)

// heldWrites serves clients on a listener of their own whose connections
// the server cannot write to while held: the server's writes wait as they
// do when a client stops reading and its socket buffers are full, but
// from the first byte on, so that a test does not depend on how much the
// kernel buffers (several MiB on loopback, tuned as it goes).
type heldWrites struct {
	net.Listener
	gate atomic.Pointer[chan struct{}] // nil: writes go through
}

// listenHeld has srv serve clients on a new loopback listener whose
// writes can be held; a test's cleanup lets them go.
func listenHeld(t testing.TB, srv *server.Server) *heldWrites {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &heldWrites{Listener: ln}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(h)
	}()
	t.Cleanup(func() {
		h.release()
		_ = srv.Close()
		<-served
	})
	return h
}

// login logs in a counting client through the listener.
func (h *heldWrites) login(t testing.TB, srv *server.Server, user, resource string) *counter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialCounterAt(ctx, h.Addr().String(), srv.Domain().Domainpart(), srv.CertPool(), user, testUsers[user], resource)
	if err != nil {
		t.Fatalf("login %s/%s: %v", user, resource, err)
	}
	// Registered after listenHeld's: runs first, with writes going through.
	t.Cleanup(func() {
		h.release()
		c.close()
	})
	return c
}

// hold makes the server's writes to the listener's clients wait.
func (h *heldWrites) hold() {
	g := make(chan struct{})
	h.gate.Store(&g)
}

// release lets the server's writes go on.
func (h *heldWrites) release() {
	if g := h.gate.Swap(nil); g != nil {
		close(*g)
	}
}

func (h *heldWrites) Accept() (net.Conn, error) {
	c, err := h.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &heldConn{Conn: c, h: h, closed: make(chan struct{})}, nil
}

// heldConn is a connection the server accepted on a heldWrites listener.
// A held write ignores the write deadline; closing the connection ends it.
type heldConn struct {
	net.Conn
	h         *heldWrites
	closeOnce sync.Once
	closed    chan struct{}
}

func (c *heldConn) Write(p []byte) (int, error) {
	if g := c.h.gate.Load(); g != nil {
		select {
		case <-*g:
		case <-c.closed:
			return 0, net.ErrClosed
		}
	}
	return c.Conn.Write(p)
}

func (c *heldConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}
