package server_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stream"
)

// TestResumeAfterFreshBindKeepsResource: a resumption past <resumed/>
// that takes its resource only after the client bound the same full JID
// afresh does not take over the fresh binding's resource (resources are
// kept by name): the resumed session ends with conflict, and what is sent to the full
// JID reaches the fresh session alone. The old code gave the fresh
// resource to the resumed session.
func TestResumeAfterFreshBindKeepsResource(t *testing.T) {
	srv := newServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	alice, bob, st := keptStream(ctx, t, srv)
	held, release := server.HoldResume()
	t.Cleanup(release)
	alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
	if r := sm.ResumptionOf(alice.sess, st); !r.Resumed {
		t.Fatalf("not resumed: %+v", r)
	}
	select {
	case <-held:
	case <-time.After(5 * time.Second):
		t.Fatal("the resumed session did not come to take its resource")
	}
	fresh := &smClient{t: t, srv: srv, jid: alice.jid, got: make(chan struct{}, 1)}
	fresh.connect(xmpp.BindResource(), sm.Feature(smQuiet))
	if fresh.sess.LocalAddr() != alice.jid {
		t.Fatalf("bound %s, want %s", fresh.sess.LocalAddr(), alice.jid)
	}
	// Attached once the server has answered it.
	if _, err := ping.Send(ctx, fresh.sess, jid.MustParse("example.test")); err != nil {
		t.Fatal(err)
	}
	release()
	select {
	case <-alice.sess.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the resumed session runs on the fresh binding's resource")
	}
	// Replaced, as any session whose full JID is bound afresh; the old
	// code raced internal-server-error against conflict.
	if err := alice.sess.Err(); !errors.Is(err, stream.Conflict) {
		t.Fatalf("the resumed session ended with %v, want conflict", err)
	}
	alice.mu.Lock()
	before := len(alice.bodies)
	alice.mu.Unlock()
	if err := bob.sess.Send(ctx, message.Chat(alice.jid, "three")); err != nil {
		t.Fatal(err)
	}
	if got := fresh.wait(1, 0); !slices.Equal(got, []string{"three"}) {
		t.Fatalf("fresh session got %v, want [three]", got)
	}
	alice.mu.Lock()
	after := slices.Clone(alice.bodies[before:])
	alice.mu.Unlock()
	if len(after) != 0 {
		t.Fatalf("the resumed session got %v", after)
	}
}
