package interop

import (
	"context"
	"errors"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
)

// TestErrClosed checks that a session the server ended with a stream
// error refuses further calls with xmpp.ErrClosed.
func TestErrClosed(t *testing.T) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			need(t, srv)
			testErrClosed(t, srv)
		})
	}
}

// testErrClosed checks that calls on a session the server ended return
// xmpp.ErrClosed ("returned by calls on a session whose stream has ended").
func testErrClosed(t *testing.T, srv *server) {
	first, second := replaced(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if _, err := ping.Send(ctx, first.Session, jid.JID{}); !errors.Is(err, xmpp.ErrClosed) {
		t.Errorf("SendIQ on the ended session: got %v, want %v", err, xmpp.ErrClosed)
	}
	if err := first.Send(ctx, chat{to: second.LocalAddr(), body: "still there?"}); !errors.Is(err, xmpp.ErrClosed) {
		t.Errorf("Send on the ended session: got %v, want %v", err, xmpp.ErrClosed)
	}
}
