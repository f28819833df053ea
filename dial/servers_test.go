package dial

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// handshake is what a test server saw of a connection.
type handshake struct {
	sni, alpn string
	err       error
}

// testServer listens on loopback, plain or TLS, and reports each
// connection on seen. Everything it starts ends at the test's cleanup.
type testServer struct {
	addr string
	seen chan handshake
}

// startServer starts a plain TCP server, or a TLS one if cert is not nil.
func startServer(t *testing.T, cert *tls.Certificate) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{addr: ln.Addr().String(), seen: make(chan handshake, 16)}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() { s.serve(c, cert) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return s
}

func (s *testServer) serve(c net.Conn, cert *tls.Certificate) {
	defer c.Close()
	if cert == nil {
		s.report(handshake{})
		_, _ = io.Copy(io.Discard, c)
		return
	}
	tc := tls.Server(c, &tls.Config{
		Certificates: []tls.Certificate{*cert},
		NextProtos:   []string{"xmpp-client", "xmpp-server"},
	})
	err := tc.Handshake()
	st := tc.ConnectionState()
	s.report(handshake{sni: st.ServerName, alpn: st.NegotiatedProtocol, err: err})
	if err == nil {
		_, _ = io.Copy(io.Discard, tc)
	}
}

func (s *testServer) report(h handshake) {
	select {
	case s.seen <- h:
	default:
	}
}

// next waits for the server's report of a connection.
func (s *testServer) next(t *testing.T) handshake {
	t.Helper()
	select {
	case h := <-s.seen:
		return h
	case <-time.After(5 * time.Second):
		t.Fatal("the server saw no connection")
		return handshake{}
	}
}

// fakeNet routes dialled addresses to loopback servers, refuses the rest,
// and never answers those marked as black holes. It records what was
// dialled.
type fakeNet struct {
	mu        sync.Mutex
	routes    map[string]string
	blackHole map[string]bool
	dialled   []string
}

func (f *fakeNet) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	f.mu.Lock()
	f.dialled = append(f.dialled, addr)
	target, ok := f.routes[addr]
	hole := f.blackHole[addr]
	f.mu.Unlock()
	if hole {
		<-ctx.Done()
		return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
	}
	if !ok {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, target)
}

func (f *fakeNet) history() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.dialled...)
}

// fakeResolver answers SRV queries from a map keyed by the full name
// ("_xmpp-client._tcp.example.com"); a missing name is NXDOMAIN. It records
// the names queried.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][]*net.SRV
	queried []string
}

func (r *fakeResolver) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queried = append(r.queried, key)
	recs, ok := r.answers[key]
	if !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	return key + ".", recs, nil
}

func (r *fakeResolver) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.queried...)
}

func srv(target string, port, prio uint16) *net.SRV {
	return &net.SRV{Target: target, Port: port, Priority: prio}
}
