package bench

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

var (
	clientJID = jid.MustParse("a@example.net/bench")
	serverJID = jid.MustParse("example.net")
	peerJID   = jid.MustParse("b@example.net/bench")
)

// acceptAll is a PLAIN check that accepts every password, so that setup
// measures the XMPP layer rather than password hashing.
func acceptAll(string, string) error { return nil }

var (
	clientFeatures = []xmpp.StreamFeature{xmpp.SASL("a", "password", sasl.Plain), xmpp.BindResource()}
	serverFeatures = []xmpp.StreamFeature{
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: acceptAll}),
		xmpp.BindResource(),
	}
)

// connect negotiates session A (initiating) on a and session B (receiving)
// on b, both told the transport is secure, as the standard workload says.
func connect(tb testing.TB, a, b net.Conn, ah, bh xmpp.Handler) (*xmpp.Session, *xmpp.Session) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, serverJID, b, xmpp.Config{Handler: bh, InsecureAssumeSecure: true}, serverFeatures...)
		done <- result{s, err}
	}()
	sa, err := xmpp.NewClientSession(ctx, clientJID, a, xmpp.Config{Handler: ah, InsecureAssumeSecure: true}, clientFeatures...)
	r := <-done
	if err != nil || r.err != nil {
		tb.Fatalf("negotiation: client %v, server %v", err, r.err)
	}
	return sa, r.s
}

func closeBoth(tb testing.TB, a, b *xmpp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.Close(ctx); err != nil {
		tb.Errorf("close: %v", err)
	}
	_ = b.Close(ctx)
}

// tcpPair returns the two ends of a TCP loopback connection.
func tcpPair(tb testing.TB) (net.Conn, net.Conn) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	a, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	b := <-accepted
	if b == nil {
		tb.Fatal("accept failed")
	}
	return a, b
}

// BenchmarkSetupPipe measures session set-up, with cpu-ns/op the CPU time
// of the timed part alone (closing the sessions is left out of both).
func BenchmarkSetupPipe(b *testing.B) {
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := cpuNow()
		ca, cb := net.Pipe()
		sa, sb := connect(b, ca, cb, nil, nil)
		cpu += cpuNow() - start
		b.StopTimer()
		closeBoth(b, sa, sb)
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
