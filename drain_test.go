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

// TestStanzaReadBeforeCloseIsHandled: a stanza read whole while the
// handler queue was full still reaches the handler when the transport
// closes (stream management has counted it as handled, so the peer will
// not send it again).
func TestStanzaReadBeforeCloseIsHandled(t *testing.T) {
	var mu sync.Mutex
	var got []string
	// m1 waits a moment for an answer that never comes (the read loop
	// goes on without it); the others wait for the session's end, so
	// that the queue fills and the read loop holds m4 waiting for room.
	srvHandler := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		mu.Lock()
		got = append(got, st.Header.ID)
		mu.Unlock()
		if st.Header.ID == "m1" {
			ictx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			_, _ = s.SendIQ(ictx, stanza.IQ{Type: stanza.GetIQ}, ping{})
			return nil
		}
		<-ctx.Done()
		return nil
	})
	silent := xmpp.HandlerFunc(func(ctx context.Context, _ *xmpp.Session, _ *xmpp.Stanza) error {
		<-ctx.Done()
		return nil
	})
	client, server := xmpptest.Pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: silent},
		Server: xmpp.Config{Handler: srvHandler, HandlerQueue: 1},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	send := func(from, to int) {
		for i := from; i <= to; i++ {
			m := chat{Message: stanza.Message{ID: "m" + strconv.Itoa(i), Type: stanza.ChatMessage, To: jid.MustParse("example.net")}, Body: "x"}
			if err := client.Send(ctx, xmlstream.Struct(m)); err != nil {
				t.Fatal(err)
			}
		}
	}
	const n = 4 // m2 blocks its worker, m3 fills the queue, the read loop holds m4
	send(1, 2)
	time.Sleep(300 * time.Millisecond) // m1's wait is over
	send(3, n)
	time.Sleep(200 * time.Millisecond) // all read; the read loop waits for room
	closed, stop := context.WithCancel(context.Background())
	stop()
	_ = server.Close(closed) // the transport closes at once
	select {
	case <-server.Done():
	case <-ctx.Done():
		t.Fatal("the session did not end")
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		mu.Lock()
		k := len(got)
		mu.Unlock()
		if k == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d stanzas handled", k, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = client.Close(closed)
}
