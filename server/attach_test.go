package server_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
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

// TestIQBeforeAttach routes a request to a resource that is bound but not
// yet attached to its session: it waits in the resource's queue and is
// answered once the session runs, instead of failing with
// service-unavailable.
func TestIQBeforeAttach(t *testing.T) {
	srv := newServer(t, server.Config{})
	clientEnd, serverEnd := net.Pipe()
	attach := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(attach) }) }
	defer release()
	served := make(chan error, 1)
	go func() {
		served <- srv.ServeTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
			cfg.InsecureAssumeSecure = true
			sess, err := xmpp.ReceiveClientSession(ctx, location, serverEnd, cfg, features...)
			if err == nil {
				<-attach // hold the session back while the request is routed
			}
			return sess, err
		})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	answering := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindIQ && st.Header.IQType() == stanza.GetIQ {
			return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
		}
		return nil
	})
	alice, err := xmpp.NewClientSession(ctx, jid.MustParse("alice@example.test/phone"), clientEnd,
		xmpp.Config{InsecureAssumeSecure: true, Handler: answering}, xmpp.SASL("", testUsers["alice"]), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	defer alice.Close(ctx)
	bob := login(t, srv, "bob", "desk")
	answered := make(chan error, 1)
	go func() {
		_, err := bob.iq(stanza.GetIQ, "alice@example.test/phone", "<query xmlns='urn:test:before-attach'/>")
		answered <- err
	}()
	select {
	case err := <-answered:
		t.Fatalf("answered before alice's session was attached: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	release()
	if err := <-answered; err != nil {
		t.Errorf("request to a resource bound before its session was attached: %v", err)
	}
}
