package dial

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/canto-im/xmpp/internal/discover"
	"github.com/canto-im/xmpp/jid"
)

// Resolver looks up SRV records. *net.Resolver satisfies it; tests and
// special set-ups supply their own.
type Resolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (cname string, addrs []*net.SRV, err error)
}

// ContextDialer opens network connections. *net.Dialer satisfies it, and
// so do the dialers of proxies (golang.org/x/net/proxy).
type ContextDialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Default ports of RFC 6120 §3.2.2, used when there are no SRV records.
const (
	DefaultClientPort = 5222
	DefaultServerPort = 5269
)

// DefaultAttemptTimeout bounds one candidate when Dialer.AttemptTimeout is
// zero.
const DefaultAttemptTimeout = 30 * time.Second

// Dialer connects to the XMPP server of a domain. Its zero value is usable
// and follows RFC 6120 and XEP-0368 with the system's resolver and roots.
// A Dialer is used by value: dialling never modifies it or what it points
// to, so one Dialer may serve many goroutines.
type Dialer struct {
	// NetDialer opens the TCP connections. Nil means a zero net.Dialer,
	// which races the IPv6 and IPv4 addresses of a name (RFC 8305).
	NetDialer ContextDialer
	// Resolver looks up SRV records. Nil means net.DefaultResolver.
	Resolver Resolver
	// TLSConfig is the base of the direct TLS configuration. Nil means
	// the system's roots and Go's defaults. It is cloned, never modified;
	// in the clone ServerName is always the JID's domain (A-label form),
	// NextProtos is the ALPN protocol of XEP-0368, and a zero MinVersion
	// becomes TLS 1.2.
	TLSConfig *tls.Config
	// NoLookup skips the SRV lookup: the domain itself is dialled on port
	// 5222 (5269 for servers). False means SRV records are looked up.
	NoLookup bool
	// NoDirectTLS ignores _xmpps- records, so that every connection is
	// plain TCP for STARTTLS. False means they are used.
	NoDirectTLS bool
	// DirectTLS uses direct TLS only: only _xmpps- records are used, with
	// no fallback to the domain (direct TLS has no default port), and
	// Address is dialled with TLS. False means both kinds of record are
	// used, and Address is dialled without TLS. It may not be combined
	// with NoDirectTLS, nor with NoLookup unless Address is set.
	DirectTLS bool
	// Address, as host:port, is dialled instead of resolving the domain
	// (no SRV lookup); the certificate is still checked against the
	// domain. Empty means the domain is resolved.
	Address string
	// AttemptTimeout bounds each candidate: its TCP connection and, for
	// direct TLS, the handshake. Zero means DefaultAttemptTimeout. The
	// context bounds the whole dial.
	AttemptTimeout time.Duration
}

// DialClient connects to the server of addr's domain for a client session
// (_xmpp-client, _xmpps-client, port 5222) with a zero Dialer.
func DialClient(ctx context.Context, addr jid.JID) (net.Conn, error) {
	return Dialer{}.DialClient(ctx, addr)
}

// DialServer connects to the server of addr's domain for a
// server-to-server session (_xmpp-server, _xmpps-server, port 5269) with a
// zero Dialer.
func DialServer(ctx context.Context, addr jid.JID) (net.Conn, error) {
	return Dialer{}.DialServer(ctx, addr)
}

// DialClient connects to the server of addr's domain for a client session.
// Only the domainpart of addr is used. The result is a *tls.Conn, handshake
// done, if direct TLS was used, and a plain TCP connection otherwise.
func (d Dialer) DialClient(ctx context.Context, addr jid.JID) (net.Conn, error) {
	return d.dial(ctx, clientKind, addr)
}

// DialServer connects to the server of addr's domain for a server-to-server
// session, as DialClient does for a client.
func (d Dialer) DialServer(ctx context.Context, addr jid.JID) (net.Conn, error) {
	return d.dial(ctx, serverKind, addr)
}

// kind is what differs between client and server connections.
type kind struct {
	startTLS, directTLS discover.Service
	port                int
	alpn                string
}

var (
	clientKind = kind{discover.ClientStartTLS, discover.ClientDirectTLS, DefaultClientPort, "xmpp-client"}
	serverKind = kind{discover.ServerStartTLS, discover.ServerDirectTLS, DefaultServerPort, "xmpp-server"}
)

// errNoServiceLookup is the lookup's verdict that Error reports as
// ErrNoService.
var errNoServiceLookup = discover.ErrNoService

func (d Dialer) dial(ctx context.Context, k kind, addr jid.JID) (net.Conn, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	domain := addr.Domainpart()
	if domain == "" {
		return nil, ErrNoDomain
	}
	host, isIP, err := discover.ASCIIDomain(domain)
	if err != nil {
		return nil, wrapDomainError(err)
	}
	p, err := d.plan(ctx, k, host, isIP)
	if err != nil {
		return nil, err
	}
	return d.try(ctx, p, d.tlsConfig(host, k.alpn))
}
