package dial

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
)

var juliet = jid.MustParse("juliet@example.com/balcony")

// direct asserts that conn is a direct TLS connection whose server saw the
// expected SNI and ALPN.
func direct(t *testing.T, conn net.Conn, s *testServer, sni, alpn string) {
	t.Helper()
	tc, ok := conn.(*tls.Conn)
	if !ok {
		t.Fatalf("connection is %T, want *tls.Conn", conn)
	}
	if got := tc.ConnectionState().NegotiatedProtocol; got != alpn {
		t.Errorf("client negotiated ALPN %q, want %q", got, alpn)
	}
	h := s.next(t)
	if h.err != nil || h.sni != sni || h.alpn != alpn {
		t.Errorf("server saw SNI %q, ALPN %q, error %v; want %q, %q", h.sni, h.alpn, h.err, sni, alpn)
	}
}

func plain(t *testing.T, conn net.Conn, s *testServer) {
	t.Helper()
	if _, ok := conn.(*net.TCPConn); !ok {
		t.Fatalf("connection is %T, want a plain *net.TCPConn", conn)
	}
	s.next(t)
}

func TestDialSRVOrder(t *testing.T) {
	s := startServer(t, nil)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpp-client._tcp.example.com": {
			srv("c.example.net.", 5222, 20), srv("a.example.net.", 5222, 0), srv("b.example.net.", 5333, 10),
		},
	}}
	nw := &fakeNet{routes: map[string]string{"c.example.net:5222": s.addr}}
	conn, err := Dialer{Resolver: r, NetDialer: nw}.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain(t, conn, s)
	want := []string{"a.example.net:5222", "b.example.net:5333", "c.example.net:5222"}
	if got := nw.history(); !slices.Equal(got, want) {
		t.Errorf("dialled %v, want %v", got, want)
	}
}

func TestDialDirectTLS(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "example.com")
	for _, tt := range []struct {
		name, service, alpn string
		dial                func(Dialer, context.Context, jid.JID) (net.Conn, error)
	}{
		{"client", "_xmpps-client._tcp.example.com", "xmpp-client", Dialer.DialClient},
		{"server", "_xmpps-server._tcp.example.com", "xmpp-server", Dialer.DialServer},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, &cert)
			r := &fakeResolver{answers: map[string][]*net.SRV{tt.service: {srv("xmpp.example.net.", 443, 0)}}}
			nw := &fakeNet{routes: map[string]string{"xmpp.example.net:443": s.addr}}
			d := Dialer{Resolver: r, NetDialer: nw, TLSConfig: &tls.Config{RootCAs: pki.pool}}
			conn, err := tt.dial(d, context.Background(), juliet)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			direct(t, conn, s, "example.com", tt.alpn)
		})
	}
}

func TestDialPlainAfterFailingDirectTLS(t *testing.T) {
	pki := newPKI(t)
	wrong := pki.certFor(t, "other.example")
	tlsServer, plainServer := startServer(t, &wrong), startServer(t, nil)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.example.com": {srv("tls.example.com.", 5223, 0)},
		"_xmpp-client._tcp.example.com":  {srv("tcp.example.com.", 5222, 1)},
	}}
	nw := &fakeNet{routes: map[string]string{"tls.example.com:5223": tlsServer.addr, "tcp.example.com:5222": plainServer.addr}}
	d := Dialer{Resolver: r, NetDialer: nw, TLSConfig: &tls.Config{RootCAs: pki.pool}}
	conn, err := d.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain(t, conn, plainServer)
	if h := tlsServer.next(t); h.err == nil {
		t.Error("the direct TLS handshake with the wrong certificate succeeded on the server side")
	}
	if got, want := nw.history(), []string{"tls.example.com:5223", "tcp.example.com:5222"}; !slices.Equal(got, want) {
		t.Errorf("dialled %v, want %v", got, want)
	}
}

func TestDialFallback(t *testing.T) {
	for _, tt := range []struct {
		name string
		dial func(Dialer, context.Context, jid.JID) (net.Conn, error)
		addr string
	}{
		{"client", Dialer.DialClient, "example.com:5222"},
		{"server", Dialer.DialServer, "example.com:5269"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, nil)
			r := &fakeResolver{}
			nw := &fakeNet{routes: map[string]string{tt.addr: s.addr}}
			conn, err := tt.dial(Dialer{Resolver: r, NetDialer: nw}, context.Background(), juliet)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			plain(t, conn, s)
			if len(r.names()) != 2 {
				t.Errorf("queried %v, want the xmpps- and xmpp- names", r.names())
			}
		})
	}
}

