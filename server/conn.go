package server

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
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
	return s.serveTracked("", nil, receive)
}

// serveTracked is ServeTransport for a client at remote (empty if
// unknown); release, if not nil, is called once negotiation ends.
func (s *Server) serveTracked(remote string, release func(), receive ReceiveFunc) error {
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
	return s.serveTransport(remote, release, receive)
}

// serveTransport serves one client stream from remote (its address, or
// empty when unknown). release, if not nil, is called once negotiation
// ends: the connection no longer counts as unauthenticated.
func (s *Server) serveTransport(remote string, release func(), receive ReceiveFunc) error {
	s.stats.Connections.Add(1)
	b := &binding{s: s}
	features := []xmpp.StreamFeature{
		xmpp.StartTLS(s.tls),
		xmpp.SASLServer(s.saslConfig(remote)),
		xmpp.BindResourceWith(b.assign),
		csi.Feature(),
		roster.Feature(),              // RFC 6121 §2.6
		presence.PreApprovalFeature(), // RFC 6121 §3.4
		xmpp.LegacySession(),          // advertised as optional, as Prosody and ejabberd do
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
	sess, err := receive(ctx, s.domain, s.sessionConfig(), features...)
	cancel()
	if release != nil {
		release()
	}
	if err != nil {
		b.release()
		s.negotiationFailed(remote, err)
		return err
	}
	user := sess.RemoteAddr()
	s.guard.logins.succeed(user.Localpart())
	s.log.Info("server: client connected", "jid", user.String(), "remote", remote)
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
	s.log.Info("server: client disconnected", "jid", user.String(), "remote", remote, "err", sess.Err())
	return nil
}

// negotiationFailed logs and counts a connection that ended before a
// session was bound. It is logged at Info: scanners and impatient clients
// make it common; the failed logins among these are logged at Warn by
// loginFailed.
func (s *Server) negotiationFailed(remote string, err error) {
	if s.ctx.Err() != nil {
		return // the server is closing
	}
	s.guard.failedNegotiations.Add(1)
	s.log.Info("server: negotiation failed", "remote", remote, "err", err)
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
// direct TLS shakes hands first (XEP-0368). release is called once the
// connection has negotiated or failed to.
func (s *Server) serveConn(conn net.Conn, directTLS bool, release func()) {
	remote := conn.RemoteAddr().String()
	conn = &deadlineConn{Conn: conn, timeout: s.cfg.WriteTimeout}
	var rw net.Conn = conn
	if directTLS {
		tc := tls.Server(conn, s.direct)
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			s.negotiationFailed(remote, fmt.Errorf("TLS handshake: %w", err))
			_ = conn.Close()
			return
		}
		rw = tc
	}
	_ = s.serveTransport(remote, release, func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		if directTLS {
			// The handshake happened here, not in the session: tell it
			// which certificate it served (tls-server-end-point).
			cfg.ServedCertificate = s.leaf
		}
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
