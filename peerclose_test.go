package xmpp_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestPeerCloseEndsWaitingSend: a peer that sends its closing tag while it
// does not read leaves a sender waiting for room in the outbox (or about
// to): that sender gets ErrClosed at once, instead of waiting for the
// leaving peer to read (or for the 5 s this side's closing tag waits), so
// that what it sends can go elsewhere. What Send accepted before reaches
// the peer ahead of this side's closing tag (RFC 6120 §4.4).
func TestPeerCloseEndsWaitingSend(t *testing.T) {
	sessions := make(chan *xmpp.Session, 1)
	capture := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case sessions <- s:
		default:
		}
		return nil
	})
	c, s := net.Pipe()
	p, done := xmpptest.Receive(t, c, s, xmpp.Config{InsecureAssumeSecure: true, Handler: capture})
	_, err := p.LoginPlain("juliet", "pw")
	must(t, err)
	_, err = p.Bind()
	must(t, err)
	must(t, p.Write(`<message to='example.net'/>`))
	sess := <-sessions

	// The peer reads nothing: the sender fills the outbox and then waits.
	big := chat{Message: stanza.Message{Type: stanza.ChatMessage}, Body: strings.Repeat("x", 16<<10)}
	var sent atomic.Int64
	failed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for {
			if err := sess.Send(ctx, xmlstream.Struct(big)); err != nil {
				failed <- err
				return
			}
			sent.Add(1)
		}
	}()
	for deadline := time.Now().Add(5 * time.Second); sent.Load() < 8; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Send did not accept 128 KiB")
		}
	}
	must(t, p.Write(`</stream:stream>`))
	select {
	case err := <-failed:
		if !errors.Is(err, xmpp.ErrClosed) {
			t.Fatalf("the waiting Send returned %v, want ErrClosed", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Send still waits for a peer that closed its stream")
	}
	// The peer reads again: everything accepted, then the closing tag.
	var got int64
	for {
		el, err := p.Read()
		if errors.Is(err, xmlstream.ErrStreamEnd) {
			break
		}
		must(t, err)
		if el.Name().Local == "message" {
			got++
		}
	}
	if got != sent.Load() {
		t.Errorf("the peer read %d messages before the closing tag, Send accepted %d", got, sent.Load())
	}
	if err := outcome(t, done); err != nil {
		t.Errorf("the session ended with %v, want a clean close", err)
	}
}
