package server

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// fromComponentLocal routes a component's stanza to the server's domain:
// to the server itself, or to its accounts by RFC 6121 §8.5, as a client's
// stanza would be.
func (s *Server) fromComponentLocal(ctx context.Context, sess *xmpp.Session, c *component, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindMessage:
		s.componentMessage(ctx, sess, c, st)
	case stanza.KindPresence:
		s.componentPresence(c, st)
	case stanza.KindIQ:
		return s.componentIQ(ctx, sess, c, st)
	}
	return nil
}

// componentMessage delivers a component's message to an account as a
// client's would be: to a bare JID, its available resources of
// non-negative priority (§8.5.2.1.1), or offline storage for chat and
// normal messages when there are none (§8.5.2.2.1); to a full JID, that
// resource, or for chat the bare JID's (§8.5.3.2.1). Chat and normal
// messages get the account's stanza-id and go into its archive. If no
// copy can be written the component gets an error.
func (s *Server) componentMessage(ctx context.Context, sess *xmpp.Session, c *component, st *xmpp.Stanza) {
	to := st.Header.To
	typ := st.Header.MessageType()
	if typ == "" {
		typ = stanza.NormalMessage
	}
	var job archiveJob
	var m *sidStamped
	s.state.mu.Lock()
	targets, offline, cond := s.state.messageResources(to, typ)
	if cond == "" && (offline || len(targets) > 0) {
		a := s.state.local(to)
		el := st.Element // kept offline before the handler returns
		stampTo := to
		if !offline {
			// The queues outlive the handler: they share a copy.
			el, stampTo = el.Clone(), jid.JID{}
		}
		m = s.withStanzaID(stamped{el: el, from: st.Header.From, to: stampTo, lang: st.Header.Lang}, a.bare, typ)
		s.prepareArchive(&job, a, to, typ, m)
	}
	s.state.mu.Unlock()
	if cond != "" {
		s.replyError(ctx, sess, st, to, cond)
		return
	}
	s.archiveMessage(&job) // before delivery: whoever is told may query it
	if offline {
		if s.storeOffline(to, m, time.Now()) != nil {
			s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
		}
		return
	}
	if len(targets) == 0 {
		return
	}
	var f failure
	if b := newComponentBounce(c, m.msg.el, st.Header.From, to, len(targets)); b != nil {
		f = b
	}
	var out outbox
	for _, res := range targets {
		out.addFail(res, m, f)
	}
	s.addCarbons(sess, st, typ, &out) // the recipient's other resources (XEP-0280 §7)
	s.send(out)
}

// messageResources returns the resources a message to an address of this
// domain goes to (RFC 6121 §8.5), or that it is to be kept offline, or the
// condition to answer with (empty for none, also when a message of type
// error or headline is dropped).
func (r *registry) messageResources(to jid.JID, typ stanza.MessageType) (targets []*resource, offline bool, cond stanza.Condition) {
	a := r.local(to)
	if a == nil {
		return nil, false, unlessError(typ, stanza.ServiceUnavailable) // §8.5.1
	}
	if to.Resourcepart() != "" {
		if res := r.connected(to); res != nil {
			return []*resource{res}, false, "" // §8.5.3.1
		}
		if typ != stanza.ChatMessage {
			return nil, false, unlessError(typ, stanza.ServiceUnavailable) // §8.5.3.2.1
		}
	}
	switch typ {
	case stanza.ErrorMessage:
		return nil, false, ""
	case stanza.GroupChatMessage:
		return nil, false, stanza.ServiceUnavailable // §8.5.2.1.1
	}
	targets = a.availableResources(true)
	if len(targets) == 0 && typ != stanza.HeadlineMessage {
		return nil, true, "" // §8.5.2.2.1 and XEP-0160
	}
	return targets, false, ""
}

