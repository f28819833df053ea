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
	ss.mu.Unlock()
	if !on {
		return ErrNotEnabled
	}
	if pending == 0 {
		return nil
	}
	if err := s.Send(ctx, Request{}); err != nil {
		return err
	}
	return ss.waitAcked(ctx, s, func() bool { return int32(target-ss.acked) <= 0 }) // modulo 2^32, as h wraps
}
