package xmpp_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestHandledWaitsForRelievedHandler: a handler whose wait for an IQ
// response made the session let the stanzas behind it go on without it
// (a relieved worker) still counts for Handled and OnEnd: both wait until
// it returns, even when it goes on long after the stream ended. The old
// code closed Handled, and ran OnEnd, once the queue was drained.
func TestHandledWaitsForRelievedHandler(t *testing.T) {
	release := make(chan struct{})
	secondRan, firstBlocked := make(chan struct{}), make(chan struct{})
	var returned, endedAfter atomic.Bool
	srvHandler := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		switch st.Header.ID {
		case "m1":
			// Unanswered: after a while the session relieves this
			// handler; the wait ends with the stream.
			_, _ = s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, ping{})
			close(firstBlocked)
			<-release
			returned.Store(true)
		case "m2":
			close(secondRan)
		}
		return nil
	})
	silent := xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })
	endRan := make(chan struct{})
	onEnd := func(*xmpp.Session) {
		endedAfter.Store(returned.Load())
		close(endRan)
	}
	client, server := xmpptest.Pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: silent},
		Server: xmpp.Config{Handler: srvHandler, OnEnd: onEnd},
	})
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, id := range []string{"m1", "m2"} {
		m := chat{Message: stanza.Message{ID: id, Type: stanza.ChatMessage, To: jid.MustParse("example.net")}, Body: "x"}
		if err := client.Send(ctx, xmlstream.Struct(m)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-secondRan: // m1's handler was relieved
	case <-time.After(5 * time.Second):
		t.Fatal("the stanza behind a waiting handler was not handled")
	}
	if err := client.Close(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-firstBlocked:
	case <-time.After(5 * time.Second):
		t.Fatal("the relieved handler's wait did not end with the stream")
	}
	<-server.Done()
	select {
	case <-server.Handled():
		t.Fatal("Handled closed while a relieved handler still ran")
	case <-time.After(100 * time.Millisecond):
	}
	released = true
	close(release)
	select {
	case <-server.Handled():
	case <-time.After(5 * time.Second):
		t.Fatal("Handled did not close once the handler returned")
	}
	// Handled closes just before OnEnd runs, on the goroutine that ends
	// the session: wait for OnEnd rather than read its record at once.
	select {
	case <-endRan:
	case <-time.After(5 * time.Second):
		t.Fatal("OnEnd did not run once the handler returned")
	}
	if !endedAfter.Load() {
		t.Error("OnEnd ran before the relieved handler returned")
	}
}
