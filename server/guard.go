package server

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp/sasl"
)

// guard holds what protects the server from its unauthenticated peers:
// the caps on connections still negotiating, the login back-off, and the
// counts of what was refused.
type guard struct {
	gate   *gate
	logins *loginGuard

	refusedConns       atomic.Uint64
	failedLogins       atomic.Uint64
	failedNegotiations atomic.Uint64
	oversize           atomic.Uint64

	refusalLog logLimiter
}

func newGuard(cfg Config) *guard {
	logins := newLoginGuard()
	if cfg.InsecureNoLoginBackoff {
		logins.base, logins.max = 0, 0
	}
	return &guard{gate: newGate(cfg.MaxUnauthenticated, cfg.MaxUnauthenticatedPerAddr), logins: logins}
}

// GuardStats counts what the server refused to protect itself and its
// users, since it was created.
type GuardStats struct {
	// RefusedConnections were closed as soon as accepted: they would have
	// gone over Config.MaxUnauthenticated or MaxUnauthenticatedPerAddr.
	RefusedConnections uint64
	// FailedLogins are SASL exchanges that failed with not-authorized: a
	// wrong password or an unknown user.
	FailedLogins uint64
	// FailedNegotiations are client connections that ended before a
	// session was bound: TLS, SASL or binding failed, or the client left or
	// was too slow.
	FailedNegotiations uint64
	// OversizeStanzas were refused to their sender with policy-violation:
	// as the server would write them, they exceed what a client accepts.
	OversizeStanzas uint64
}

// GuardStats returns the counts of what the server refused so far.
func (s *Server) GuardStats() GuardStats {
	g := s.guard
	return GuardStats{
		RefusedConnections: g.refusedConns.Load(),
		FailedLogins:       g.failedLogins.Load(),
		FailedNegotiations: g.failedNegotiations.Load(),
		OversizeStanzas:    g.oversize.Load(),
	}
}

// refused logs and counts a connection closed on accept. Under a flood of
// connections one line a second says how many were refused, not one line
// each.
func (s *Server) refused(remote, why string) {
	s.guard.refusedConns.Add(1)
	if ok, suppressed := s.guard.refusalLog.allow(time.Now()); ok {
		s.log.Warn("server: connection refused", "remote", remote, "reason", why, "also_refused", suppressed)
	}
}

// saslConfig is the SASL configuration for a connection from remote (empty
// if unknown): failed logins are logged with it and back off.
func (s *Server) saslConfig(remote string) sasl.ServerConfig {
	cfg := s.creds.saslConfig()
	cfg.Failed = func(user string, err error) { s.loginFailed(remote, user, err) }
	return cfg
}

// loginFailed logs a failed SASL exchange and, for a wrong password or an
// unknown user, delays the failure reply (see loginGuard). It runs on the
// connection's own goroutine.
func (s *Server) loginFailed(remote, user string, err error) {
	// A refused downgrade or channel binding is a client walking the
	// mechanism list (slixmpp 1.8 tries every -PLUS form, then "y"), not
	// a password guess: logged, never delayed.
	if !errors.Is(err, sasl.ErrNotAuthorized) || errors.Is(err, sasl.ErrDowngrade) || errors.Is(err, sasl.ErrChannelBinding) {
		s.log.Info("server: SASL failed", "remote", remote, "user", user, "err", err)
		return
	}
	s.guard.failedLogins.Add(1)
	n, delay := s.guard.logins.fail(user, remote)
	s.log.Warn("server: login failed", "remote", remote, "user", user, "failures", n, "delay", delay)
	if delay <= 0 {
		return // Config.InsecureNoLoginBackoff
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
	}
}

// logLimiter lets one log line through per second.
type logLimiter struct {
	mu         sync.Mutex
	next       time.Time
	suppressed int
}

// allow reports whether to log now, and how many lines were held back
// since the last one.
func (l *logLimiter) allow(now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.next) {
		l.suppressed++
		return false, 0
	}
	n := l.suppressed
	l.next, l.suppressed = now.Add(time.Second), 0
	return true, n
}
