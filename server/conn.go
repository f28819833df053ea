package server

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
)

// ReceiveFunc negotiates the receiving side of a client stream on one
// transport, the way [xmpp.ReceiveClientSession] does on a connection it is
// given: it opens the stream for location, offers features and returns the
// session once the client is bound.
type ReceiveFunc func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error)

// ServeTransport serves one client stream negotiated by receive: it runs
// receive with the server's configuration and stream features (STARTTLS,
// SCRAM, binding), routes the session's stanzas, and returns when the
// session ends or the server closes. It is how transports other than TCP
// (WebSocket, say) use the server; the server's own listeners use it too.
func (s *Server) ServeTransport(receive ReceiveFunc) error {
	s.mu.Lock()
	closed := s.closed
	if !closed {
		s.wg.Add(1)
	}
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	defer s.wg.Done()
	return s.serveTransport(receive)
}

func (s *Server) serveTransport(receive ReceiveFunc) error {
	s.stats.Connections.Add(1)
	b := &binding{s: s}
	features := []xmpp.StreamFeature{
		xmpp.StartTLS(s.tls),
		xmpp.SASLServer(s.creds.saslConfig()),
		xmpp.BindResourceWith(b.assign),
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
	sess, err := receive(ctx, s.domain, s.sessionConfig(), features...)
	cancel()
	if err != nil {
		b.release()
		s.log.Debug("server: negotiation failed", "err", err)
		return err
	}
	s.log.Info("server: client connected", "jid", sess.RemoteAddr().String())
	s.stats.Sessions.Add(1)
	defer s.stats.Sessions.Add(-1)
	if !s.state.attach(b.res, sess) {
		// Replaced between binding and now: end it as if it had been
		// attached already.
		s.endSession(sess, errReplaced)
	}
	idle := s.watchIdle(sess, b.res)
	select {
	case <-sess.Done():
	case <-s.ctx.Done():
		closeWithError(sess, stream.SystemShutdown)
	}
	idle.stop()
	// Nothing more is queued for the session; what waits is answered
	// (RFC 6121 §8.5.3.2) before the resource goes.
	s.closeQueue(b.res.q)
	s.disconnect(b.res)
	s.log.Info("server: client disconnected", "jid", sess.RemoteAddr().String(), "err", sess.Err())
	return nil
}

// disconnect forgets a resource whose session ended, broadcasting its
// unavailable presence.
func (s *Server) disconnect(res *resource) {
	var out outbox
	s.state.mu.Lock()
	s.state.removeResource(res, nil, &out)
	s.state.mu.Unlock()
	s.send(out)
}

// serveConn serves one accepted connection: plain TCP offers STARTTLS,
// direct TLS shakes hands first (XEP-0368).
func (s *Server) serveConn(conn net.Conn, directTLS bool) {
	conn = &deadlineConn{Conn: conn, timeout: s.cfg.WriteTimeout}
	var rw net.Conn = conn
	if directTLS {
		tc := tls.Server(conn, s.direct)
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			s.log.Debug("server: TLS handshake failed", "remote", conn.RemoteAddr().String(), "err", err)
			_ = conn.Close()
			return
		}
		rw = tc
	}
	_ = s.serveTransport(func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		return xmpp.ReceiveClientSession(ctx, location, rw, cfg, features...)
	})
}

// deadlineConn gives every write a deadline, so that a client that stops
// reading loses its connection instead of blocking the goroutines that
// deliver to it.
type deadlineConn struct {
	net.Conn
	timeout time.Duration
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(p)
}
