package xmpp_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestHandlerAwaitsIQWithAnyContext: a handler that waits in SendIQ with a
// context of its own (not the one the session passed it) must not stall
// the stream either. The queue holds one stanza; five more wait behind the
// handler, and the response comes after them on the wire.
func TestHandlerAwaitsIQWithAnyContext(t *testing.T) {
	const behind = 5
	sent := make(chan struct{})
	// The server answers the ping only once all messages are on the wire,
	// so that the response queues behind them.
	lateAnswer := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case <-sent:
		case <-ctx.Done():
		}
		return pingHandler(ctx, s, st)
	})
	ask := make(chan error, 1)
	got := make(chan string, behind+1)
	h := xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		body := st.Element.Text()
		if c, ok := st.Element.Child(stanza.NSClient, "body"); ok {
			body = c.Text()
		}
		if body == "first" {
			// Deliberately not the handler's ctx: the session must
			// notice the wait without a value in the context.
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
			cancel()
			ask <- err
		}
		got <- body
		return nil
	})
	client, server := pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: h, HandlerQueue: 1},
		Server: xmpp.Config{Handler: lateAnswer},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range behind + 1 {
		body := "later"
		if i == 0 {
			body = "first"
		}
		m := chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage}, Body: body}
		must(t, server.Send(ctx, xmlstream.Struct(m)))
	}
	close(sent)
	// All six arrive (the first once its response came), long before the
	// handler's own context would end a stalled wait.
	for range behind + 1 {
		select {
		case <-got:
		case <-ctx.Done():
			t.Fatal("stalled: a handler waiting in SendIQ with its own context held up the stream")
		}
	}
	select {
	case err := <-ask:
		must(t, err)
	case <-ctx.Done():
		t.Fatal("the waiting handler never got its response")
	}
}

// TestHandlerWaitDoesNotDelayQueue: with room in the queue, a stanza behind
// a handler that waits in SendIQ (again with a context of its own) is
// handled while the handler waits: here the response only comes once it
// was, so without a hand-off this would never finish.
func TestHandlerWaitDoesNotDelayQueue(t *testing.T) {
	laterDone := make(chan struct{})
	answerAfterLater := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case <-laterDone:
		case <-ctx.Done():
		}
		return pingHandler(ctx, s, st)
	})
	ask := make(chan error, 1)
	h := xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		if c, _ := st.Element.Child(stanza.NSClient, "body"); c.Text() != "first" {
			close(laterDone)
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
		ask <- err
		return nil
	})
	client, server := pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: h},
		Server: xmpp.Config{Handler: answerAfterLater},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, body := range []string{"first", "later"} {
		m := chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage}, Body: body}
		must(t, server.Send(ctx, xmlstream.Struct(m)))
	}
	select {
	case err := <-ask:
		must(t, err)
	case <-ctx.Done():
		t.Fatal("the stanza behind a waiting handler waited for it")
	}
}
