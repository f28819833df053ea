package server

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/register"
	"github.com/canto-im/xmpp/stanza"
)

// routeIQ handles an IQ request (the session itself matches responses to
// the requests it sent). Requests without 'to', or to an account's bare
// JID, the server answers on the account's behalf (RFC 6120 §10.3.3, RFC
// 6121 §8.5.2.1.3); requests to a full JID go to that resource (§8.5.3).
func (s *Server) routeIQ(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	err := s.routeIQTo(ctx, sess, st)
	var se stanza.Error
	if errors.As(err, &se) && se.By.IsZero() {
		// RFC 6120 §8.3.2: the entity that generated the error says so.
		se.By = s.errorBy(st.Header)
		return se
	}
	return err
}

// errorBy is who generated an error the server returns for a request: the
// account it answers for, else the server itself.
func (s *Server) errorBy(h stanza.Header) jid.JID {
	switch {
	case h.To.IsZero():
		return h.From.Bare()
	case s.routeOf(h.To) == toAccount:
		return h.To
	}
	return s.domain
}

func (s *Server) routeIQTo(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	to, from := st.Header.To, st.Header.From
	payload, _ := st.Element.FirstChild()
	if to.IsZero() || to == from.Bare() || to == s.domain {
		// Requests about the sender's own stream or account.
		switch payload.Space {
		case xmpp.NSSession:
			// RFC 3921 session establishment, still sent by older
			// clients: an empty result (RFC 6121 Appendix E).
			if err := sess.Send(ctx, xmpp.SessionResult(st.Element)); err != nil {
				s.log.Debug("server: answering session establishment", "err", err)
			}
			return nil
		case xmpp.NSBind:
			return s.boundAlready() // bind_again.go
		case register.NS:
			return s.handleRegister(ctx, sess, st) // XEP-0077 on one's own account
		}
	}
	if to.IsZero() || to == from.Bare() {
		if payload.Space == ping.NS {
			// XEP-0199 §4.2: a ping to the account is the server's to answer.
			return s.services.HandleXMPP(ctx, sess, st)
		}
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
	// A resource bound but not yet attached to its session takes the
	// request in its queue, like any stanza for it.
	target := s.state.connected(to)
	// XEP-0012 §4: idle time goes only to those who may see the user's
	// presence; refused before looking, so as not to tell who is online.
	forbidden := isLastActivity(st) && !s.state.local(to).mayKnowLast(from)
	s.state.mu.Unlock()
	if forbidden {
		return stanza.NewError(stanza.Forbidden)
	}
	if target == nil {
		return stanza.NewError(stanza.ServiceUnavailable) // §8.5.3.2.3
	}
	return s.forwardIQ(ctx, sess, target, st)
}

// isLastActivity reports whether st is a XEP-0012 query.
func isLastActivity(st *xmpp.Stanza) bool {
	name, _ := st.Element.FirstChild()
	return name == lastactivity.Name
}