func TestDialFallbackFailureIsReported(t *testing.T) {
	nw := &fakeNet{}
	_, err := Dialer{Resolver: &fakeResolver{}, NetDialer: nw}.DialClient(context.Background(), juliet)
	var de *Error
	if !errors.As(err, &de) || !de.Fallback || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want an *Error for the fallback", err)
	}
	for _, want := range []string{"no SRV records", "example.com:5222", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestDialNoService(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string][]*net.SRV
	}{
		{"dot for xmpp, nothing for xmpps", map[string][]*net.SRV{"_xmpp-client._tcp.example.com": {srv(".", 0, 0)}}},
		{"dot for xmpps, nothing for xmpp", map[string][]*net.SRV{"_xmpps-client._tcp.example.com": {srv(".", 0, 0)}}},
		{"dot for both", map[string][]*net.SRV{
			"_xmpp-client._tcp.example.com":  {srv(".", 0, 0)},
			"_xmpps-client._tcp.example.com": {srv(".", 0, 0)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nw := &fakeNet{}
			_, err := Dialer{Resolver: &fakeResolver{answers: tt.answers}, NetDialer: nw}.DialClient(context.Background(), juliet)
			if !errors.Is(err, ErrNoService) || errors.Is(err, ErrUnreachable) {
				t.Fatalf("err = %v, want ErrNoService only", err)
			}
			if !strings.Contains(err.Error(), "example.com") {
				t.Errorf("error %q does not name the domain", err)
			}
			if h := nw.history(); len(h) != 0 {
				t.Errorf("dialled %v after a \".\" answer", h)
			}
		})
	}
}

func TestDialDotForDirectTLSUsesStartTLSRecords(t *testing.T) {
	s := startServer(t, nil)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.example.com": {srv(".", 0, 0)},
		"_xmpp-client._tcp.example.com":  {srv("tcp.example.com.", 5222, 0)},
	}}
	nw := &fakeNet{routes: map[string]string{"tcp.example.com:5222": s.addr}}
	conn, err := Dialer{Resolver: r, NetDialer: nw}.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain(t, conn, s)
}

func TestDialAllFail(t *testing.T) {
	pki := newPKI(t)
	wrong := pki.certFor(t, "other.example")
	s := startServer(t, &wrong)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.example.com": {srv("tls.example.com.", 5223, 0)},
		"_xmpp-client._tcp.example.com":  {srv("a.example.com.", 5222, 1), srv("b.example.com.", 5222, 2)},
	}}
	nw := &fakeNet{routes: map[string]string{"tls.example.com:5223": s.addr}}
	d := Dialer{Resolver: r, NetDialer: nw, TLSConfig: &tls.Config{RootCAs: pki.pool}}
	_, err := d.DialClient(context.Background(), juliet)
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	var de *Error
	if !errors.As(err, &de) || len(de.Attempts) != 3 || de.Fallback || de.Lookup != nil {
		t.Fatalf("err = %#v, want three attempts from SRV records", err)
	}
	want := "dial: cannot connect to example.com: tls.example.com:5223 (direct TLS): tls: failed to verify certificate: " +
		"x509: certificate is valid for other.example, not example.com; " +
		"a.example.com:5222: connection refused; b.example.com:5222: connection refused"
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant:\n%s", err, want)
	}
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Error("the certificate error is not reachable with errors.As")
	}
}

func TestDialIDNDirectTLS(t *testing.T) {
	pki := newPKI(t)
	cert := pki.certFor(t, "xn--bcher-kva.example")
	s := startServer(t, &cert)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpps-client._tcp.xn--bcher-kva.example": {srv("xmpp.example.net.", 443, 0)},
	}}
	nw := &fakeNet{routes: map[string]string{"xmpp.example.net:443": s.addr}}
	d := Dialer{Resolver: r, NetDialer: nw, TLSConfig: &tls.Config{RootCAs: pki.pool}}
	conn, err := d.DialClient(context.Background(), jid.MustParse("bücher.example"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	direct(t, conn, s, "xn--bcher-kva.example", "xmpp-client")
}

func TestDialAttemptTimeout(t *testing.T) {
	s := startServer(t, nil)
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpp-client._tcp.example.com": {srv("hole.example.com.", 5222, 0), srv("ok.example.com.", 5222, 1)},
	}}
	nw := &fakeNet{
		routes:    map[string]string{"ok.example.com:5222": s.addr},
		blackHole: map[string]bool{"hole.example.com:5222": true},
	}
	start := time.Now()
	conn, err := Dialer{Resolver: r, NetDialer: nw, AttemptTimeout: 100 * time.Millisecond}.DialClient(context.Background(), juliet)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plain(t, conn, s)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("dial took %v with a 100ms attempt timeout", elapsed)
	}
}

func TestDialContextCancelled(t *testing.T) {
	r := &fakeResolver{answers: map[string][]*net.SRV{
		"_xmpp-client._tcp.example.com": {srv("hole.example.com.", 5222, 0), srv("never.example.com.", 5222, 1)},
	}}
	nw := &fakeNet{blackHole: map[string]bool{"hole.example.com:5222": true}}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := Dialer{Resolver: r, NetDialer: nw}.DialClient(ctx, juliet)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if got := nw.history(); !slices.Equal(got, []string{"hole.example.com:5222"}) {
		t.Errorf("dialled %v after the context ended", got)
	}

	cancelled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if _, err := (Dialer{Resolver: r, NetDialer: nw}).DialClient(cancelled, juliet); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
