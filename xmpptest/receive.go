package xmpptest

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// Receive starts a server session for example.net on s, with cfg and
// features (when features is nil: PLAIN accepting any password, then
// resource binding), and returns a scripted peer on c, the other end, and
// a channel that yields the session's outcome: the negotiation error, or
// the session's Err once its stream ended. The peer is closed when the
// test ends. It is how a test plays a client, well-behaved or hostile,
// against this library's server side.
func Receive(tb testing.TB, c, s net.Conn, cfg xmpp.Config, features ...xmpp.StreamFeature) (*Peer, <-chan error) {
	tb.Helper()
	if features == nil {
		features = []xmpp.StreamFeature{
			xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
			xmpp.BindResource(),
		}
	}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		sess, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, cfg, features...)
		if err == nil {
			<-sess.Done()
			err = sess.Err()
		}
		done <- err
	}()
	p := NewPeer(c)
	tb.Cleanup(func() { _ = p.Close() })
	return p, done
}

// ReceivePipe is Receive over net.Pipe, on a transport treated as secure
// (no STARTTLS), with PLAIN and resource binding followed by extra
// features.
func ReceivePipe(tb testing.TB, extra ...xmpp.StreamFeature) (*Peer, <-chan error) {
	tb.Helper()
	c, s := net.Pipe()
	features := []xmpp.StreamFeature{
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(),
	}
	return Receive(tb, c, s, xmpp.Config{InsecureAssumeSecure: true}, append(features, extra...)...)
}
