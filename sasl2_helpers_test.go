package xmpp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmpptest"
)

// tlsEnv is a server certificate and the client's roots, shared by the
// connections of one test.
type tlsEnv struct {
	cert  tls.Certificate
	roots *x509.CertPool
	leaf  *x509.Certificate
	// cache, if not nil, lets the client resume TLS sessions (as a
	// reconnecting client does).
	cache tls.ClientSessionCache
	// server is the server's TLS configuration, shared by its
	// connections (its session-ticket keys with it).
	server *tls.Config
	// rtt, if not zero, is the round-trip time the client's connection
	// simulates (see xmpptest.TripConn).
	rtt time.Duration
}

func newTLSEnv(t testing.TB) tlsEnv {
	cert, roots, err := xmpptest.Certificate("example.net")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	return tlsEnv{cert: cert, roots: roots, leaf: leaf, server: &tls.Config{Certificates: []tls.Certificate{cert}}}
}

// loginResult is one connection's outcome.
type loginResult struct {
	client, server *xmpp.Session
	trips          int // round trips of the client's negotiation (after TLS)
	err            error
}

// connectTLS connects over loopback TCP with direct TLS (handshake
// outside the count), and negotiates both sides.
func connectTLS(t testing.TB, env tlsEnv, origin jid.JID, client, server []xmpp.StreamFeature, ccfg, scfg xmpp.Config) loginResult {
	t.Helper()
	return connectTLSWrap(t, env, origin, client, server, ccfg, scfg, nil)
}

// connectTLSWrap is connectTLS with the client's TLS connection wrapped
// (a man in the middle that rewrites what the client reads).
func connectTLSWrap(t testing.TB, env tlsEnv, origin jid.JID, client, server []xmpp.StreamFeature, ccfg, scfg xmpp.Config, wrap func(*tls.Conn) io.ReadWriter) loginResult {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type res struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan res, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- res{nil, err}
			return
		}
		tc := tls.Server(c, env.server)
		if err := tc.HandshakeContext(ctx); err != nil {
			c.Close()
			done <- res{nil, err}
			return
		}
		scfg.ServedCertificate = env.leaf
		s, err := xmpp.ReceiveClientSession(ctx, origin.Domain(), tc, scfg, server...)
		done <- res{s, err}
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(env.rtt) // the TCP handshake
	tc := &xmpptest.TripConn{Conn: raw, RTT: env.rtt}
	cl := tls.Client(tc, &tls.Config{ServerName: "example.net", RootCAs: env.roots, ClientSessionCache: env.cache})
	if err := cl.HandshakeContext(ctx); err != nil {
		t.Fatal(err)
	}
	tc.Start()
	var rw io.ReadWriter = cl
	if wrap != nil {
		rw = wrap(cl)
	}
	cs, cerr := xmpp.NewClientSession(ctx, origin, rw, ccfg, client...)
	if cerr != nil {
		raw.Close()
	}
	r := <-done
	out := loginResult{client: cs, server: r.s, trips: tc.Count(), err: errors.Join(cerr, r.err)}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if cs != nil {
			_ = cs.Close(ctx)
		}
		if r.s != nil {
			_ = r.s.Close(ctx)
		}
		raw.Close()
	})
	return out
}

func xmlName(space, local string) xml.Name { return xml.Name{Space: space, Local: local} }
