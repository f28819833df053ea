package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
)

// routeIQ handles an IQ request (the session itself matches responses to
// the requests it sent). Requests without 'to', or to an account's bare
// JID, the server answers on the account's behalf (RFC 6120 §10.3.3, RFC
// 6121 §8.5.2.1.3); requests to a full JID go to that resource (§8.5.3).
func (s *Server) routeIQ(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	to, from := st.Header.To, st.Header.From
	if to.IsZero() || to == from.Bare() {
		return s.ownAccount.HandleXMPP(ctx, sess, st)
	}
	switch s.routeOf(to) {
	case toRemote:
		return stanza.NewError(stanza.RemoteServerNotFound)
	case toServer:
		return s.services.HandleXMPP(ctx, sess, st)
	case toNowhere:
		return stanza.NewError(stanza.ServiceUnavailable)
	case toAccount:
		s.state.mu.Lock()
		exists := s.state.local(to) != nil
		s.state.mu.Unlock()
		if !exists {
			return stanza.NewError(stanza.ServiceUnavailable) // §8.5.1
		}
		return s.otherAccount.HandleXMPP(ctx, sess, st)
	}
	s.state.mu.Lock()
	var target *xmpp.Session
	if res := s.state.connected(to); res != nil {
		target = res.sess
	}
	s.state.mu.Unlock()
	if target == nil {
		return stanza.NewError(stanza.ServiceUnavailable) // §8.5.3.2.3
	}
	return s.forwardIQ(ctx, sess, target, st)
}
