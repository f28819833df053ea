package server

import (
	"context"
	"sync/atomic"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// routePresence handles a presence stanza: broadcast without 'to' (RFC 6121
// §4.2, §4.4, §4.5), subscription management (§3), probes (§4.3) and
// directed presence (§4.6), delivered by the rules of §8.5.
func (s *Server) routePresence(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) {
	var out outbox
	var cond stanza.Condition
	var res *resource
	broadcast := st.Header.To.IsZero() && st.Header.PresenceType() == stanza.AvailablePresence
	initial := false
	s.state.mu.Lock()
	if res = s.state.sender(sess); res != nil {
		initial = broadcast && !res.available
		// The element outlives the handler in the delivery queues.
		cond = s.presenceLocked(s.state.local(res.full), res, st, st.Element.Clone(), &out)
	}
	s.state.mu.Unlock()
	if f := afterPresenceLocked.Load(); f != nil {
		(*f)()
	}
	if cond != "" {
		s.replyError(ctx, sess, st, st.Header.To, cond)
	}
	s.send(out)
	switch {
	case res != nil && broadcast:
		// After the presence: the contacts see it before any notification.
		s.pepPresence(res, st.Element, initial)
	case res != nil && st.Header.PresenceType() == stanza.SubscribedPresence:
		s.pepNewSubscriber(res.full.Bare(), st.Header.To.Bare())
	}
}

// afterPresenceLocked, if set (by tests only), runs between the handling
// of a presence under the registry lock and the queueing of what it
// caused: the moment another sender's stanza may be routed.
var afterPresenceLocked atomic.Pointer[func()]

func (s *Server) presenceLocked(a *account, res *resource, st *xmpp.Stanza, el *xmlstream.Element, out *outbox) stanza.Condition {
	r := s.state
	typ, to := st.Header.PresenceType(), st.Header.To
	if to.IsZero() {
		switch typ {
		case stanza.AvailablePresence:
			r.broadcastAvailable(a, res, el, out)
		case stanza.UnavailablePresence:
			r.broadcastUnavailable(a, res, el, out)
		}
		return "" // other types mean nothing without an addressee
	}
	switch s.routeOf(to) {
	case toRemote:
		if typ == stanza.ErrorPresence || typ == stanza.UnavailablePresence {
			return ""
		}
		return stanza.RemoteServerNotFound
	case toServer, toNowhere:
		return "" // nothing on this server takes presence
	}
	c := to.Bare()
	switch typ {
	case stanza.SubscribePresence:
		return r.subscribe(a, c, el, out)
	case stanza.SubscribedPresence:
		return r.subscribed(a, c, el, out)
	case stanza.UnsubscribePresence:
		r.unsubscribe(a, c, el, out)
	case stanza.UnsubscribedPresence:
		r.unsubscribed(a, c, el, out)
	case stanza.ProbePresence:
		r.probe(a, res, c, out)
	case stanza.AvailablePresence, stanza.UnavailablePresence:
		return r.directed(res, to, typ, el, out)
	case stanza.ErrorPresence:
		r.presenceError(res, to, el, out)
	}
	return ""
}

// presenceError passes a presence error on to the full JID it names; one
// for a bare JID or a resource that is gone is dropped.
func (r *registry) presenceError(res *resource, to jid.JID, el *xmlstream.Element, out *outbox) {
	if target := r.connected(to); target != nil {
		out.add(target, stamped{el: el, from: res.full})
	}
}
