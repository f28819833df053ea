package xmpp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSendIQStalledPeer: over net.Pipe, where writes wait for the peer to
// read, a peer that stops reading holds a SendIQ caller no longer than its
// context, and the stream stays whole: once the peer reads again, the
// request is read, and the next one is answered. (A caller that wrote its
// request itself would have to keep to this too.)
func TestSendIQStalledPeer(t *testing.T) {
	gate := make(chan struct{})
	stalled := make(chan struct{})
	serverH := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			close(stalled)
			<-gate // on the read loop: nothing is read meanwhile
			return nil
		}
		return pingHandler(ctx, s, st)
	})
	client, _ := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: serverH}})
	ctx := withTimeout(t, 20*time.Second)
	if err := client.Send(ctx, stanza.Message{Type: stanza.ChatMessage}.Wrap(nil)); err != nil {
		t.Fatal(err)
	}
	<-stalled
	iq := stanza.IQ{Type: stanza.GetIQ, To: client.RemoteAddr()}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.SendIQ(short, iq, ping{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("SendIQ to a stalled peer: %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("SendIQ returned %v after its context ended", d)
	}
	close(gate)
	if _, err := client.SendIQ(ctx, iq, ping{}); err != nil {
		t.Fatalf("after the stall: %v", err)
	}
}

// TestHandlersSendIQToEachOther: handlers running on both read loops send
// requests to each other at once over net.Pipe, where writes wait for the
// peer to read: neither read loop may be the one waiting to write (each
// would wait for the other to read), so both are answered.
func TestHandlersSendIQToEachOther(t *testing.T) {
	const rounds = 20
	answered := make(chan error, 2*rounds)
	h := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return pingHandler(ctx, s, st)
		}
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: s.RemoteAddr()}, ping{})
		answered <- err
		return nil
	})
	client, server := pair(t, xmpptest.Options{Client: xmpp.Config{Handler: h}, Server: xmpp.Config{Handler: h}})
	ctx := withTimeout(t, 20*time.Second)
	msg := stanza.Message{Type: stanza.ChatMessage}.Wrap(nil)
	for range rounds {
		errs := make(chan error, 2)
		go func() { errs <- client.Send(ctx, msg) }()
		go func() { errs <- server.Send(ctx, msg) }()
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	}
	start := time.Now()
	for i := range 2 * rounds {
		select {
		case err := <-answered:
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
		case <-ctx.Done():
			t.Fatalf("%d of %d requests answered", i, 2*rounds)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answers took %v", d)
	}
}
