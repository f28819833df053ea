package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stream"
)

// connect makes one connection attempt, to dest if it is not empty (a
// redirect's host:port or URL), and negotiates a session.
func (c *Client) connect(ctx context.Context, dest string) (*xmpp.Session, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout)
	defer cancel()
	scfg := c.cfg.Session
	if c.cfg.Handler != nil {
		scfg.Handler = c.cfg.Handler
	}
	login := []xmpp.StreamFeature{xmpp.SASLWith(sasl.ClientConfig{Password: c.cfg.Password, Cache: c.scram})}
	if c.cfg.Resumer != nil {
		login = append(login, c.cfg.Resumer.Features()...)
	}
	if f := c.sasl2Login(); f != nil {
		login = append([]xmpp.StreamFeature{f}, login...) // SASL2 first: picked when offered
	}
	login = append(login, xmpp.BindResource())
	login = append(login, c.cfg.Features...)
	if c.cfg.WebSocket != nil {
		d := *c.cfg.WebSocket
		if dest != "" {
			d.URL = dest
		}
		// TLS is the WebSocket's: no STARTTLS.
		return d.NewClientSession(ctx, c.addr, scfg, login...)
	}
	d := c.cfg.Dial
	if dest != "" {
		d.Address = dest
	}
	conn, err := d.DialClient(ctx, c.addr)
	if err != nil {
		return nil, err
	}
	// Over direct TLS the stream is already Secure and StartTLS is not
	// negotiated. Either way the certificate is checked against the
	// account's domain (the dialer and StartTLS set ServerName to it).
	features := append([]xmpp.StreamFeature{xmpp.StartTLS(d.TLSConfig)}, login...)
	return xmpp.NewClientSession(ctx, c.addr, conn, scfg, features...)
}

// permanent reports whether retrying cannot cure err: a refused login, a
// certificate that does not verify for the domain, or a conflict (another
// session took the resource, and would be evicted in turn).
func permanent(err error) bool {
	var (
		saslErr *xmpp.SASLError
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	return errors.As(err, &saslErr) || errors.As(err, &certErr) || errors.As(err, &unknown) ||
		errors.As(err, &host) || errors.As(err, &invalid) || errors.Is(err, stream.Conflict)
}
