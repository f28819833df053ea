package websocket

import (
	"context"
	"net/http"
	"time"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// Handler is the receiving side: an http.Handler that accepts XMPP over
// WebSocket, negotiates each stream as a received client session, and hands
// it to Serve. The connection lives until the session ends.
type Handler struct {
	// Location is the domain the streams are for.
	Location jid.JID
	// Config is each session's configuration. Behind a TLS-terminating proxy set InsecureAssumeSecure; otherwise a
	// connection over plain http is not Secure and SASL is not offered.
	Config xmpp.Config
	// Features are offered to each client (SASLServer, BindResource, ...).
	// StartTLS does not apply to WebSocket and is never offered.
	Features []xmpp.StreamFeature
	// Serve receives each negotiated session and may return at once; the
	// handler then waits until the session ends. Nil only keeps it open.
	Serve func(ctx context.Context, s *xmpp.Session)
	// OriginPatterns lists the browser origins allowed besides the
	// request's own host (see github.com/coder/websocket AcceptOptions).
	OriginPatterns []string
	// NegotiationTimeout bounds a client's negotiation. Zero means 30 s.
	NegotiationTimeout time.Duration
	// OnError, if set, learns why a connection's negotiation failed.
	OnError func(r *http.Request, err error)
}

// Accept upgrades an HTTP request to XMPP over WebSocket, requiring the
// "xmpp" subprotocol, and returns the connection for
// xmpp.ReceiveClientSession, for servers that negotiate themselves rather
// than through [Handler]. On error the request
// has been answered.
func Accept(w http.ResponseWriter, r *http.Request, originPatterns []string) (*Conn, error) {
	c, err := ws.Accept(w, r, &ws.AcceptOptions{Subprotocols: []string{Subprotocol}, OriginPatterns: originPatterns})
	if err != nil {
		return nil, err
	}
	if c.Subprotocol() != Subprotocol {
		_ = c.Close(ws.StatusPolicyViolation, `the "xmpp" subprotocol is required`)
		return nil, ErrSubprotocol
	}
	return newConn(c, r.TLS, readLimit), nil
}

// negotiationTimeout is the default bound on a client's negotiation.
const negotiationTimeout = 30 * time.Second

// ServeHTTP accepts one WebSocket connection and runs its XMPP session.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := Accept(w, r, h.OriginPatterns)
	if err != nil {
		return
	}
	timeout := h.NegotiationTimeout
	if timeout == 0 {
		timeout = negotiationTimeout
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	s, err := xmpp.ReceiveClientSession(ctx, h.Location, conn, h.Config, h.Features...)
	cancel()
	if err != nil {
		_ = conn.Close()
		if h.OnError != nil {
			h.OnError(r, err)
		}
		return
	}
	if h.Serve != nil {
		h.Serve(r.Context(), s)
	}
	<-s.Done()
}
