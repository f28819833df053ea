package interop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stream"
)

// TestStreamConflict logs in twice with the same full JID. Both servers
// resolve the conflict by ending the older stream with a <conflict/>
// stream error (RFC 6120 §4.9.3.3, §7.7.2.2): the first session must end
// with that error, promptly, and close without hanging, while the second
// works on. Goroutine leaks are caught by TestMain.
func TestStreamConflict(t *testing.T) {
	eachServer(t, func(t *testing.T, srv *server) {
		first, second := replaced(t, srv)
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		// What Send and SendIQ return now is in TestKnownFailures.
		closed := make(chan error, 1)
		go func() { closed <- first.Close(ctx) }()
		select {
		case err := <-closed:
			t.Logf("Close on the ended session: %v", err)
		case <-time.After(5 * time.Second):
			t.Fatal("Close on the ended session hangs")
		}
		if _, err := ping.Send(ctx, second.Session, jid.JID{}); err != nil {
			t.Errorf("ping on the second session: %v", err)
		}
	})
}

// replaced logs in twice as the same full JID and returns the first
// session, ended by the server with a conflict, and the second.
func replaced(t *testing.T, srv *server) (first, second *session) {
	t.Helper()
	resource := "twin-" + randomString()
	first = srv.loginAs(t, "carol", resource, nil)
	second = srv.loginAs(t, "carol", resource, nil)
	if first.LocalAddr() != second.LocalAddr() {
		t.Fatalf("bound %v and %v, want the same full JID", first.LocalAddr(), second.LocalAddr())
	}
	select {
	case <-first.Done():
	case <-time.After(testTimeout):
		t.Fatal("the first session is still running")
	}
	if err := first.Err(); !errors.Is(err, stream.Conflict) {
		t.Fatalf("first session ended with %v, want %v", err, stream.Conflict)
	}
	t.Logf("first session ended: %v", first.Err())
	return first, second
}
