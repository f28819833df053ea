package websocket

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/internal/discover"
	"github.com/canto-im/xmpp/jid"
)

// Errors of the client side.
var (
	// ErrNoEndpoint means no URL was given and XEP-0156 discovery found
	// no wss:// endpoint for the domain.
	ErrNoEndpoint = errors.New("websocket: no WebSocket endpoint found for the domain")
	// ErrSubprotocol means the server did not accept the "xmpp" subprotocol.
	ErrSubprotocol = errors.New(`websocket: the server did not select the "xmpp" subprotocol`)
	// ErrInsecureURL means a ws:// URL was given without InsecurePlainWebSocket.
	ErrInsecureURL = errors.New("websocket: ws:// is not encrypted; use wss:// (or set InsecurePlainWebSocket)")
)

// Dialer opens XMPP-over-WebSocket connections. The zero value discovers
// the endpoint with XEP-0156 and verifies TLS with the system's roots.
// A Dialer is copied by its methods and never modified.
type Dialer struct {
	// URL is the endpoint, wss://host/path. Empty means discover it with
	// XEP-0156 host-meta at the JID's domain.
	URL string
	// TLSConfig holds the roots (nil: the system's) and client certificates.
	// It is cloned; ServerName is always set to the XMPP domain, whatever
	// the URL's host, so the certificate is checked against the domain.
	TLSConfig *tls.Config
	// HTTPClient fetches host-meta during discovery. Nil means an
	// http.Client that trusts TLSConfig's roots.
	HTTPClient *http.Client
	// NetDialer makes the TCP connections (to the endpoint, and for
	// discovery when HTTPClient is nil). Nil means a net.Dialer.
	NetDialer dial.ContextDialer
	// InsecurePlainWebSocket allows ws:// URLs (no TLS). The stream is then
	// not Secure, and the session needs Config.InsecureAssumeSecure to
	// authenticate. Never set it on a network.
	InsecurePlainWebSocket bool
}

// Dial opens a WebSocket to origin's server and returns it ready for
// [xmpp.NewClientSession], which detects its framing; [Dialer.NewClientSession]
// does both.
func (d Dialer) Dial(ctx context.Context, origin jid.JID) (*Conn, error) {
	serverName, err := dial.ServerName(origin.Domainpart())
	if err != nil {
		return nil, err
	}
	tlsCfg := &tls.Config{}
	if d.TLSConfig != nil {
		tlsCfg = d.TLSConfig.Clone()
	}
	tlsCfg.ServerName = serverName
	if tlsCfg.MinVersion == 0 {
		tlsCfg.MinVersion = tls.VersionTLS12
	}
	endpoint, err := d.endpoint(ctx, origin, tlsCfg)
	if err != nil {
		return nil, err
	}
	t := d.transport(tlsCfg)
	defer t.CloseIdleConnections() // the upgraded connection is the WebSocket's
	client := &http.Client{Transport: t}
	c, resp, err := ws.Dial(ctx, endpoint, &ws.DialOptions{HTTPClient: client, Subprotocols: []string{Subprotocol}})
	if err != nil {
		return nil, fmt.Errorf("websocket: %s: %w", endpoint, err)
	}
	if c.Subprotocol() != Subprotocol {
		_ = c.Close(ws.StatusProtocolError, "xmpp subprotocol required")
		return nil, ErrSubprotocol
	}
	var state *tls.ConnectionState
	if resp != nil {
		state = resp.TLS
	}
	return newConn(c, state, readLimit), nil
}

// readLimit bounds one WebSocket message; the session's token layer
// enforces its own, tighter, limits on the element inside.
const readLimit = int64(1<<20) + 4096

// endpoint returns the URL to dial, discovering it if none was given.
func (d Dialer) endpoint(ctx context.Context, origin jid.JID, tlsCfg *tls.Config) (string, error) {
	if d.URL == "" {
		hc := d.HTTPClient
		if hc == nil {
			cfg := tlsCfg.Clone()
			cfg.ServerName = "" // host-meta is fetched from the domain itself
			t := d.transport(cfg)
			t.DisableKeepAlives = true // one fetch; keep no idle connection behind
			hc = &http.Client{Transport: t}
		}
		eps, err := discover.HostMeta(ctx, hc, origin.Domainpart())
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrNoEndpoint, err)
		}
		if len(eps.WebSocket) == 0 {
			return "", ErrNoEndpoint
		}
		return eps.WebSocket[0], nil
	}
	u, err := url.Parse(d.URL)
	if err != nil {
		return "", fmt.Errorf("websocket: bad URL: %w", err)
	}
	switch {
	case u.Scheme == "wss":
	case u.Scheme == "ws" && d.InsecurePlainWebSocket:
	case u.Scheme == "ws":
		return "", ErrInsecureURL
	default:
		return "", fmt.Errorf("websocket: URL scheme %q is not ws or wss", u.Scheme)
	}
	return d.URL, nil
}

// transport is an HTTP/1.1 transport (WebSocket upgrades need it) with
// the given TLS configuration and the Dialer's NetDialer.
func (d Dialer) transport(cfg *tls.Config) *http.Transport {
	t := &http.Transport{TLSClientConfig: cfg}
	if d.NetDialer != nil {
		t.DialContext = d.NetDialer.DialContext
	}
	return t
}

// NewClientSession dials and negotiates a client session over WebSocket.
// STARTTLS does not apply to WebSocket (TLS is the connection's, wss://):
// the session skips it if it is among features.
func (d Dialer) NewClientSession(ctx context.Context, origin jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
	conn, err := d.Dial(ctx, origin)
	if err != nil {
		return nil, err
	}
	return xmpp.NewClientSession(ctx, origin, conn, cfg, features...)
}
