package server

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// routeMessage delivers a message by the rules of RFC 6121 §8.5 (RFC 6120
// §10 for the server's own domain and for other domains). Chat and normal
// messages for an account with no available resource are kept offline
// (offline.go); the sender gets service-unavailable when they cannot be.
// res is the sender's resource as the handler found it (registry.sender),
// perhaps stale by now: it is checked again (senderAgain).
func (s *Server) routeMessage(ctx context.Context, sess *xmpp.Session, res *resource, st *xmpp.Stanza) {
	to := st.Header.To
	if to.IsZero() {
		// RFC 6120 §10.3.1: as if sent to the sender's bare JID.
		to = st.Header.From.Bare()
	}
	typ := st.Header.MessageType()
	if typ == "" {
		typ = stanza.NormalMessage
	}
	switch s.routeOf(to) {
	case toRemote:
		s.replyError(ctx, sess, st, to, stanza.RemoteServerNotFound)
		return
	case toServer, toNowhere:
		s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
		return
	}
	// Room for the usual deliveries (one resource, maybe a carbon copy)
	// on the stack: growing a nil outbox was an allocation per message.
	var room [2]delivery
	out := outbox(room[:0])
	var job archiveJob
	out, cond, keep, r := s.messageTargets(sess, res, st, to, typ, out, &job) // and the carbon copies
	if cond != "" {
		s.replyError(ctx, sess, st, to, cond)
		return
	}
	s.archiveMessage(&job) // before delivery: whoever is told may query it
	if r != nil {
		s.sendRouted(out, r)
		return
	}
	if keep != nil {
		// Written without the registry's lock: an offline message costs
		// its sender a durable write, not every other session too.
		if s.storeOffline(to, keep, time.Now()) != nil {
			s.replyError(ctx, sess, st, to, stanza.ServiceUnavailable)
		}
		return
	}
	s.send(out)
}

// messageTargets picks the resources a message to a JID of this domain
// goes to, or returns the error condition to answer with, or the message
// to keep offline. Each copy is queued with the message's bounce: if none
// can be written, the sender gets an error. A message an archive keeps
// (delivered or kept offline) is described in job. A message neither
// refused nor kept offline gets its carbon copies (XEP-0280) in out too,
// in the same hold of the registry's lock: one per routed message. The
// deliveries are appended to out, which is returned (by value, as
// addCarbonsLocked does). A message delivered to resources comes back as
// the routed they share, which still holds the handler's element
// (sendRouted copies it unless it is written at once).
func (s *Server) messageTargets(sess *xmpp.Session, res *resource, st *xmpp.Stanza, to jid.JID, typ stanza.MessageType, out outbox, job *archiveJob) (outbox, stanza.Condition, xmlstream.Marshaler, *routed) {
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	sender := s.state.senderAgain(res, sess)
	out, cond, keep, r := s.messageTargetsLocked(sender, st, to, typ, out, job)
	if cond == "" && keep == nil {
		out = s.addCarbonsLocked(sender, st, typ, out)
	}
	return out, cond, keep, r
}

// messageTargetsLocked is messageTargets without the carbon copies, for
// the message sender's resource sent (nil if it was replaced or is gone).
// The registry is locked.
func (s *Server) messageTargetsLocked(sender *resource, st *xmpp.Stanza, to jid.JID, typ stanza.MessageType, out outbox, job *archiveJob) (outbox, stanza.Condition, xmlstream.Marshaler, *routed) {
	a := s.state.local(to)
	if a == nil {
		// §8.5.1: no such user.
		return out, unlessError(typ, stanza.ServiceUnavailable), nil, nil
	}
	var targets []*resource
	if to.Resourcepart() != "" {
		// §8.5.3.1: the full JID is connected.
		// The account's own map: connected would look a up again.
		if res := a.resources[to.Resourcepart()]; res != nil {
			targets = []*resource{res}
		} else if typ != stanza.ChatMessage {
			// §8.5.3.2.1: only chat falls back to the bare JID.
			return out, unlessError(typ, stanza.ServiceUnavailable), nil, nil
		}
	}
	if targets == nil {
		// §8.5.2: the bare JID.
		switch typ {
		case stanza.ErrorMessage:
			return out, "", nil, nil
		case stanza.GroupChatMessage:
			return out, stanza.ServiceUnavailable, nil, nil
		}
		targets = a.availableResources(true)
		if len(targets) == 0 {
			if typ == stanza.HeadlineMessage {
				return out, "", nil, nil // §8.5.2.2.1: headlines are not kept
			}
			// §8.5.2.2.1 and XEP-0160: chat and normal are kept offline.
			// The element is the handler's: written before it returns.
			m := s.withStanzaID(stamped{el: st.Element, from: st.Header.From, to: to, lang: st.Header.Lang}, a.bare, typ)
			s.prepareArchive(job, a, to, typ, m)
			return out, "", m, nil
		}
	}
	// The element is the handler's: routeMessage copies it for the
	// queues, which share the copy, unless it is written at once
	// (sendRouted). It goes from the session's full JID even if that has
	// just ended: what it sent before is delivered.
	el := st.Element
	r := new(routed)
	m := &r.sidStamped
	s.stampInto(m, stamped{el: el, from: st.Header.From, lang: st.Header.Lang}, a.bare, typ)
	s.prepareArchive(job, a, to, typ, m)
	var mm xmlstream.Marshaler = m // shared by the queues and the bounce
	var f failure
	if sender != nil && typ != stanza.ErrorMessage { // as newBounce, with the type known
		r.b.init(sender, el, to, len(targets))
		if typ == stanza.ChatMessage || typ == stanza.NormalMessage {
			r.b.m = mm
		}
		f = &r.b
	}
	for _, res := range targets {
		out = append(out, delivery{res: res, it: queued{m: mm, size: sizeOf(mm), fail: f}})
	}
	return out, "", nil, r
}

// unlessError returns c, or "" for a message of type error, which is never
// answered.
func unlessError(typ stanza.MessageType, c stanza.Condition) stanza.Condition {
	if typ == stanza.ErrorMessage {
		return ""
	}
	return c
}
