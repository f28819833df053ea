package server

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// maxComponentIQs bounds the requests one component may have forwarded and
// waiting for their responses: more than a client's (maxForwardedIQs),
// since a component speaks for many addresses.
const maxComponentIQs = 1024

// routeToComponent routes a client's stanza addressed to a component's
// domain, and reports whether it did (with the error to answer an IQ
// request with).
func (s *Server) routeToComponent(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (bool, error) {
	to := st.Header.To
	if to.IsZero() || to.Domainpart() == s.domain.Domainpart() || !s.comps.known(to.Domainpart()) {
		return false, nil
	}
	s.state.mu.Lock()
	from := s.state.sender(sess)
	s.state.mu.Unlock()
	if from == nil {
		return true, nil // replaced or gone
	}
	switch st.Header.Kind {
	case stanza.KindMessage:
		s.messageToComponent(ctx, sess, from, st)
	case stanza.KindPresence:
		s.presenceToComponent(ctx, sess, from, st)
	case stanza.KindIQ:
		comp := s.comps.lookup(to)
		if comp == nil {
			return true, stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, By: s.domain}
		}
		return true, s.forwardIQTo(from, comp.target(to), st, maxForwardedIQs)
	}
	return true, nil
}

// messageToComponent queues a client's message for the component; if it
// cannot be written, the client gets an error (RFC 6121 §8.5).
func (s *Server) messageToComponent(ctx context.Context, sess *xmpp.Session, from *resource, st *xmpp.Stanza) {
	to := st.Header.To
	comp := s.comps.lookup(to)
	if comp == nil {
		s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
		return
	}
	el := st.Element.Clone()
	m := stamped{el: el, from: st.Header.From, lang: st.Header.Lang}
	var f failure
	if b := newBounce(from, el, to, 1); b != nil {
		f = b // no redelivery: b.m is nil
	}
	out := outbox{{res: comp.target(to), it: queued{m: m, size: sizeOf(m), fail: f}}}
	typ := st.Header.MessageType()
	if typ == "" {
		typ = stanza.NormalMessage
	}
	s.archiveSent(st, typ)
	s.addCarbons(sess, st, typ, &out) // the sender's other resources (XEP-0280 §6)
	s.send(out)
}

// presenceToComponent routes a client's presence to a component. Directed
// presence is remembered as for an account (RFC 6121 §4.6.3), so that the
// component learns when the resource goes (a multi-user chat service
// needs it). Subscription stanzas go from the bare JID (§3.1.2); the
// user's roster is left as it is.
func (s *Server) presenceToComponent(ctx context.Context, sess *xmpp.Session, from *resource, st *xmpp.Stanza) {
	to := st.Header.To
	typ := st.Header.PresenceType()
	el := st.Element.Clone()
	var out outbox
	var cond stanza.Condition
	s.state.mu.Lock()
	switch typ {
	case stanza.AvailablePresence, stanza.UnavailablePresence:
		cond = s.state.directed(from, to, typ, el, &out)
	default:
		if target := s.state.componentOf(to); target != nil {
			src := st.Header.From
			if typ != stanza.ProbePresence && typ != stanza.ErrorPresence {
				src = src.Bare()
			}
			out.add(target, stamped{el: el, from: src})
		}
	}
	s.state.mu.Unlock()
	if cond != "" {
		s.replyError(ctx, sess, st, to, cond)
	}
	s.send(out)
}

// componentOf returns the delivery target of j at a connected component,
// or nil.
func (r *registry) componentOf(j jid.JID) *resource {
	if r.component == nil {
		return nil
	}
	return r.component(j)
}

// forwardIQTo forwards a request from requester to target, with its
// response (or an error) routed back to requester, as forwardIQ does
// between clients; at most limit of requester's wait at once.
func (s *Server) forwardIQTo(requester, target *resource, st *xmpp.Stanza, limit int32) error {
	if requester.iqs.Add(1) > limit {
		requester.iqs.Add(-1)
		return stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "too many requests waiting", By: s.domain}
	}
	f := &forwardedIQ{requester: requester, h: st.Header, el: st.Element.Clone(), name: st.Element.Name()}
	s.enqueue(target, queued{m: f, size: f.el.Size() + smallStanza, fail: f})
	return nil
}

// componentHandler receives the stanzas of one component's session.
type componentHandler struct {
	s *Server
	c *component
}

// HandleXMPP routes a stanza from a component. The session has checked
// that 'from' is at the component's domain (XEP-0114; invalid-from ends
// the stream otherwise) and filled it in when absent.
func (h componentHandler) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	s, c := h.s, h.c
	select {
	case <-c.ready:
	case <-ctx.Done():
		return nil
	}
	if !c.live {
		return nil // refused: its stream is ending
	}
	c.res.lastSeen.Store(time.Now().UnixNano()) // for the idle check
	if st.Header.Kind == 0 {
		s.endSession(sess, stream.UnsupportedStanzaType)
		return nil
	}
	if st.Header.From.Domainpart() != c.domain.Domainpart() {
		s.endSession(sess, stream.InvalidFrom) // RFC 6120 §4.9.3.9
		return nil
	}
	if st.Header.Lang == "" {
		st.Header.Lang = sess.In().Lang
	}
	if ok, err := s.checkSize(ctx, sess, st); !ok {
		return err
	}
	if done, err := s.enforceBlocks(ctx, sess, st); done {
		return err // an account blocks this address (XEP-0191 §3.3)
	}
	to := st.Header.To
	if to.IsZero() {
		to = s.domain
		st.Header.To = to
	}
	switch {
	case to.Domainpart() == s.domain.Domainpart():
		return s.fromComponentLocal(ctx, sess, c, st)
	case s.comps.known(to.Domainpart()):
		return s.fromComponentToComponent(ctx, sess, c, st)
	}
	// No federation here (RFC 6120 §10.4).
	switch st.Header.Kind {
	case stanza.KindIQ:
		return stanza.Error{Type: stanza.Cancel, Condition: stanza.RemoteServerNotFound, By: s.domain}
	case stanza.KindMessage:
		s.replyError(ctx, sess, st, to, stanza.RemoteServerNotFound)
	}
	return nil
}

// fromComponentToComponent routes a component's stanza to another
// component (or to itself).
func (s *Server) fromComponentToComponent(ctx context.Context, sess *xmpp.Session, c *component, st *xmpp.Stanza) error {
	to := st.Header.To
	other := s.comps.lookup(to)
	if other == nil {
		if st.Header.Kind == stanza.KindIQ {
			return stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, By: s.domain}
		}
		if st.Header.Kind == stanza.KindMessage {
			s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
		}
		return nil
	}
	switch st.Header.Kind {
	case stanza.KindIQ:
		return s.forwardIQTo(c.res, other.target(to), st, maxComponentIQs)
	case stanza.KindMessage:
		el := st.Element.Clone()
		m := stamped{el: el, from: st.Header.From, lang: st.Header.Lang}
		var f failure
		if b := newComponentBounce(c, el, st.Header.From, to, 1); b != nil {
			f = b
		}
		s.send(outbox{{res: other.target(to), it: queued{m: m, size: sizeOf(m), fail: f}}})
	case stanza.KindPresence:
		s.send(outbox{{res: other.target(to), it: queued{m: stamped{el: st.Element.Clone(), from: st.Header.From, lang: st.Header.Lang}, size: st.Element.Size() + smallStanza}}})
	}
	return nil
}
