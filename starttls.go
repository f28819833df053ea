package xmpp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSTLS is the STARTTLS namespace (RFC 6120 §5).
const NSTLS = "urn:ietf:params:xml:ns:xmpp-tls"

// Errors of STARTTLS.
var (
	// ErrTLSRefused means the server answered <starttls/> with <failure/>.
	ErrTLSRefused = errors.New("xmpp: the server refused STARTTLS")
	// ErrDataBeforeTLS means bytes arrived after <proceed/> (or after
	// <starttls/>) that the peer had no business sending before the TLS
	// handshake: injected by an attacker, they are discarded and the
	// negotiation fails (RFC 6120 §5.4.3.3).
	ErrDataBeforeTLS = errors.New("xmpp: plaintext data pipelined across the TLS switch")
)

var (
	startTLSName = xml.Name{Space: NSTLS, Local: "starttls"}
	proceedName  = xml.Name{Space: NSTLS, Local: "proceed"}
	failureName  = xml.Name{Space: NSTLS, Local: "failure"}
)

// StartTLS returns the STARTTLS feature (RFC 6120 §5).
//
// The initiating side verifies the server's certificate against the domain
// of the JID it connects as (never against a host name found by DNS, and
// whatever cfg.ServerName says), using cfg's roots (nil: the system's). cfg
// is cloned for each session and never modified.
//
// The receiving side offers STARTTLS as required and needs cfg with a
// certificate. A cfg with one certificate, a MinVersion, and neither
// GetCertificate nor GetConfigForClient is handed to crypto/tls as it is
// and shared by the sessions, as a tls.Listener shares its configuration
// (so a session ticket one stream issued resumes on another); any other
// cfg is cloned for each session. Do not change cfg while it is in use.
func StartTLS(cfg *tls.Config) StreamFeature { return startTLS{cfg: cfg} }

type startTLS struct{ cfg *tls.Config }

func (startTLS) Name() xml.Name { return startTLSName }

func (startTLS) States() (needs, excludes, provides State) { return 0, Secure, Secure }

func (f startTLS) Advertise(_ context.Context, _ *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	if f.cfg == nil || (len(f.cfg.Certificates) == 0 && f.cfg.GetCertificate == nil && f.cfg.GetConfigForClient == nil) {
		return false, false, errors.New("xmpp: StartTLS on the receiving side needs a tls.Config with a certificate")
	}
	if err := w.Start(startTLSName); err != nil {
		return false, false, err
	}
	if err := w.EmptyElement(xml.Name{Space: NSTLS, Local: "required"}); err != nil {
		return false, false, err
	}
	return true, true, w.End()
}

func (f startTLS) Negotiate(ctx context.Context, n *Negotiation, _ *xmlstream.Element) (FeatureResult, error) {
	if n.State().Has(Received) {
		return f.receive(ctx, n)
	}
	return f.initiate(ctx, n)
}

func (f startTLS) initiate(ctx context.Context, n *Negotiation) (FeatureResult, error) {
	if err := n.Send(ctx, xmlstream.EmptyElement{Name: startTLSName}); err != nil {
		return FeatureResult{}, err
	}
	el, err := n.Read(ctx)
	if err != nil {
		return FeatureResult{}, err
	}
	switch el.Name() {
	case proceedName:
	case failureName:
		return FeatureResult{}, ErrTLSRefused
	default:
		return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> in answer to <starttls/>", el.Name().Local)
	}
	if n.s.dec.SkipBufferedSpace() != 0 {
		return FeatureResult{}, n.s.failWith(stream.PolicyViolation, ErrDataBeforeTLS)
	}
	cfg, err := f.clientConfig(n)
	if err != nil {
		return FeatureResult{}, err
	}
	tc := tls.Client(asNetConn(n.Conn()), cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: TLS handshake: %w", err)
	}
	return FeatureResult{Add: Secure, Conn: tc, Restart: true}, nil
}

