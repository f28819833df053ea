package server_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestFault_HalfOpenPeer: a client that vanishes without closing its
// connection (it neither reads nor writes any more) is pinged once idle and
// dropped when it does not answer, so that what is sent to it afterwards is
// bounced instead of vanishing into the socket (once the one message the
// account may keep offline is kept).
func TestFault_HalfOpenPeer(t *testing.T) {
	srv := newServer(t, server.Config{IdleTimeout: 300 * time.Millisecond, PingTimeout: 300 * time.Millisecond, MaxOfflineMessages: 1})
	alice := loginCounter(t, srv, "alice", "desk")
	bob := loginCounter(t, srv, "bob", "gone")
	bob.stall() // gone: its pings are never read, let alone answered
	start := time.Now()
	deadline := start.Add(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for alice.conds[condUnavailable].Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("messages to the vanished client are still accepted without an error")
		}
		if err := alice.chat(ctx, bob.jid, "are you there?"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("found gone after %v", time.Since(start))
	// An idle client that answers is kept.
	time.Sleep(700 * time.Millisecond)
	if err := alice.sess.Err(); err != nil {
		t.Errorf("the idle client that answers pings was dropped: %v", err)
	}
}

// TestFault_PingUnansweredButSending: a client that does not answer the
// idle ping in time (here it reads nothing, so it never sees it) but sends
// stanzas after it went out is alive, and keeps its stream: only a client
// that stays silent is dropped.
func TestFault_PingUnansweredButSending(t *testing.T) {
	srv := newServer(t, server.Config{IdleTimeout: 200 * time.Millisecond, PingTimeout: 300 * time.Millisecond})
	alice := loginCounter(t, srv, "alice", "desk")
	bob := loginCounter(t, srv, "bob", "busy")
	bob.stall() // reads nothing: the ping goes unanswered
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	time.Sleep(300 * time.Millisecond) // idle: the server pings
	sent := 0
	for end := time.Now().Add(time.Second); time.Now().Before(end); sent++ {
		if err := bob.chat(ctx, alice.jid, "still here"); err != nil {
			t.Fatalf("after %d messages: %v", sent, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for alice.messages.Load() < int64(sent) && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if got := alice.messages.Load(); got != int64(sent) {
		t.Errorf("alice got %d of %d messages", got, sent)
	}
	select {
	case <-bob.sess.Done():
		t.Errorf("a client sending after the unanswered ping was dropped: %v", bob.sess.Err())
	default:
	}
}

// partial writes the start of a message, leaving it open.
type partial struct{}

func (p partial) WriteXML(w xmlstream.Encoder) error {
	return stanza.Message{Type: stanza.ChatMessage}.WriteStart(w)
}

// trickle writes a little text into the open element.
type trickle struct{}

func (trickle) WriteXML(w xmlstream.Encoder) error { return w.Text("x") }

// TestFault_SlowStanza: an authenticated client that keeps a stanza open
// by sending a byte now and then loses its stream (connection-timeout)
// once the stanza timeout has passed; a client that is merely idle does
// not.
func TestFault_SlowStanza(t *testing.T) {
	srv := newServer(t, server.Config{StanzaTimeout: 500 * time.Millisecond})
	idle := loginCounter(t, srv, "bob", "idle")
	slow := loginCounter(t, srv, "alice", "slow")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := slow.sess.Send(ctx, partial{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for time.Since(start) < 4*time.Second {
		if slow.sess.Send(ctx, trickle{}) != nil {
			break
		}
		select {
		case <-slow.sess.Done():
		case <-time.After(100 * time.Millisecond):
			continue
		}
		break
	}
	select {
	case <-slow.sess.Done():
	case <-time.After(2 * time.Second):
		t.Fatalf("the stanza has been open for %v", time.Since(start))
	}
	if err := slow.sess.Err(); !errors.Is(err, stream.ConnectionTimeout) {
		t.Errorf("ended with %v, want connection-timeout", err)
	}
	time.Sleep(700 * time.Millisecond) // longer idle than the stanza timeout
	if err := idle.sess.Err(); err != nil {
		t.Errorf("the idle client was dropped: %v", err)
	}
}
