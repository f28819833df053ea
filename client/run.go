package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmlstream"
)

// stableSession is how long a session must last for the failures before
// it to be forgotten: the next loss is then retried at once, and the
// redirect chain starts afresh.
const stableSession = 30 * time.Second

// closeTimeout bounds the closing handshake when Run ends or a dead
// connection is dropped.
const closeTimeout = 5 * time.Second

// Run connects, and reconnects whenever the connection is lost, until ctx
// is done (it then closes the stream and returns nil) or the client gives
// up: it then returns an error wrapping ErrGaveUp and the last cause, or,
// for a cause that retrying cannot cure (see the package documentation),
// that cause itself. Run may be called only once.
func (c *Client) Run(ctx context.Context) error {
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return ErrRunning
	}
	c.running = true
	c.mu.Unlock()
	defer func() {
		c.setSession(nil)
		close(c.stopped)
		close(c.events)
	}()
	err := c.loop(ctx)
	if err == nil {
		c.final(Event{State: Stopped})
	}
	return err
}

// retry is what the loop remembers between attempts.
type retry struct {
	r            redirects
	failures     int       // failures since the last stable session
	offlineSince time.Time // when the client last went offline (or Run began)
	first        bool      // no session yet: FailFast applies
}

// loop is Run's work: attempts, sessions and the waits between them.
func (c *Client) loop(ctx context.Context) error {
	st := &retry{r: redirects{max: c.cfg.MaxRedirects}, offlineSince: c.now(), first: true}
	hadSession := false
	for {
		dest := st.r.next
		st.r.next = ""
		c.emit(Event{State: Connecting, Attempt: st.failures + 1})
		s, err := c.connect(ctx, dest)
		if ctx.Err() != nil {
			if s != nil {
				// Negotiated, never served: the Resumer still learns
				// what became of its stream, so that Run's end reports
				// what it lost.
				if c.cfg.Resumer != nil {
					c.cfg.Resumer.Resumed(s)
				}
				c.closeSession(s) // returns once the session has ended
			}
			return nil
		}
		if err != nil {
			if done, gerr := c.afterFailure(ctx, st, err, dest, false); done {
				return gerr
			}
			continue
		}
		st.first = false
		began := c.now()
		end := c.serve(ctx, s, hadSession)
		hadSession = true
		c.awaitHandled(ctx, s)
		if ctx.Err() != nil {
			return nil
		}
		st.offlineSince = c.now()
		if permanent(end) {
			c.final(Event{State: GaveUp, Cause: end})
			return end
		}
		if st.offlineSince.Sub(began) < stableSession {
			// A session that ended soon after it began counts as a
			// failed attempt, so that a server that accepts the client
			// and then drops it (or a loop of redirects through
			// sessions) is not hammered.
			if done, gerr := c.afterFailure(ctx, st, end, "", true); done {
				return gerr
			}
			continue
		}
		st.failures = 0
		st.r.reset()
		if redirect := c.redirectOf(end); redirect != "" && st.r.follow(redirect) {
			c.emit(Event{State: Offline, Cause: end, Redirect: redirect})
			continue
		}
		// Reconnect at once: the first attempt after the loss of a stable
		// session is not delayed.
		c.emit(Event{State: Offline, Cause: end})
	}
}

// afterFailure handles a failed attempt: it follows a redirect, gives up
// (done, with Run's error), or waits out the backoff (done if ctx ended).
// A followed redirect does not count as a failure. lost says err ended a
// session rather than an attempt (the Offline event then has Attempt 0).
func (c *Client) afterFailure(ctx context.Context, st *retry, err error, dest string, lost bool) (done bool, runErr error) {
	if redirect := c.redirectOf(err); redirect != "" && st.r.follow(redirect) {
		c.emit(Event{State: Offline, Attempt: st.failures + 1, Cause: err, Redirect: redirect})
		return false, nil
	}
	st.r.reset()
	st.failures++
	attempt := st.failures
	if lost {
		attempt = 0
	}
	// A redirected destination failing its certificate check is the
	// redirect's fault: back to the configured one, with backoff.
	if st.first && c.cfg.FailFast || permanent(err) && dest == "" {
		c.final(Event{State: GaveUp, Attempt: attempt, Cause: err})
		return true, err
	}
	wait := backoff(st.failures, c.cfg.MinBackoff, c.cfg.MaxBackoff, c.rand())
	if c.cfg.MaxAttempts > 0 && st.failures >= c.cfg.MaxAttempts {
		c.final(Event{State: GaveUp, Attempt: attempt, Cause: err})
		return true, fmt.Errorf("%w after %d attempts: %w", ErrGaveUp, st.failures, err)
	}
	if c.cfg.MaxOffline > 0 {
		left := c.cfg.MaxOffline - c.now().Sub(st.offlineSince)
		if left <= 0 {
			c.final(Event{State: GaveUp, Attempt: attempt, Cause: err})
			return true, fmt.Errorf("%w after %v offline: %w", ErrGaveUp, c.cfg.MaxOffline, err)
		}
		// Never wait past the limit: one last attempt at the end of it.
		wait = min(wait, left)
	}
	c.emit(Event{State: Offline, Attempt: attempt, Cause: err, Retry: wait})
	if c.sleep(ctx, wait) != nil {
		return true, nil
	}
	return false, nil
}

