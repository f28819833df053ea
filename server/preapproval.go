package server

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// Subscription pre-approval (RFC 6121 §3.4), advertised with
// <sub xmlns='urn:xmpp:features:pre-approval'/>: a user approves a
// contact's subscription before the contact asks, the roster item shows
// approved='true', and the contact's later request is approved at once
// without reaching the user.

var approvedAttr = xml.Attr{Name: xml.Name{Local: "approved"}, Value: "true"}

// preApprove handles outbound "subscribed" from a to c when c has not
// asked (§3.4.2): the approval is stored on a's item for c, created if
// need be (within the roster budget), unless c already has a subscription
// to a's presence, which leaves nothing to approve. The registry lock is
// held.
func (r *registry) preApprove(a *account, c jid.JID, out *outbox) stanza.Condition {
	if it := a.roster[c]; it != nil && (it.sub.hasFrom() || it.approved) {
		return ""
	}
	item := a.addItem(c, r.lim.rosterBytes)
	if item == nil {
		return stanza.ResourceConstraint // no room in the roster budget to record it
	}
	item.approved = true
	r.push(a, item, out)
	return ""
}

// preApproved reports whether it (the contact's item for the user asking)
// carries a pre-approval the request can use (§3.4.2).
func preApproved(it *rosterItem) bool {
	return it != nil && it.approved && !it.sub.hasFrom()
}

// usePreApproval turns ca's pre-approval for the user asking into a
// subscription from the user: the approval is spent (§3.4.2). The
// registry lock is held.
func (r *registry) usePreApproval(ca *account, it *rosterItem, out *outbox) {
	it.approved = false
	it.sub |= subFrom
	r.push(ca, it, out)
}

// dropPreApproval withdraws a's pre-approval of c, if any: an outbound
// "unsubscribed" cancels it (§3.4.2 with §3.2). It reports whether there
// was one. The registry lock is held.
func (r *registry) dropPreApproval(a *account, c jid.JID, out *outbox) bool {
	it := a.roster[c]
	if it == nil || !it.approved {
		return false
	}
	it.approved = false
	r.push(a, it, out)
	return true
}
