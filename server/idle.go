package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// idleCheck pings a client that has sent nothing for Config.IdleTimeout
// (XEP-0199 §4.2, server to client) and ends its stream with
// connection-timeout (RFC 6120 §4.9.3.4) if no answer comes within
// Config.PingTimeout: that is how a peer that vanished without closing its
// connection (a half-open TCP connection) is found, whose writes would
// otherwise succeed into the kernel's buffers for many minutes. It holds a
// timer, not a goroutine, while the session is idle.
type idleCheck struct {
	s    *Server
	sess *xmpp.Session
	res  *resource
	mu   sync.Mutex // guards timer, which the timer's callback uses
	// timer is nil only until watchIdle has set it.
	timer   *time.Timer
	stopped bool // the session ended: the timer is not re-armed
}

// watchIdle starts the idle check of a session; stop it with stop.
func (s *Server) watchIdle(sess *xmpp.Session, res *resource) *idleCheck {
	res.lastSeen.Store(time.Now().UnixNano())
	c := &idleCheck{s: s, sess: sess, res: res}
	c.mu.Lock()
	c.timer = time.AfterFunc(s.cfg.IdleTimeout, c.check)
	c.mu.Unlock()
	return c
}

func (c *idleCheck) stop() { c.reset(-1) }

// reset re-arms the timer for d, or stops it if d is negative.
func (c *idleCheck) reset(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d < 0 {
		c.stopped = true
		c.timer.Stop()
		return
	}
	if !c.stopped {
		c.timer.Reset(d)
	}
}

// check runs when the timer fires: it re-arms for the rest of the idle time
// if the client spoke meanwhile, and pings it otherwise.
func (c *idleCheck) check() {
	idle := c.s.cfg.IdleTimeout
	since := time.Since(time.Unix(0, c.res.lastSeen.Load()))
	if since < idle {
		c.reset(idle - since)
		return
	}
	c.s.goTracked(c.ping)
}

func (c *idleCheck) ping() {
	ctx, cancel := context.WithTimeout(c.s.ctx, c.s.cfg.PingTimeout)
	defer cancel()
	asked := time.Now().UnixNano()
	// An error answer (a client without XEP-0199 says
	// service-unavailable) proves the client is there as well as a result.
	_, err := ping.Send(ctx, c.sess, c.sess.RemoteAddr())
	select {
	case <-c.sess.Done():
		return
	case <-c.s.ctx.Done():
		return
	default:
	}
	if err == nil || isStanzaError(err) {
		c.res.lastSeen.Store(time.Now().UnixNano())
		c.reset(c.s.cfg.IdleTimeout)
		return
	}
	if c.res.lastSeen.Load() > asked {
		// No answer in time, but the client sent stanzas after the ping
		// went out: its connection is alive (a busy or slow client, its
		// answer queued behind its own work). Only silence ends it.
		c.reset(c.s.cfg.IdleTimeout)
		return
	}
	c.s.log.Info("server: client does not answer, closing", "jid", c.sess.RemoteAddr().String(), "err", err)
	closeWithError(c.sess, stream.ConnectionTimeout.WithText("no answer to ping"))
}

// isStanzaError reports whether err is an error answer from the peer.
func isStanzaError(err error) bool {
	var se stanza.Error
	return errors.As(err, &se)
}
