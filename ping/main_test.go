package ping_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// pair connects a client and a server session with the given handlers and
// closes them when the test ends.
func pair(tb testing.TB, opts xmpptest.Options, client, server xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if opts.Mechanisms == nil {
		opts.Mechanisms = []string{"PLAIN"}
	}
	opts.Client.Handler, opts.Server.Handler = client, server
	c, s, err := xmpptest.NewClientServer(ctx, opts)
	if err != nil {
		tb.Fatalf("negotiation: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = s.Close(ctx)
	})
	return c, s
}
