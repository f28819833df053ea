package server

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/lastactivity"
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

// forwardIQ passes a request to the resource it is for and its response
// back. The session gives a handler only requests: a response reaches the
// server only as the answer to its own SendIQ. So the request goes out as
// the server's own, under a fresh id (two senders may use the same one),
// and the response is re-encoded for the requester with the original id.
func (s *Server) forwardIQ(ctx context.Context, sess, target *xmpp.Session, st *xmpp.Stanza) error {
	h := st.Header
	iq := stanza.IQ{ID: stanza.NewID(), To: h.To, From: h.From, Lang: h.Lang, Type: h.IQType()}
	fctx, cancel := context.WithTimeout(ctx, s.cfg.IQTimeout)
	defer cancel()
	resp, err := target.SendIQ(fctx, iq, children{st.Element})
	if resp == nil {
		switch {
		case ctx.Err() != nil:
			return nil // the requester is gone
		case errors.Is(err, context.DeadlineExceeded):
			return stanza.Error{Type: stanza.Wait, Condition: stanza.RecipientUnavailable, Text: "no response"}
		}
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	if err := sess.Send(ctx, stamped{el: resp, from: h.To, to: h.From, id: h.ID}); err != nil {
		s.log.Debug("server: forwarding a response", "err", err)
	}
	return nil
}
