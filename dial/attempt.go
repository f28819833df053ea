package dial

import (
	"context"
	"crypto/tls"
	"net"
)

// try dials the candidates in order until one succeeds.
func (d Dialer) try(ctx context.Context, p plan, cfg *tls.Config) (net.Conn, error) {
	var attempts []Attempt
	for _, c := range p.cands {
		conn, err := d.attempt(ctx, c, cfg)
		if err == nil {
			return conn, nil
		}
		attempts = append(attempts, Attempt{Address: c.addr, DirectTLS: c.directTLS, Err: err})
		if ctx.Err() != nil {
			break
		}
	}
	return nil, &Error{Domain: p.domain, Lookup: p.lookup, Fallback: p.fallback, Attempts: attempts}
}

// attempt dials one candidate, and for direct TLS does the handshake, all
// within the attempt timeout.
func (d Dialer) attempt(ctx context.Context, c candidate, cfg *tls.Config) (net.Conn, error) {
	timeout := d.AttemptTimeout
	if timeout <= 0 {
		timeout = DefaultAttemptTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var nd ContextDialer = &net.Dialer{}
	if d.NetDialer != nil {
		nd = d.NetDialer
	}
	conn, err := nd.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return nil, err
	}
	if !c.directTLS {
		return conn, nil
	}
	tlsConn := tls.Client(conn, cfg)
	if err := tlsConn.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tlsConn, nil
}

// tlsConfig derives the direct TLS configuration from the Dialer's: the
// certificate is checked against the domain (host, already in its ASCII
// form), and ALPN names the XMPP service (XEP-0368 §3).
func (d Dialer) tlsConfig(host, alpn string) *tls.Config {
	var cfg *tls.Config
	if d.TLSConfig != nil {
		cfg = d.TLSConfig.Clone()
	} else {
		cfg = &tls.Config{}
	}
	cfg.ServerName = host
	cfg.NextProtos = []string{alpn}
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg
}
