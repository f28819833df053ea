package server

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/websocket"
)

// WebSocketPath is where [Server.ListenWebSocket] serves XMPP over
// WebSocket (RFC 7395).
const WebSocketPath = "/xmpp-websocket"

// errNoWebSocket means an HTTP request to the WebSocket endpoint did not
// become an XMPP session (no upgrade, no "xmpp" subprotocol, or a failed
// negotiation).
var errNoWebSocket = errors.New("server: the WebSocket request did not become a session")

// ListenWebSocket listens for HTTPS on addr (host:port; port 0 picks a
// free one), with the server's certificate, and serves in the background
// XMPP over WebSocket (RFC 7395) at [WebSocketPath] and the XEP-0156
// host-meta documents that advertise it. WebSocket sessions are routed
// like every other. It returns once the socket is open; [Server.WebSocketURL]
// says where.
func (s *Server) ListenWebSocket(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	tlsCfg := s.tls.Clone()
	tlsCfg.NextProtos = []string{"http/1.1"} // WebSocket upgrades need HTTP/1.1
	web := &http.Server{
		Handler:           s.webMux(),
		ReadHeaderTimeout: s.cfg.NegotiationTimeout,
		IdleTimeout:       s.cfg.NegotiationTimeout,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){}, // no HTTP/2
	}
	if !s.addListener(listener{ln: ln, kind: webSocketListener, web: web}, false) {
		_ = ln.Close()
		return ErrClosed
	}
	tlsLn := tls.NewListener(deadlineListener{Listener: ln, timeout: s.cfg.WriteTimeout}, tlsCfg)
	s.goTracked(func() { _ = web.Serve(tlsLn) })
	return nil
}

// WebSocketAddr returns the address of the first WebSocket listener, or nil.
func (s *Server) WebSocketAddr() net.Addr { return s.addr(webSocketListener) }

// WebSocketURL returns the wss:// URL of the first WebSocket listener, or
// "" if there is none.
func (s *Server) WebSocketURL() string {
	a := s.WebSocketAddr()
	if a == nil {
		return ""
	}
	return "wss://" + a.String() + WebSocketPath
}

// webMux routes the HTTP requests of a WebSocket listener.
func (s *Server) webMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc(WebSocketPath, s.serveWebSocket)
	m.HandleFunc(hostMetaPath, serveHostMeta)
	m.HandleFunc(hostMetaJSONPath, serveHostMeta)
	return m
}

// serveWebSocket serves one WebSocket request: the stream is negotiated
// and routed like a TCP connection's, and counts against the same caps on
// unauthenticated connections until it is bound.
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	release, why := s.guard.gate.enter(r.RemoteAddr)
	if why != "" {
		s.refused(r.RemoteAddr, why)
		http.Error(w, why, http.StatusServiceUnavailable)
		return
	}
	defer release()
	finished := make(chan struct{})
	ran := false // whether the WebSocket handler was started (and owns w)
	_ = s.serveTracked(r.RemoteAddr, release, true, func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		sess, started, err := s.receiveWebSocket(ctx, w, r, finished, location, cfg, features)
		ran = started
		return sess, err
	})
	if !ran {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	<-finished // the WebSocket handler is done with w
}

// receiveWebSocket starts a websocket.Handler for the request on a tracked
// goroutine, which lives as long as the session, and returns the session
// it negotiated. finished is closed when the handler returns; started
// says whether it was started. ctx bounds the negotiation.
func (s *Server) receiveWebSocket(ctx context.Context, w http.ResponseWriter, r *http.Request, finished chan struct{},
	location jid.JID, cfg xmpp.Config, features []xmpp.StreamFeature) (sess *xmpp.Session, started bool, err error) {
	got := make(chan *xmpp.Session, 1)
	cfg.ServedCertificate = s.leaf // the TLS of the HTTPS connection is the server's
	h := &websocket.Handler{
		Location: location,
		Config:   cfg,
		Features: s.webSocketFeatures(features), // the session skips STARTTLS on WebSocket
		Serve:    func(_ context.Context, sess *xmpp.Session) { got <- sess },
	}
	if !s.goTracked(func() {
		defer close(finished)
		h.ServeHTTP(w, r.WithContext(ctx))
	}) {
		return nil, false, ErrClosed
	}
	select {
	case sess := <-got:
		return sess, true, nil
	case <-finished:
		select {
		case sess := <-got: // negotiated, and already ended
			return sess, true, nil
		default:
			return nil, true, errNoWebSocket
		}
	}
}

var mechanismsName = xml.Name{Space: xmpp.NSSASL, Local: "mechanisms"}

// webSocketFeatures are the features of a WebSocket stream: SASL without
// the -PLUS mechanisms unless Config.WebSocketChannelBinding asks for them.
// Browsers give scripts no channel-binding data, and some clients
// (StanzaJS) pick a -PLUS mechanism all the same and retry it until they
// give up; Prosody and ejabberd offer no -PLUS over WebSocket either.
func (s *Server) webSocketFeatures(features []xmpp.StreamFeature) []xmpp.StreamFeature {
	if s.cfg.WebSocketChannelBinding {
		return features
	}
	out := make([]xmpp.StreamFeature, 0, len(features))
	for _, f := range features {
		if f.Name() == mechanismsName {
			f = xmpp.SASLServer(s.creds.saslConfigWithoutPlus())
		}
		if s2, ok := f.(sasl2Feature); ok {
			f = s2.withoutPlus()
		}
		out = append(out, f)
	}
	return out
}

// deadlineListener gives every accepted connection the write deadline of
// deadlineConn, so that a WebSocket client that stops reading is dropped
// like a TCP one.
type deadlineListener struct {
	net.Listener
	timeout time.Duration
}

func (l deadlineListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return newDeadlineConn(c, l.timeout), nil
}
