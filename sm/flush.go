package sm

import (
	"context"

	"github.com/canto-im/xmpp"
)

// Flush asks the peer to acknowledge every stanza sent on s so far (an
// <r/>) and waits until it has (nil), ctx is done (its error) or s ends
// ([xmpp.ErrClosed]). A client leaving for good calls it before it closes
// the stream, so that what the server handled is not reported lost (a
// server sends no <a/> of its own when the stream closes). On a session
// without stream management it returns [ErrNotEnabled] at once.
func Flush(ctx context.Context, s *xmpp.Session) error {
	ss, ok := key.Get(s)
	if !ok {
		return ErrNotEnabled
	}
	ss.mu.Lock()
	on, target, pending := ss.outOn.Load(), ss.out, ss.pending()
	if !on || pending == 0 {
		ss.mu.Unlock()
		if !on {
			return ErrNotEnabled
		}
		return nil
	}
	// Marked out like the count's and the timer's requests, so that
	// the count does not ask again while it is, and its answer asks
	// about what was sent meanwhile (see answered).
	a := ss.ask()
	ss.mu.Unlock()
	if err := s.Send(ctx, Request{}); err != nil {
		ss.takeBack(a, modeOff, err)
		return err
	}
	ss.sent(a)
	return ss.waitAcked(ctx, s, func() bool { return int32(target-ss.acked) <= 0 }) // modulo 2^32, as h wraps
}
