package xmpp_test

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// silentPipe is a transport that is not a net.Conn: what is written is
// read and dropped, and nothing ever comes to read until it is closed.
type silentPipe struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func newSilentPipe() silentPipe {
	r, w := io.Pipe()
	return silentPipe{r, w}
}

func (p silentPipe) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p silentPipe) Write(b []byte) (int, error) { return len(b), nil }
func (p silentPipe) Close() error                { return p.w.Close() }

// TestCancelAbortsNegotiation cancels negotiations waiting on a peer that
// never answers: over a net.Conn (a past deadline interrupts the read) and
// over another transport (closed), on both sides. Each returns promptly
// with the context's error.
func TestCancelAbortsNegotiation(t *testing.T) {
	origin := jid.MustParse("juliet@example.net/balcony")
	cfg := xmpp.Config{InsecureAssumeSecure: true}
	tests := []struct {
		name      string
		transport func(t *testing.T) io.ReadWriter
		receive   bool
	}{
		{"initiating net.Conn", silentConn, false},
		{"receiving net.Conn", silentConn, true},
		{"initiating other", func(*testing.T) io.ReadWriter { return newSilentPipe() }, false},
		{"receiving other", func(*testing.T) io.ReadWriter { return newSilentPipe() }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			done := make(chan error, 1)
			go func() {
				var err error
				if tc.receive {
					_, err = xmpp.ReceiveClientSession(ctx, origin.Domain(), tc.transport(t), cfg, xmpp.BindResource())
				} else {
					_, err = xmpp.NewClientSession(ctx, origin, tc.transport(t), cfg, xmpp.BindResource())
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("negotiation returned %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("negotiation still waiting 5 s after its context was cancelled")
			}
		})
	}
}

// silentConn is one end of a net.Pipe whose other end reads and drops
// everything and never writes.
func silentConn(t *testing.T) io.ReadWriter {
	a, b := net.Pipe()
	go func() { _, _ = io.Copy(io.Discard, b) }()
	t.Cleanup(func() { a.Close(); b.Close() })
	return a
}
