package xmpp_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSendIQStreamEnds: a request waiting when the stream ends returns
// ErrClosed, whether or not its context has a deadline.
func TestSendIQStreamEnds(t *testing.T) {
	silent := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error { return nil })
	client, server := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: silent}})
	errc := make(chan error, 2)
	for _, ctx := range []context.Context{context.Background(), withTimeout(t, time.Minute)} {
		go func() {
			_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
			errc <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := server.CloseWithError(context.Background(), stream.SystemShutdown); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case err := <-errc:
			if !errors.Is(err, xmpp.ErrClosed) {
				t.Errorf("SendIQ returned %v, want ErrClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("SendIQ did not return after the stream ended")
		}
	}
	<-client.Done()
	if !errors.Is(client.Err(), stream.SystemShutdown) {
		t.Errorf("client ended with %v, want system-shutdown", client.Err())
	}
	if !errors.Is(server.Err(), stream.SystemShutdown) {
		t.Errorf("server ended with %v, want its own system-shutdown", server.Err())
	}
	// A request made once the stream has ended, with a context that
	// never ends, fails at once rather than wait for ever.
	go func() {
		_, err := client.SendIQ(context.Background(), stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
		errc <- err
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, xmpp.ErrClosed) {
			t.Errorf("SendIQ after the end returned %v, want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SendIQ after the end did not return")
	}
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// TestBadInput_B_ForgedFrom: a client that sends as someone else loses its
// stream with invalid-from; one that omits 'from' is seen with its full JID.
func TestBadInput_B_ForgedFrom(t *testing.T) {
	froms := make(chan jid.JID, 1)
	record := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		froms <- st.Header.From
		return nil
	})
	client, server := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: record}})
	ctx := withTimeout(t, 5*time.Second)
	must(t, client.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{Type: stanza.ChatMessage}, Body: "me"})))
	if got := <-froms; got != client.LocalAddr() {
		t.Errorf("handler saw from=%v, want the client's full JID %v", got, client.LocalAddr())
	}
	must(t, client.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{From: jid.MustParse("romeo@example.net/orchard"), Type: stanza.ChatMessage}, Body: "forged"})))
	select {
	case <-server.Done():
	case got := <-froms:
		t.Fatalf("forged stanza delivered with from=%v", got)
	case <-ctx.Done():
		t.Fatal("server did not end the stream")
	}
	if !errors.Is(server.Err(), stream.InvalidFrom) {
		t.Errorf("server ended with %v, want invalid-from", server.Err())
	}
	<-client.Done()
	if !errors.Is(client.Err(), stream.InvalidFrom) {
		t.Errorf("client ended with %v, want invalid-from", client.Err())
	}
}

// TestSendGivesUpWhenPeerStalls: when the peer stops reading, Send waits for
// room in the outbox only as long as its context allows.
func TestSendGivesUpWhenPeerStalls(t *testing.T) {
	release := make(chan struct{})
	stall := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil
	})
	client, _ := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: stall, HandlerQueue: 1}})
	defer close(release)
	big := chat{Message: stanza.Message{Type: stanza.ChatMessage}, Body: strings.Repeat("x", 32<<10)}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		start := time.Now()
		err := client.Send(ctx, xmlstream.Struct(big))
		cancel()
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
				t.Fatalf("Send returned %v after %v, want DeadlineExceeded within its timeout", err, time.Since(start))
			}
			return
		}
	}
	t.Fatal("Send never blocked although the peer stopped reading")
}
