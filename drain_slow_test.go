package xmpp_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestStanzaReadBeforeCloseWaitsForSlowHandler: a stanza read whole while
// the handler queue was full is handled even when the handler keeps the
// queue full long after the transport closed, ignoring its context (the
// Receivers have seen the stanza: stream management counted it as handled,
// so the peer will not send it again). Reading still ends at once: Done
// does not wait for the handler, Handled does, and the stanzas are handled
// in the order they came.
func TestStanzaReadBeforeCloseWaitsForSlowHandler(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var got []string
	srvHandler := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		mu.Lock()
		got = append(got, st.Header.ID)
		mu.Unlock()
		if st.Header.ID == "m1" {
			// A wait through the session moves reading to another
			// goroutine (it is over before the session would let the
			// queue go on without this handler); then this handler is
			// slow, and not even the stream's end hurries it.
			ictx, cancel := context.WithTimeout(ctx, time.Millisecond)
			_, _ = s.SendIQ(ictx, stanza.IQ{Type: stanza.GetIQ}, ping{})
			cancel()
			<-release
		}
		return nil
	})
	silent := xmpp.HandlerFunc(func(ctx context.Context, _ *xmpp.Session, _ *xmpp.Stanza) error { return nil })
	client, server := xmpptest.Pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: silent},
		Server: xmpp.Config{Handler: srvHandler, HandlerQueue: 1},
	})
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	const n = 3 // m1 holds its handler, m2 fills the queue, the read loop holds m3
	for i := 1; i <= n; i++ {
		m := chat{Message: stanza.Message{ID: "m" + strconv.Itoa(i), Type: stanza.ChatMessage, To: jid.MustParse("example.net")}, Body: "x"}
		if err := client.Send(ctx, xmlstream.Struct(m)); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			// m1's wait is over: a full queue while it waited would let
			// the others go on without m1.
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(200 * time.Millisecond) // all read; the read loop waits for room
	closed, stop := context.WithCancel(context.Background())
	stop()
	go func() { _ = server.Close(closed) }() // the transport closes at once
	select {
	case <-server.Done():
	case <-time.After(2 * time.Second):
		t.Error("reading did not end while a handler held the queue")
		<-server.Done()
	}
	select {
	case <-server.Handled():
		t.Fatal("Handled closed while a handler still ran")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	released = true
	select {
	case <-server.Handled():
	case <-ctx.Done():
		t.Fatal("the stanzas were not handled")
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"m1", "m2", "m3"}; !equalStrings(got, want) {
		t.Errorf("handled %v, want %v", got, want)
	}
	_ = client.Close(closed)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
