package xmpp_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestWriteThroughExchange runs what writing through changes, over TCP
// (where it applies) and net.Pipe: requests both ways at once from many
// goroutines, handlers answering on the read loop with more than one
// stanza, and handlers that wait for the peer's answer meanwhile. Every
// request is answered and every reply arrives, each handler's in order.
func TestWriteThroughExchange(t *testing.T) {
	for _, tc := range []struct {
		name string
		tcp  bool
	}{{"tcp", true}, {"pipe", false}} {
		t.Run(tc.name, func(t *testing.T) {
			const msgs, callers, calls = 200, 4, 50
			replies := make(chan string, 2*msgs)
			client := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind == stanza.KindMessage {
					replies <- st.Header.ID
					return nil
				}
				return pingHandler(ctx, s, st)
			})
			server := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
				if st.Header.Kind != stanza.KindMessage {
					return pingHandler(ctx, s, st)
				}
				id := st.Header.ID
				if strings.HasPrefix(id, "q") {
					// Wait for the client before answering.
					wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
					_, err := s.SendIQ(wctx, stanza.IQ{Type: stanza.GetIQ, To: s.RemoteAddr()}, ping{})
					cancel()
					if err != nil {
						return err
					}
				}
				if err := s.Send(ctx, msg(id+"-a")); err != nil {
					return err
				}
				return s.Send(ctx, msg(id+"-b"))
			})
			opts := xmpptest.Handlers(client, server)
			opts.TCP = tc.tcp
			c, s := xmpptest.Pair(t, opts)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			for _, from := range []*xmpp.Session{c, s} {
				for range callers {
					wg.Go(func() {
						for range calls {
							if _, err := from.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: from.RemoteAddr()}, ping{}); err != nil {
								t.Error(err)
								return
							}
						}
					})
				}
			}
			wg.Go(func() {
				for i := range msgs {
					id := fmt.Sprint("m", i)
					if i%20 == 0 {
						id = fmt.Sprint("q", i)
					}
					if err := c.Send(ctx, msg(id)); err != nil {
						t.Error(err)
						return
					}
				}
			})
			seen := map[string]bool{}
			for range 2 * msgs {
				select {
				case id := <-replies:
					if base, ok := strings.CutSuffix(id, "-b"); ok && !seen[base+"-a"] {
						t.Fatalf("%s arrived before %s-a", id, base)
					}
					seen[id] = true
				case <-ctx.Done():
					t.Fatalf("only %d of %d replies arrived", len(seen), 2*msgs)
				}
			}
			wg.Wait()
		})
	}
}
