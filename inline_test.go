package xmpp_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// Handlers run on the reading goroutine while nothing else is queued.
// These tests check what that must not change: a handler may end its own
// stream or wait for a response from the peer, and stanzas are handled in
// the order they came.

// TestHandlerEndsStream: a handler that closes its session (which waits
// for the peer's closing tag, read by the loop the handler runs on) gets
// a clean close at once.
func TestHandlerEndsStream(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(context.Context, *xmpp.Session) error
	}{
		{"Close", func(ctx context.Context, s *xmpp.Session) error { return s.Close(ctx) }},
		{"CloseWithError", func(ctx context.Context, s *xmpp.Session) error {
			return s.CloseWithError(ctx, stream.SystemShutdown)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			closed := make(chan error, 1)
			h := xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind == stanza.KindMessage {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					start := time.Now()
					err := tc.end(ctx, s)
					if d := time.Since(start); d > 2*time.Second {
						err = fmt.Errorf("took %v", d)
					}
					closed <- err
				}
				return nil
			})
			client, server := xmpptest.Pair(t, xmpptest.Handlers(nil, h))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := client.Send(ctx, msg("bye")); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-closed:
				if err != nil {
					t.Fatalf("handler's %s: %v", tc.name, err)
				}
			case <-ctx.Done():
				t.Fatalf("handler's %s did not return", tc.name)
			}
			for _, s := range []*xmpp.Session{client, server} {
				select {
				case <-s.Done():
				case <-ctx.Done():
					t.Fatal("stream did not end")
				}
			}
		})
	}
}

// TestHandlerAwaitsPeer: a handler that asks the peer and waits, many times
// in a row, gets every answer promptly (the response is read although the
// handler runs where reading happens), and every stanza is handled once.
func TestHandlerAwaitsPeer(t *testing.T) {
	const n = 50
	got := make(chan string, n)
	errs := make(chan error, n)
	h := xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		if st.Header.ID[0] == 'q' {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			start := time.Now()
			_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: s.RemoteAddr()}, ping{})
			cancel()
			if d := time.Since(start); err == nil && d > time.Second {
				err = fmt.Errorf("the answer took %v", d)
			}
			errs <- err
		}
		got <- st.Header.ID
		return nil
	})
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(pingHandler, h))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var want []string
	for i := range n {
		id := fmt.Sprint("m", i)
		if i%5 == 0 {
			id = fmt.Sprint("q", i) // the handler asks the client first
		}
		want = append(want, id)
		if err := client.Send(ctx, msg(id)); err != nil {
			t.Fatal(err)
		}
	}
	// Order is kept except around a wait the session found long (see
	// Handler): on a loaded machine a message may overtake the handler of
	// a request that waits, but never another message.
	seen := map[string]bool{}
	var msgs []string
	for i := range n {
		select {
		case id := <-got:
			if seen[id] {
				t.Fatalf("%s handled twice", id)
			}
			seen[id] = true
			if id[0] == 'm' {
				msgs = append(msgs, id)
			}
		case <-ctx.Done():
			t.Fatalf("only %d of %d stanzas handled", i, n)
		}
	}
	var wantMsgs []string
	for _, id := range want {
		if id[0] == 'm' {
			wantMsgs = append(wantMsgs, id)
		}
	}
	if fmt.Sprint(msgs) != fmt.Sprint(wantMsgs) {
		t.Fatalf("messages handled in the order %v, want %v", msgs, wantMsgs)
	}
	for range n / 5 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
