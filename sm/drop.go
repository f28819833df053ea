package sm

import "github.com/canto-im/xmpp"

// Drop ends for good the stream that s, a session of this Server's,
// carries or carried, because its client has shown it will not resume it:
// it bound the same full JID afresh, which replaces the old session
// (RFC 6120 §7.7.2.2), rather than resume its stream (XEP-0198 §5). What
// the client never acknowledged is then as undeliverable as at the end
// of the window (XEP-0198 §4), and waiting for the window would only
// delay it, and let it arrive after what was sent to the new session.
//
// A stream kept for resumption ends now: Unacknowledged is told, with
// Ending.Detached, before Drop returns, and Drop reports true. A stream
// whose session still runs is not kept when that session ends
// (Unacknowledged is told then, from its goroutine), nor resumed
// meanwhile. A stream that another connection is resuming (one the
// client gave up on before it bound afresh) ends when that resumption
// fails, rather than going back to its window: it fails at once unless
// <resumed/> was answered already; one that succeeds carries the stream,
// which is not kept when its new session ends.
func (srv *Server) Drop(s *xmpp.Session) bool {
	ss, ok := key.Get(s)
	if !ok || ss.server != srv {
		return false
	}
	ss.mu.Lock()
	id := ss.id
	ss.mu.Unlock()
	if id == "" {
		return false
	}
	srv.mu.Lock()
	k := srv.streams[id]
	if k == nil || k.sess != s {
		srv.mu.Unlock()
		return false
	}
	if k.resuming {
		// A client binds afresh only once it gave up resuming, so the
		// connection resuming the stream is one it left: its takeover
		// stops waiting, and the stream ends with it (giveBack).
		k.dropped = true
		abort := k.abort
		srv.mu.Unlock()
		if abort != nil {
			abort()
		}
		return false
	}
	if !k.detached {
		k.dropped = true
		srv.mu.Unlock()
		return false
	}
	if k.timer != nil {
		k.timer.Stop()
	}
	delete(srv.streams, id)
	srv.mu.Unlock()
	srv.settle(Ending{Session: k.sess, Detached: true}, k.ss)
	return true
}