// clientConfig clones the configuration and sets the name to verify.
func (f startTLS) clientConfig(n *Negotiation) (*tls.Config, error) {
	var cfg *tls.Config
	if f.cfg != nil {
		cfg = f.cfg.Clone()
	} else {
		cfg = &tls.Config{}
	}
	// Always the XMPP domain, whatever cfg says (RFC 7590, RFC 6125 §6).
	name, err := dial.ServerName(n.Remote().Domainpart())
	if err != nil {
		return nil, fmt.Errorf("xmpp: domain for TLS: %w", err)
	}
	cfg.ServerName = name
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	return cfg, nil
}

func (f startTLS) receive(ctx context.Context, n *Negotiation) (FeatureResult, error) {
	// White space after <starttls/> in the same write is harmless and
	// dropped; anything else would be read as plaintext by the TLS layer
	// or, worse, injected into the secured stream.
	if n.s.dec.SkipBufferedSpace() != 0 {
		return FeatureResult{}, n.s.failWith(stream.PolicyViolation, ErrDataBeforeTLS)
	}
	if err := n.Send(ctx, xmlstream.EmptyElement{Name: proceedName}); err != nil {
		return FeatureResult{}, err
	}
	cfg, served := f.serverConfig()
	tc := tls.Server(asNetConn(n.Conn()), cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: TLS handshake: %w", err)
	}
	if c := *served; c != nil && len(c.Certificate) > 0 {
		// The parsed leaf, when the certificate carries it
		// (tls.X509KeyPair fills it in), is shared by every session
		// instead of a copy parsed for each (about 2 KiB apiece).
		if c.Leaf != nil {
			n.s.servedCert = c.Leaf
		} else {
			n.s.servedCert, _ = x509.ParseCertificate(c.Certificate[0])
		}
	}
	return FeatureResult{Add: Secure, Conn: tc, Restart: true}, nil
}

// serverConfig returns the configuration to serve the handshake with and
// where the certificate it served will be (SASL's tls-server-end-point
// binding hashes it).
//
// A configuration with one certificate and no callbacks always serves that
// certificate, so it is used as it is, shared by every session: a clone per
// session cost about half a KiB for each idle stream (the clone and its own
// session ticket keys), and sharing lets a client resume a TLS session
// begun on another stream. Otherwise the configuration is cloned so that
// it records the choice.
func (f startTLS) serverConfig() (*tls.Config, **tls.Certificate) {
	base := f.cfg
	if len(base.Certificates) == 1 && base.GetCertificate == nil && base.GetConfigForClient == nil &&
		base.MinVersion != 0 {
		served := &base.Certificates[0]
		return base, &served
	}
	cfg := base.Clone()
	if cfg.MinVersion == 0 {
		cfg.MinVersion = tls.VersionTLS12
	}
	served := new(*tls.Certificate)
	// Without Certificates, crypto/tls always asks GetCertificate, also
	// when the client sends no SNI, so the choice is always recorded.
	cfg.Certificates = nil
	cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if base.GetCertificate != nil {
			c, err := base.GetCertificate(hello)
			*served = c
			return c, err
		}
		for i := range base.Certificates {
			if hello.SupportsCertificate(&base.Certificates[i]) == nil {
				*served = &base.Certificates[i]
				return *served, nil
			}
		}
		if len(base.Certificates) == 0 {
			return nil, errors.New("xmpp: no certificate configured")
		}
		*served = &base.Certificates[0]
		return *served, nil
	}
	return cfg, served
}

// asNetConn gives crypto/tls the net.Conn it needs.
func asNetConn(rw io.ReadWriter) net.Conn {
	if c, ok := rw.(net.Conn); ok {
		return c
	}
	return rwConn{rw}
}

// rwConn adapts an io.ReadWriter to net.Conn; deadlines are not supported.
type rwConn struct{ io.ReadWriter }

func (c rwConn) Close() error {
	if cl, ok := c.ReadWriter.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}
func (rwConn) LocalAddr() net.Addr              { return pipeAddr{} }
func (rwConn) RemoteAddr() net.Addr             { return pipeAddr{} }
func (rwConn) SetDeadline(time.Time) error      { return nil }
func (rwConn) SetReadDeadline(time.Time) error  { return nil }
func (rwConn) SetWriteDeadline(time.Time) error { return nil }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