// serve runs an established session until it ends, the keep-alive finds
// the peer dead, or ctx is done, and returns why it ended.
func (c *Client) serve(ctx context.Context, s *xmpp.Session, hadSession bool) error {
	resumed := c.cfg.Resumer != nil && c.cfg.Resumer.Resumed(s)
	var lost []*xmlstream.Element
	if lr, ok := c.cfg.Resumer.(lostReporter); ok {
		lost = c.withoutOwnPings(lr.Lost())
	}
	if len(lost) > 0 && c.cfg.OnLost != nil {
		c.cfg.OnLost(lost)
	}
	c.awaitEnabled(ctx, s)
	if !resumed {
		if err := c.sendPresence(ctx, s); err != nil {
			c.log.Warn("xmpp client: initial presence", "account", c.addr.String(), "err", err)
		}
	}
	c.setSession(s)
	if resumed {
		c.emit(Event{State: Resumed, Addr: s.LocalAddr()})
	} else {
		c.emit(Event{State: Online, Addr: s.LocalAddr(), Gap: hadSession, Lost: lost})
	}
	stopSpaces := c.whitespace(ctx, s)
	err := c.keepAlive(ctx, s)
	stopSpaces()
	c.setSession(nil)
	if err != nil {
		// A dead peer would not answer the closing handshake: drop the
		// connection at once.
		c.closeNow(s)
		return err
	}
	if ctx.Err() != nil {
		c.closeSession(s)
	}
	<-s.Done()
	return s.Err()
}

// awaitEnabled waits until the server has answered <enable/> (XEP-0198),
// at most ConnectTimeout, before anything is sent on a new session: the
// stream's id comes with the answer, so a connection lost before it could
// not be resumed, and what was sent meanwhile would be reported lost (the
// fault-injection test saw a first session cut within milliseconds lose a
// full queue that way). Without stream management it returns at once.
func (c *Client) awaitEnabled(ctx context.Context, s *xmpp.Session) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ConnectTimeout)
	defer cancel()
	_, _ = sm.WaitEnabled(ctx, s) // an error leaves the session as it is: refused, or ending
}

// handledWait bounds how long the next connection waits for the handler
// of the session before it (see awaitHandled).
const handledWait = 5 * time.Second

// awaitHandled waits until the handler has returned for every stanza s
// received, so that a resumed stream's stanzas reach the handler in the
// order the server sent them: the next session's would otherwise race the
// old one's last. A handler that waits for the client to be online again
// would wait for this: the wait is bounded.
func (c *Client) awaitHandled(ctx context.Context, s *xmpp.Session) {
	t := time.NewTimer(handledWait)
	defer t.Stop()
	select {
	case <-s.Handled():
	case <-t.C:
		c.log.Warn("xmpp client: the handler is still busy with the lost session's stanzas; reconnecting", "account", c.addr.String())
	case <-ctx.Done():
	}
}

// sendPresence sends the initial presence, if any.
func (c *Client) sendPresence(ctx context.Context, s *xmpp.Session) error {
	var p xmlstream.Marshaler = available{}
	if c.cfg.InitialPresence != nil {
		p = c.cfg.InitialPresence()
	}
	if p == nil {
		return nil
	}
	// Unreported: a new session sends its own initial presence, so a
	// failed resumption must not report this one lost (a program that
	// sends again what was lost would send a stale duplicate after it).
	return s.Send(ctx, sm.Unreported(p))
}

// available is an available presence with no content.
type available struct{}

func (available) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(presenceName); err != nil {
		return err
	}
	return w.End()
}

// closeNow closes s's transport without waiting for the peer.
func (c *Client) closeNow(s *xmpp.Session) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.Close(ctx)
}

// closeSession closes s politely, within closeTimeout. It first asks the
// server to acknowledge what it has not (XEP-0198), for at most half of
// that, so that leaving reports lost only what may really not have
// arrived.
func (c *Client) closeSession(s *xmpp.Session) {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	fctx, fcancel := context.WithTimeout(ctx, closeTimeout/2)
	_ = sm.Flush(fctx, s) // not enabled, or no answer: Abandon reports the rest
	fcancel()
	if err := s.Close(ctx); err != nil && !errors.Is(err, xmpp.ErrClosed) {
		c.log.Debug("xmpp client: closing", "account", c.addr.String(), "err", err)
	}
}
