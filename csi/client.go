package csi

import (
	"context"
	"sync/atomic"

	"github.com/canto-im/xmpp"
)

// client is the initiating side's state: the server offered the feature,
// and what this side indicated last.
type client struct{ inactive atomic.Bool }

var clientKey = xmpp.NewExtensionKey[*client]("csi client")

// Active tells the server that the client's user is active again. The
// server may answer with what it held back.
func Active(ctx context.Context, s *xmpp.Session) error { return indicate(ctx, s, false) }

// Inactive tells the server that the client's user is not looking: the
// server may hold back presence updates and chat states until [Active].
func Inactive(ctx context.Context, s *xmpp.Session) error { return indicate(ctx, s, true) }

func indicate(ctx context.Context, s *xmpp.Session, inactive bool) error {
	c, ok := clientKey.Get(s)
	if !ok {
		return ErrNotOffered
	}
	name := ActiveName
	if inactive {
		name = InactiveName
	}
	if err := s.Send(ctx, indication{name}); err != nil {
		return err
	}
	c.inactive.Store(inactive)
	return nil
}

// Offered reports whether client state indication is in use on s: on a
// client, whether the server offered it (s must have been negotiated with
// [Feature]); on a server, whether this side offered it.
func Offered(s *xmpp.Session) bool {
	if _, ok := clientKey.Get(s); ok {
		return true
	}
	_, ok := serverKey.Get(s)
	return ok
}

// IsInactive reports the state last indicated on s: on a client what it
// sent, on a server what the client sent. A stream starts active
// (XEP-0352 §4).
func IsInactive(s *xmpp.Session) bool {
	if c, ok := clientKey.Get(s); ok {
		return c.inactive.Load()
	}
	if sv, ok := serverKey.Get(s); ok {
		return sv.inactive.Load()
	}
	return false
}
