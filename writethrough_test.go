package xmpp_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestRoundTripsWriteThrough: over TCP a lone request, and the reply its
// handler sends from the read loop, go to the socket from the sending
// goroutine (one non-blocking write) instead of waking a writer goroutine;
// over net.Pipe, which has no non-blocking write, nothing is written
// through. Either way every request is answered, by one caller or by
// several at once.
func TestRoundTripsWriteThrough(t *testing.T) {
	for _, tc := range []struct {
		name string
		tcp  bool
	}{
		{"net.Pipe", false},
		{"TCP", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, server := pair(t, xmpptest.Options{TCP: tc.tcp, Server: xmpp.Config{Handler: pingHandler}})
			ctx := withTimeout(t, 20*time.Second)
			iq := stanza.IQ{Type: stanza.GetIQ, To: client.RemoteAddr()}
			const n = 20
			for i := range n {
				if _, err := client.SendIQ(ctx, iq, ping{}); err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
			}
			c, s := xmpp.WritesThroughForTest(client), xmpp.WritesThroughForTest(server)
			if tc.tcp && (c < n/2 || s < n/2) {
				t.Errorf("%d requests and %d replies of %d written through, want most", c, s, n)
			}
			if !tc.tcp && (c != 0 || s != 0) {
				t.Errorf("%d requests and %d replies written through a pipe", c, s)
			}
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for range n {
						if _, err := client.SendIQ(ctx, iq, ping{}); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestRepliesWhileHandlerWaits: a handler that waits for the peer (here in
// SendIQ, for an answer the peer gives only once everything else is
// answered) does not hold up the requests that arrive meanwhile: they are
// answered, in the order they came, on net.Pipe and TCP alike; then the
// waiting handler gets its answer and replies too.
func TestRepliesWhileHandlerWaits(t *testing.T) {
	for _, tc := range []struct {
		name string
		tcp  bool
	}{
		{"net.Pipe", false},
		{"TCP", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 40
			gate := make(chan struct{})
			results := make(chan string, n)
			// The client answers the server's question only once the gate
			// opens (from a goroutine of its own, so that its handler
			// goes on taking the results), and collects the results of its
			// requests.
			clientH := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind != stanza.KindIQ {
					return nil
				}
				switch st.Header.IQType() {
				case stanza.ResultIQ:
					results <- st.Header.ID
				case stanza.GetIQ:
					reply := st.Header.IQ().Result()
					go func() {
						select {
						case <-gate:
						case <-ctx.Done():
							return
						}
						_ = s.Send(ctx, xmlstream.MarshalerFunc(reply.WriteEmpty))
					}()
				}
				return nil
			})
			holding := make(chan struct{})
			serverH := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind != stanza.KindIQ || st.Header.IQType() != stanza.GetIQ {
					return nil
				}
				if st.Header.ID == "hold" {
					close(holding)
					wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
					defer cancel()
					if _, err := s.SendIQ(wctx, stanza.IQ{Type: stanza.GetIQ, To: s.RemoteAddr()}, ping{}); err != nil {
						return stanza.NewError(stanza.InternalServerError)
					}
				}
				return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
			})
			client, _ := pair(t, xmpptest.Options{
				TCP:    tc.tcp,
				Client: xmpp.Config{Handler: clientH, DeliverStrayIQResponses: true},
				Server: xmpp.Config{Handler: serverH},
			})
			ctx := withTimeout(t, 20*time.Second)
			held := make(chan error, 1)
			go func() {
				_, err := client.SendIQ(ctx, stanza.IQ{ID: "hold", Type: stanza.GetIQ, To: client.RemoteAddr()}, ping{})
				held <- err
			}()
			select {
			case <-holding:
			case <-ctx.Done():
				t.Fatal("the waiting request did not reach its handler")
			}
			// Sent without waiting, so that they arrive while the handler
			// of "hold" waits; their results reach the client's handler.
			for i := range n {
				iq := stanza.IQ{ID: fmt.Sprint("r", i), Type: stanza.GetIQ, To: client.RemoteAddr()}
				if err := client.Send(ctx, iq.Wrap(ping{})); err != nil {
					t.Fatal(err)
				}
			}
			for i := range n {
				select {
				case id := <-results:
					if want := fmt.Sprint("r", i); id != want {
						t.Fatalf("result %d is %s, want %s", i, id, want)
					}
				case <-ctx.Done():
					t.Fatalf("%d of %d requests answered while a handler waits", i, n)
				}
			}
			select {
			case err := <-held:
				t.Fatalf("the waiting request returned (%v) before its answer was let through", err)
			default:
			}
			close(gate)
			if err := <-held; err != nil {
				t.Fatalf("the waiting request: %v", err)
			}
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Fatal("timed out")
			}
		})
	}
}
