package xmpptest

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
)

// Timeouts of [Pair]: negotiating, then closing at the end of the test.
const (
	pairNegotiation = 10 * time.Second
	pairClose       = 5 * time.Second
)

// Pair is [NewClientServer] for a test: it connects and negotiates a client
// and a server session as opts say (give each side's handler in
// opts.Client.Handler and opts.Server.Handler), fails the test if
// negotiation fails or takes over ten seconds, and closes both sessions
// when the test and its subtests end. Errors from closing are not
// reported: a test that checks them closes the sessions itself, which
// makes the later close a no-op.
func Pair(tb testing.TB, opts Options) (client, server *xmpp.Session) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pairNegotiation)
	defer cancel()
	client, server, err := NewClientServer(ctx, opts)
	if err != nil {
		tb.Fatalf("xmpptest: negotiation: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), pairClose)
		defer cancel()
		_ = client.Close(ctx)
		_ = server.Close(ctx)
	})
	return client, server
}

// Handlers returns Options that differ from the zero value only in the
// two sessions' handlers (nil for none), the usual configuration of
// [Pair] in a package's tests.
func Handlers(client, server xmpp.Handler) Options {
	var o Options
	o.Client.Handler, o.Server.Handler = client, server
	return o
}
