package server_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// TestFreshBindEndsKeptStream: a client that binds its full JID afresh
// while the server keeps its earlier stream for resumption (the default
// five-minute window) will not resume that stream: what it never
// acknowledged, and what was routed to it meanwhile, is kept offline at
// once, and arrives at the new session's presence in order, once each,
// with no error to the sender. A new session of another resource of the
// same account may be another device: the stream stays kept, and
// resumes.
func TestFreshBindEndsKeptStream(t *testing.T) {
	for _, c := range []struct {
		name     string
		resource string // of the fresh session
		ended    bool   // the kept stream ends at the fresh bind
	}{
		{"same full JID", "desk", true},
		{"other resource", "laptop", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newServer(t, server.Config{})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			alice, bob, st := keptStream(ctx, t, srv)
			// The server has routed "two" (to the kept stream) once it
			// answers what bob sent next.
			if _, err := ping.Send(ctx, bob.sess, jid.MustParse("example.test")); err != nil {
				t.Fatal(err)
			}

			fresh := &smClient{t: t, srv: srv, jid: alice.jid, got: make(chan struct{}, 1)}
			fresh.jid = jid.MustParse("alice@example.test/" + c.resource)
			fresh.connect(xmpp.BindResource(), sm.Feature(smQuiet))
			if fresh.sess.LocalAddr() != fresh.jid {
				t.Fatalf("bound %s, want %s", fresh.sess.LocalAddr(), fresh.jid)
			}
			sendPresence(t, fresh)
			if !c.ended {
				time.Sleep(50 * time.Millisecond) // what would arrive now
				fresh.mu.Lock()
				got := slices.Clone(fresh.bodies)
				fresh.mu.Unlock()
				if len(got) != 0 {
					t.Fatalf("%s got %v: the other resource's stream was ended", c.resource, got)
				}
				alice.mu.Lock()
				alice.bodies = nil
				alice.mu.Unlock()
				alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
				if r := sm.ResumptionOf(alice.sess, st); !r.Resumed {
					t.Fatalf("the stream of %s was not kept: %+v", alice.jid, r)
				}
				// Its <resume/> acknowledges "one", which it had.
				if got := alice.wait(1, 0); !slices.Equal(got, []string{"two"}) {
					t.Fatalf("resumed stream got %v, want [two]", got)
				}
				return
			}
			if got := fresh.wait(2, 0); !slices.Equal(got, []string{"one", "two"}) {
				t.Fatalf("fresh session got %v, want [one two]", got)
			}
			time.Sleep(50 * time.Millisecond) // duplicates would arrive now
			fresh.mu.Lock()
			got := slices.Clone(fresh.bodies)
			fresh.mu.Unlock()
			if !slices.Equal(got, []string{"one", "two"}) {
				t.Fatalf("fresh session got %v, want [one two]", got)
			}
			bob.mu.Lock()
			errs := bob.errs
			bob.mu.Unlock()
			if errs != 0 {
				t.Errorf("bob got %d errors for messages kept offline", errs)
			}
			// The old stream is gone: a late resumption fails.
			late := &smClient{t: t, srv: srv, jid: alice.jid, got: make(chan struct{}, 1)}
			late.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
			if r := sm.ResumptionOf(late.sess, st); r.Resumed || !errors.Is(r.Err, sm.Failed{Condition: stanza.ItemNotFound}) {
				t.Fatalf("resumed a stream its client had replaced: %+v", r)
			}
		})
	}
}

// TestFreshBind2SameAgentEndsKeptStream: the same client installation
// (SASL2 user-agent id) binding afresh through Bind 2 replaces its
// earlier sessions (XEP-0386), a stream kept for resumption among them:
// what that stream never had acknowledged, and what waited for it,
// arrives at the new session now, in order, once each, rather than when
// the window passes.
func TestFreshBind2SameAgentEndsKeptStream(t *testing.T) {
	srv := newServer(t, server.Config{})
	must(t, srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"))
	store := xmpp.NewMemoryFASTClientStore()
	alice, err := loginInline(t, srv, "alice", "ecila", store, nil)
	must(t, err)
	bob := login(t, srv, "bob", "home")
	bob.send(chatTo(alice.jid.String(), "m1"))
	alice.expect("id='m1'") // received, never acknowledged
	alice.drop(t, nil)
	bob.send(chatTo(alice.jid.String(), "m2"))
	if _, err := bob.iq(stanza.GetIQ, "example.test", "<ping xmlns='urn:xmpp:ping'/>"); err != nil {
		t.Fatal(err) // answered once m2 was routed
	}

	again, err := loginInline(t, srv, "alice", "", store, nil)
	must(t, err)
	if again.jid == alice.jid {
		t.Fatalf("bound %s again", again.jid)
	}
	again.send("<presence/>")
	if got := again.collect(); !slices.Equal(got, []string{"m1", "m2"}) {
		t.Fatalf("new session got %v, want [m1 m2] once each", got)
	}
}
