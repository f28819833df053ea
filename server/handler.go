package server

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// handler receives every stanza the server's client sessions send.
type handler struct{ s *Server }

// HandleXMPP checks the sender's address, stamps it, and hands the stanza
// to the rules of its kind.
func (h handler) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	return h.handle(ctx, sess, st, nil)
}

// clientHandler is the handler of one client connection's session. It
// keeps the resource the session last sent from: senderAgain finds it
// still the sender without the two lookups (account, then resource) that
// sender makes for every stanza.
type clientHandler struct {
	handler
	sender atomic.Pointer[resource] // nil until the first stanza, or gone
}

func (h *clientHandler) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	return h.handle(ctx, sess, st, &h.sender)
}

// handle is HandleXMPP, with last the resource the session last sent
// from (nil: none kept).
func (h handler) handle(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza, last *atomic.Pointer[resource]) error {
	s := h.s
	if st.Header.Kind == 0 {
		// Not a stanza: nothing this server negotiates (no stream
		// management) sends other top-level elements (RFC 6120 §4.9.3.22).
		s.endSession(sess, stream.UnsupportedStanzaType)
		return nil
	}
	if st.Header.Kind == stanza.KindIQ && !st.Header.IQType().IsRequest() {
		// No SendIQ waited for this response (iq_awaited.go).
		s.strayResponse(sess, st)
		return nil
	}
	full := sess.RemoteAddr()
	if from := st.Header.From; !from.IsZero() && from != full && from != full.Bare() {
		// RFC 6120 §4.9.3.9: a 'from' the client is not entitled to.
		s.endSession(sess, stream.InvalidFrom)
		return nil
	}
	st.Header.From = full
	if st.Header.Lang == "" {
		// RFC 6120 §4.7.4: a relayed stanza keeps the language of the
		// stream it came in on.
		st.Header.Lang = sess.In().Lang
	}
	if ok, err := s.checkSize(ctx, sess, st); !ok {
		return err
	}
	var res, prev *resource
	if last != nil {
		prev = last.Load()
	}
	s.state.mu.Lock()
	res = s.state.senderAgain(prev, sess) // sender attaches the session if its goroutine has not yet
	s.state.mu.Unlock()
	if last != nil && res != prev {
		last.Store(res)
	}
	if res != nil {
		now := time.Now()                  // one clock reading for both
		res.lastSeen.Store(now.UnixNano()) // for the idle check
		res.shape.wait(ctx, now, st.Element.Size(), s.cfg.ShapeRate, s.cfg.ShapeBurst)
	}
	if done, err := s.enforceBlocks(ctx, sess, st); done {
		return err
	}
	if done, err := s.routeToComponent(ctx, sess, st); done {
		return err // an address at a component's domain (component_route.go)
	}
	switch st.Header.Kind {
	case stanza.KindMessage:
		s.routeMessage(ctx, sess, res, st)
	case stanza.KindPresence:
		s.routePresence(ctx, sess, st)
	case stanza.KindIQ:
		return s.routeIQ(ctx, sess, st)
	}
	return nil
}

// route says where a 'to' address points from this server's point of view.
type route int

const (
	toServer  route = iota // the server's domain (or nothing: handled by the server)
	toRemote               // another domain: no federation here
	toAccount              // a bare JID of this domain
	toFull                 // a full JID of this domain
	toNowhere              // the domain with a resource: nothing is there
)

func (s *Server) routeOf(to jid.JID) route {
	switch {
	case to.Domainpart() != s.domain.Domainpart():
		return toRemote
	case to.Localpart() == "" && to.Resourcepart() == "":
		return toServer
	case to.Localpart() == "":
		return toNowhere
	case to.Resourcepart() == "":
		return toAccount
	}
	return toFull
}

// replyError answers a message or presence with a stanza error from 'from',
// unless it is an error itself (RFC 6120 §8.3.1: errors are never
// answered).
func (s *Server) replyError(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza, from jid.JID, c stanza.Condition) {
	if st.Header.IsError() {
		return
	}
	se := stanza.NewError(c)
	se.By = from // RFC 6120 §8.3.2: the server generated it
	r := replyTo(st.Element, from, st.Header.From, se)
	if err := sess.Send(ctx, r); err != nil {
		s.log.Debug("server: sending error reply", "err", err)
	}
}
