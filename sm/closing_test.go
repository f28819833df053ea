package sm_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
)

// TestCloseAcknowledges: a client that closes its stream gracefully first
// tells the server, with <a h/>, what it handled (XEP-0198 §4 recommends
// it), so that the server does not take stanzas the client had as never
// delivered, and store or route them again (a duplicate at the next
// login). The server never asks for an acknowledgement here.
func TestCloseAcknowledges(t *testing.T) {
	for _, c := range []struct {
		name string
		sent int
	}{
		{"one received", 1},
		{"five received", 5},
		{"forty received", 40},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{Window: -1, AckEvery: -1, AckAfter: -1})
			got := make(chan struct{}, c.sent)
			cn := r.enabled(quiet, xmpp.Config{Handler: xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error {
				got <- struct{}{}
				return nil
			})})
			ctx := ctx5(t)
			for i := range c.sent {
				if err := cn.server.Send(ctx, msg(100+i)); err != nil {
					t.Fatal(err)
				}
			}
			for range c.sent {
				select {
				case <-got:
				case <-ctx.Done():
					t.Fatal("the client did not receive what the server sent")
				}
			}
			if err := cn.client.Close(ctx); err != nil {
				t.Fatal(err)
			}
			select {
			case <-cn.server.Done():
			case <-ctx.Done():
				t.Fatal("the server's session did not end")
			}
			_, out, acked, ok := sm.Counts(cn.server)
			if !ok || out != uint32(c.sent) || acked != out {
				t.Errorf("the server sent %d stanzas, the client acknowledged %d (enabled: %v), want %d both", out, acked, ok, c.sent)
			}
			select {
			case e := <-r.endings:
				t.Errorf("%d stanzas unacknowledged after a graceful close, want none", len(e.Unacked))
			default:
			}
		})
	}
}
