package server

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/presence"
	"github.com/canto-im/xmpp/roster"
	"github.com/canto-im/xmpp/sm"
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
	return s.serveTracked("", nil, true, receive)
}

// serveTracked is ServeTransport for a client at remote (empty if
// unknown); release, if not nil, is called once negotiation ends. With
// wait it returns when the session has ended and been cleaned up;
// without, once the session is running.
func (s *Server) serveTracked(remote string, release func(), wait bool, receive ReceiveFunc) error {
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
	return s.serveTransport(remote, release, wait, receive)
}

// serveTransport serves one client stream from remote (its address, or
// empty when unknown). release, if not nil, is called once negotiation
// ends: the connection no longer counts as unauthenticated. The caller
// holds a count of s.wg. With wait it returns when the session has ended
// and been cleaned up; without, as soon as the session runs: no goroutine
// waits for an idle session to end (its cleanup runs from the session's
// own reading goroutine as it exits, see [xmpp.Config.OnEnd]).
func (s *Server) serveTransport(remote string, release func(), wait bool, receive ReceiveFunc) error {
	s.stats.Connections.Add(1)
	b := &binding{s: s}
	features := []xmpp.StreamFeature{
		xmpp.StartTLS(s.tls),
		s.sasl2(remote, b), // XEP-0388, with Bind 2 and FAST
		xmpp.SASLServer(s.saslConfig(remote)),
		xmpp.BindResourceWith(b.assign),
		csi.Feature(),
		roster.Feature(),                     // RFC 6121 §2.6
		presence.PreApprovalFeature(),        // RFC 6121 §3.4
		xmpp.LegacySession(),                 // advertised as optional, as Prosody and ejabberd do
		xmpp.StreamLimits(s.cfg.IdleTimeout), // XEP-0478
		s.sm.Feature(),                       // XEP-0198 (its value is xmpp.AtWire: it counts what is on the wire, wherever listed)
	}
	if s.cfg.AllowRegistration {
		features = append(features, s.registerFeature(remote)) // XEP-0077, register.go
	}
	e := &ending{s: s, b: b, remote: remote}
	if wait {
		e.finished = make(chan struct{})
	}
	cfg := s.sessionConfig()
	cfg.Handler = &clientHandler{handler: s.handler}
	cfg.OnEnd = func(*xmpp.Session) { e.arrive() }
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
	sess, err := receive(ctx, s.domain, cfg, features...)
	cancel()
	if release != nil {
		release()
	}
	if err != nil {
		b.release()
		s.negotiationFailed(remote, err)
		return err
	}
	e.sess = sess
	user := sess.RemoteAddr()
	s.guard.logins.succeed(user.Localpart())
	s.log.Info("server: client connected", "jid", user.String(), "remote", remote)
	s.stats.Sessions.Add(1)
	// The session's cleanup keeps Close waiting; the caller's count
	// covers this Add.
	s.wg.Add(1)
	if b.res == nil && sm.IsResumed(sess) {
		// XEP-0198 resumption took the place of binding: the session
		// carries on the resource of the one it resumed.
		b.res = s.state.resume(sess)
		if b.res == nil {
			// The client bound the full JID afresh after the resumption
			// was answered (sm answers <failed/> to one before): the
			// fresh binding has the resource, so this stream ends as a
			// replaced one does (RFC 6120 §7.7.2.2, conflict).
			s.log.Info("server: resumed stream replaced by a fresh binding", "jid", user.String())
			s.endSession(sess, errReplaced)
			b.res = &resource{full: user, q: &deliveryQueue{closed: true}}
		}
	}
	if !s.state.attach(b.res, sess) {
		// Replaced between binding and now: end it as if it had been
		// attached already.
		s.endSession(sess, errReplaced)
	} else {
		s.replaceSameAgent(sess)
	}
	e.idle = s.watchIdle(sess, b.res)
	// Shutdown ends the session from a goroutine started only then.
	e.shutdown.Add(1)
	e.stopShutdown = context.AfterFunc(s.ctx, func() {
		defer e.shutdown.Done()
		closeWithError(sess, stream.SystemShutdown)
	})
	e.arrive()
	if wait {
		<-e.finished
	}
	return nil
}

// ending cleans up after a bound session once both it has ended (its
// OnEnd hook) and serveTransport has finished setting it up, whichever
// comes second: a session may end before it is attached.
type ending struct {
	s            *Server
	b            *binding
	remote       string
	sess         *xmpp.Session
	idle         *idleCheck
	stopShutdown func() bool
	shutdown     sync.WaitGroup // the shutdown closer, if it runs
	arrivals     atomic.Int32
	finished     chan struct{} // closed after cleanup, if someone waits
}

// arrive counts one of the two events; the second runs the cleanup.
func (e *ending) arrive() {
	if e.arrivals.Add(1) == 2 {
		e.finish()
	}
}

func (e *ending) finish() {
	s := e.s
	if e.stopShutdown() {
		e.shutdown.Done()
	}
	// A shutdown closer that began runs to its end before Close may
	// return (it runs on a goroutine of its own).
	e.shutdown.Wait()
	e.idle.stop()
	if s.sm.Detached(e.sess) {
		// XEP-0198: the stream is kept for resumption. The resource
		// stays and its queue takes what is routed to it until the
		// stream resumes (state.resume) or expires (smEnded).
		s.state.detach(e.b.res, e.sess)
	} else {
		// Nothing more is queued for the session; what waits is answered
		// (RFC 6121 §8.5.3.2) before the resource goes.
		s.closeQueue(e.b.res.q)
		s.disconnect(e.b.res)
	}
	s.log.Info("server: client disconnected", "jid", e.sess.RemoteAddr().String(), "remote", e.remote, "err", e.sess.Err())
	s.stats.Sessions.Add(-1)
	if e.finished != nil {
		close(e.finished)
	}
	s.wg.Done()
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
	s.awaited.goneFor(res.full)
}

// serveConn serves one accepted connection: plain TCP offers STARTTLS,
// direct TLS shakes hands first (XEP-0368). release is called once the
// connection has negotiated or failed to.
func (s *Server) serveConn(conn net.Conn, directTLS bool, release func()) {
	remote := conn.RemoteAddr().String()
	conn = newDeadlineConn(conn, s.cfg.WriteTimeout)
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
	_ = s.serveTransport(remote, release, false, func(ctx context.Context, location jid.JID, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpp.Session, error) {
		if directTLS {
			// The handshake happened here, not in the session: tell it
			// which certificate it served (tls-server-end-point).
			cfg.ServedCertificate = s.leaf
		}
		return xmpp.ReceiveClientSession(ctx, location, rw, cfg, features...)
	})
}
