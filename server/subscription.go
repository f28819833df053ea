package server

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// subscription is the 'subscription' state of a roster item (RFC 6121
// §2.1.2.5): whether the user receives the contact's presence (to), the
// contact receives the user's (from), both or neither.
type subscription uint8

const (
	subNone subscription = 0
	subTo   subscription = 1 << iota
	subFrom
	subBoth = subTo | subFrom
)

func (s subscription) hasTo() bool   { return s&subTo != 0 }
func (s subscription) hasFrom() bool { return s&subFrom != 0 }

func (s subscription) String() string {
	switch s {
	case subTo:
		return "to"
	case subFrom:
		return "from"
	case subBoth:
		return "both"
	}
	return "none"
}

// The handlers below follow RFC 6121 §3 and its Appendix A: an outbound
// stanza changes the sender's roster and is then processed as inbound at
// the contact's account (every account is local). State changes are pushed
// to the interested resources; stanzas that change nothing are not
// delivered. el is the client's stanza (re-encoded with the bare JID as
// 'from', §3.1.2), or nil for one the server generates.

// subscribe handles outbound "subscribe" from a to c (§3.1.2). Both
// budgets it would use, the sender's roster and the contact's pending
// requests, are checked before anything changes: a request that does not
// fit is refused with resource-constraint.
func (r *registry) subscribe(a *account, c jid.JID, el *xmlstream.Element, out *outbox) stanza.Condition {
	ca := r.local(c)
	approved := false
	var pre *rosterItem // the contact's pre-approval of a, to spend (§3.4)
	if ca != nil {
		ci := ca.roster[a.bare]
		if preApproved(ci) {
			pre = ci
		}
		approved = ci != nil && ci.sub.hasFrom() || pre != nil
	}
	var req *xmlstream.Element
	if ca != nil && !approved {
		req = el.Clone()
		if !ca.setPending(a.bare, req, r.lim.pendingBytes) {
			return stanza.ResourceConstraint
		}
	}
	item := a.addItem(c, r.lim.rosterBytes)
	if item == nil {
		if req != nil {
			ca.dropPending(a.bare)
		}
		return stanza.ResourceConstraint
	}
	if !item.sub.hasTo() && !item.ask {
		item.ask = true
		r.push(a, item, out)
	}
	switch {
	case ca == nil:
		// No such account: refuse in its name (§3.1.3).
		r.inUnsubscribed(a, c, nil, out)
	case approved:
		// Already approved: the contact's server answers (§3.1.3).
		if pre != nil {
			r.usePreApproval(ca, pre, out)
		}
		r.inSubscribed(a, c, nil, out)
	default:
		for _, res := range ca.availableResources(false) {
			out.add(res, stamped{el: req, from: a.bare, to: ca.bare})
		}
	}
	return ""
}

// inSubscribed handles inbound "subscribed" at a from c (§3.1.6).
func (r *registry) inSubscribed(a *account, c jid.JID, el *xmlstream.Element, out *outbox) {
	item := a.roster[c]
	if item == nil || !item.ask {
		return
	}
	item.ask = false
	item.sub |= subTo
	r.push(a, item, out)
	r.toAvailable(a, c, el, stanza.SubscribedPresence, out)
	if ca := r.local(c); ca != nil {
		for _, cres := range ca.availableResources(false) {
			r.toAvailable(a, cres.full, cres.presence, "", out)
		}
	}
}

// subscribed handles outbound "subscribed" from a to c: approval of a
// pending request (§3.1.5). Without one it is a pre-approval (§3.4). An
// approval the roster budget has no room for is refused to its sender
// with resource-constraint (the request stays pending), never ignored.
func (r *registry) subscribed(a *account, c jid.JID, el *xmlstream.Element, out *outbox) stanza.Condition {
	if _, ok := a.pendingIn[c]; !ok {
		return r.preApprove(a, c, out)
	}
	item := a.addItem(c, r.lim.rosterBytes)
	if item == nil {
		return stanza.ResourceConstraint
	}
	a.dropPending(c)
	item.sub |= subFrom
	r.push(a, item, out)
	if ca := r.local(c); ca != nil {
		r.inSubscribed(ca, a.bare, el, out)
	}
	return ""
}

// unsubscribe handles outbound "unsubscribe" from a to c (§3.3.2).
func (r *registry) unsubscribe(a *account, c jid.JID, el *xmlstream.Element, out *outbox) {
	if item := a.roster[c]; item != nil && (item.sub.hasTo() || item.ask) {
		item.ask = false
		item.sub &^= subTo
		r.push(a, item, out)
	}
	ca := r.local(c)
	if ca == nil {
		return
	}
	pending := ca.dropPending(a.bare)
	ci := ca.roster[a.bare]
	wasFrom := ci != nil && ci.sub.hasFrom()
	if wasFrom {
		ci.sub &^= subFrom
		r.push(ca, ci, out)
	}
	if wasFrom || pending {
		r.toAvailable(ca, a.bare, el, stanza.UnsubscribePresence, out)
	}
	if wasFrom {
		r.goneFrom(ca, a, out)
	}
}

// unsubscribed handles outbound "unsubscribed" from a to c: denial of a
// pending request or cancellation of c's subscription (§3.2.2).
func (r *registry) unsubscribed(a *account, c jid.JID, el *xmlstream.Element, out *outbox) {
	r.dropPreApproval(a, c, out)
	pending := a.dropPending(c)
	item := a.roster[c]
	wasFrom := item != nil && item.sub.hasFrom()
	if wasFrom {
		item.sub &^= subFrom
		r.push(a, item, out)
	}
	ca := r.local(c)
	if ca == nil || !(wasFrom || pending) {
		return
	}
	r.inUnsubscribed(ca, a.bare, el, out)
	if wasFrom {
		r.goneFrom(a, ca, out)
	}
}

// inUnsubscribed handles inbound "unsubscribed" at a from c (§3.2.3).
func (r *registry) inUnsubscribed(a *account, c jid.JID, el *xmlstream.Element, out *outbox) {
	item := a.roster[c]
	if item == nil || !(item.ask || item.sub.hasTo()) {
		return
	}
	item.ask = false
	item.sub &^= subTo
	r.push(a, item, out)
	r.toAvailable(a, c, el, stanza.UnsubscribedPresence, out)
}

// goneFrom tells to, which no longer receives from's presence, that from's
// available resources are unavailable (§3.2.2, §3.3.3).
func (r *registry) goneFrom(from, to *account, out *outbox) {
	for _, res := range from.availableResources(false) {
		r.toAvailable(to, res.full, nil, stanza.UnavailablePresence, out)
	}
}

// toAvailable delivers el (or an empty presence of type typ) from 'from'
// to a's available resources.
func (r *registry) toAvailable(a *account, from jid.JID, el *xmlstream.Element, typ stanza.PresenceType, out *outbox) {
	rc := make(recipients)
	rc.addAccount(a)
	rc.deliver(el, from, typ, out)
}
