package server_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stream"
)

// TestConflictBeforeAttach replaces a session after it was bound but
// before the server attached it (a transport's receive function has not
// returned yet): the replaced session still ends with conflict instead of
// staying connected to nothing.
func TestConflictBeforeAttach(t *testing.T) {
	srv := newServer(t, server.Config{})
	clientEnd, serverEnd := net.Pipe()
	replaced := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
			cfg.InsecureAssumeSecure = true
			sess, err := xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
			if err == nil {
				<-replaced // hold the session back until the other login
			}
			return sess, err
		})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	first, err := xmpp.NewClientSession(ctx, jid.MustParse("alice@example.test/phone"), clientEnd,
		xmpp.Config{InsecureAssumeSecure: true}, xmpp.SASL("", testUsers["alice"]), xmpp.BindResource())
	if err != nil {
		close(replaced)
		t.Fatal(err)
	}
	second := login(t, srv, "alice", "phone")
	close(replaced)
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the replaced session is still open")
	}
	if err := first.Err(); !errors.Is(err, stream.Conflict) {
		t.Errorf("replaced session ended with %v, want conflict", err)
	}
	if err := <-served; err != nil {
		t.Errorf("ServeTransport: %v", err)
	}
	second.online()
}