// componentPresence delivers a component's presence to an account: to a
// full JID, that resource; to a bare JID, every available resource
// (§8.5.2.1.2, §8.5.3.1). A probe is answered from the account's roster
// (§4.3.2). Presence to an address with nobody is dropped (§8.5.2.2.2,
// §8.5.3.2.2).
func (s *Server) componentPresence(c *component, st *xmpp.Stanza) {
	to, from := st.Header.To, st.Header.From
	var out outbox
	s.state.mu.Lock()
	a := s.state.local(to)
	switch {
	case a == nil:
	case st.Header.PresenceType() == stanza.ProbePresence:
		s.state.probeFromComponent(a, c.target(from), &out)
	case to.Resourcepart() != "":
		if res := s.state.connected(to); res != nil {
			out.add(res, stamped{el: st.Element.Clone(), from: from, lang: st.Header.Lang})
			s.state.presenceFromComponent(res, from, st.Header.PresenceType())
		}
	default:
		if targets := a.availableResources(false); len(targets) > 0 {
			el := st.Element.Clone()
			for _, res := range targets {
				out.add(res, stamped{el: el, from: from, lang: st.Header.Lang})
				s.state.presenceFromComponent(res, from, st.Header.PresenceType())
			}
		}
	}
	s.state.mu.Unlock()
	s.send(out)
}

// probeFromComponent answers a probe of account a by the component address
// prober: the presence of a's available resources if the roster gives it a
// subscription from a, else unsubscribed (RFC 6121 §4.3.2).
func (r *registry) probeFromComponent(a *account, prober *resource, out *outbox) {
	if item := a.roster[prober.full.Bare()]; item == nil || !item.sub.hasFrom() {
		out.add(prober, presenceOf(a.bare, prober.full, stanza.UnsubscribedPresence))
		return
	}
	avail := a.availableResources(false)
	if len(avail) == 0 {
		out.add(prober, presenceOf(a.bare, prober.full, stanza.UnavailablePresence))
		return
	}
	for _, res := range avail {
		out.add(prober, stamped{el: res.presence, from: res.full, to: prober.full})
	}
}

// componentIQ routes a component's IQ request: to the server, answered by
// its services; to an account's bare JID, answered for the account; to a
// full JID, forwarded to that resource with the response routed back.
func (s *Server) componentIQ(ctx context.Context, sess *xmpp.Session, c *component, st *xmpp.Stanza) error {
	to, from := st.Header.To, st.Header.From
	switch s.routeOf(to) {
	case toServer:
		return s.services.HandleXMPP(ctx, sess, st)
	case toNowhere:
		return stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, By: s.domain}
	case toAccount:
		s.state.mu.Lock()
		exists := s.state.local(to) != nil
		s.state.mu.Unlock()
		if !exists {
			return stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, By: s.domain}
		}
		return s.otherAccount.HandleXMPP(ctx, sess, st)
	}
	s.state.mu.Lock()
	target := s.state.connected(to)
	forbidden := target != nil && isLastActivity(st) && !s.state.local(to).mayKnowLast(from)
	s.state.mu.Unlock()
	switch {
	case forbidden:
		return stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden, By: to}
	case target == nil:
		return stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, By: s.domain} // §8.5.3.2.3
	}
	return s.forwardIQTo(c.res, target, st, maxComponentIQs)
}

// componentBounce is the failure of a message a component sent: when no
// copy of it was written, the component gets one error, addressed to the
// address it sent from (RFC 6120 §8.3, RFC 6121 §8.5), through its own
// delivery queue.
type componentBounce struct {
	c        *component
	el       *xmlstream.Element // the message (its name and id)
	from, to jid.JID            // the sender, and the address it wrote to
	copies   atomic.Int32       // copies not settled yet
	ok       atomic.Bool        // a copy was written
}

// newComponentBounce returns the failure of message el from 'from' to
// 'to', going to n resources, or nil for an error, which is never answered
// (RFC 6120 §8.3.1).
func newComponentBounce(c *component, el *xmlstream.Element, from, to jid.JID, n int) *componentBounce {
	if el.Attr("type") == string(stanza.ErrorMessage) {
		return nil
	}
	b := &componentBounce{c: c, el: el, from: from, to: to}
	b.copies.Store(int32(n))
	return b
}

func (b *componentBounce) delivered() {
	b.ok.Store(true)
	b.copies.Add(-1)
}

func (b *componentBounce) failed(s *Server, cond stanza.Condition) {
	if b.copies.Add(-1) != 0 || b.ok.Load() {
		return
	}
	s.replyLaterError(b.c.res, replyTo(b.el, b.to, b.from, stanza.NewError(cond)))
}
