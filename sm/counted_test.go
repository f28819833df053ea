package sm_test

import (
	"context"
	"encoding/xml"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestCountedIsHandled: every stanza the client counts as handled (the h
// it would resume with, after which the server never sends it again)
// reaches its handler, even one read while the handler queue was full
// when the transport closed, and the handler kept the queue full long
// after that.
func TestCountedIsHandled(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	// The server answers no IQ: the client counts messages only.
	r.handler = xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })
	in := newBodies()
	release := make(chan struct{})
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	slow := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		_ = in.HandleXMPP(ctx, s, st)
		in.mu.Lock()
		first := st.Header.Kind == stanza.KindMessage && len(in.got) == 1
		in.mu.Unlock()
		if first {
			// A wait through the session moves reading to another
			// goroutine; then this handler is slow, and the stream's end
			// does not hurry it.
			ictx, cancel := context.WithTimeout(ctx, time.Millisecond)
			_, _ = s.SendIQ(ictx, stanza.IQ{Type: stanza.GetIQ}, xmlstream.Struct(struct {
				XMLName xml.Name `xml:"urn:xmpp:ping ping"`
			}{}))
			cancel()
			<-release
		}
		return nil
	})
	cn := r.enabled(sm.Config{}, xmpp.Config{Handler: slow, HandlerQueue: 1})
	ctx := ctx5(t)
	const n = 3 // 1 holds its handler, 2 fills the queue, the read loop holds 3
	for i := 1; i <= n; i++ {
		if err := cn.server.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			// 1's wait is over: a full queue while it waited would let
			// the others go on without it.
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(200 * time.Millisecond) // all read; the read loop waits for room
	closed, stop := context.WithCancel(context.Background())
	stop()
	go func() { _ = cn.client.Close(closed) }() // the transport closes at once
	select {
	case <-cn.client.Done():
	case <-time.After(2 * time.Second):
		t.Error("reading did not end while a handler held the queue")
		<-cn.client.Done()
	}
	st, err := sm.Ended(cn.client)
	if err != nil {
		t.Fatal(err)
	}
	if st.H != n {
		t.Fatalf("the client counted %d stanzas as handled, want %d", st.H, n)
	}
	close(release)
	select {
	case <-cn.client.Handled():
	case <-time.After(5 * time.Second):
		t.Fatal("the handlers did not end")
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if want := []string{"1", "2", "3"}; !slices.Equal(in.got, want) {
		t.Errorf("handled %v, counted %d: want %v", in.got, st.H, want)
	}
}
