package server

import (
	"strconv"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// recipients collects the resources a presence stanza goes to, each once,
// with the 'to' address it carries there.
type recipients map[*resource]jid.JID

// addAccount adds the available resources of a, addressed to a's bare JID.
func (rc recipients) addAccount(a *account) {
	for _, res := range a.availableResources(false) {
		if _, ok := rc[res]; !ok {
			rc[res] = a.bare
		}
	}
}

// deliver writes el (or, if el is nil, an empty presence of type typ) from
// 'from' to every recipient.
func (rc recipients) deliver(el *xmlstream.Element, from jid.JID, typ stanza.PresenceType, out *outbox) {
	for res, to := range rc {
		if el != nil {
			out.add(res, stamped{el: el, from: from, to: to})
		} else {
			out.add(res, presenceOf(from, to, typ))
		}
	}
}

// subscribers are the accounts of this server whose users receive a's
// presence: contacts with a subscription from a (RFC 6121 §4.2.2), and a
// itself, whose other resources see each other.
func (r *registry) subscribers(a *account) recipients {
	rc := make(recipients)
	for c, item := range a.roster {
		if item.sub.hasFrom() {
			if ca := r.local(c); ca != nil {
				rc.addAccount(ca)
			}
		}
	}
	for _, res := range a.availableResources(false) {
		rc[res] = res.full
	}
	return rc
}

// broadcastAvailable handles presence with no 'to' and no type: initial
// presence (RFC 6121 §4.2) or a presence update (§4.4).
func (r *registry) broadcastAvailable(a *account, res *resource, el *xmlstream.Element, out *outbox) {
	initial := !res.available
	res.available = true
	res.priority = priorityOf(el)
	res.presence = el.Clone()
	r.subscribers(a).deliver(el, res.full, "", out)
	if initial {
		r.answerInitial(a, res, out)
	}
	if res.priority >= 0 && a.offline > 0 {
		// The first resource to take messages sent to the bare JID
		// (RFC 6121 §8.5.2.1.1) gets what was kept meanwhile.
		r.flushOffline(a, res, out)
	}
}

// answerInitial gives a newly available resource what the server knows:
// the presence of the contacts it is subscribed to and of its own other
// resources (the server answers the probes of RFC 6121 §4.2.2 itself, as
// all accounts are local), and the subscription requests still pending.
func (r *registry) answerInitial(a *account, res *resource, out *outbox) {
	for c, item := range a.roster {
		if ca := r.local(c); ca != nil && item.sub.hasTo() && ca != a {
			for _, cres := range ca.availableResources(false) {
				out.add(res, stamped{el: cres.presence, from: cres.full, to: res.full})
			}
		}
	}
	for _, other := range a.availableResources(false) {
		if other != res {
			out.add(res, stamped{el: other.presence, from: other.full, to: res.full})
		}
	}
	for from, req := range a.pendingIn {
		out.add(res, stamped{el: req, from: from, to: a.bare})
	}
}

// broadcastUnavailable handles presence of type unavailable with no 'to',
// or the end of a session (el nil): subscribers, the account's other
// resources and the entities that got directed presence learn that the
// resource is gone (RFC 6121 §4.5).
func (r *registry) broadcastUnavailable(a *account, res *resource, el *xmlstream.Element, out *outbox) {
	if !res.available {
		return
	}
	res.available = false
	res.presence = nil
	a.loggedOutNow(el)
	rc := r.subscribers(a)
	delete(rc, res)
	for j := range res.directed {
		r.addDirected(rc, j)
	}
	res.directed = nil
	rc.deliver(el, res.full, stanza.UnavailablePresence, out)
}

// addDirected adds the resources a directed presence to j reached.
func (r *registry) addDirected(rc recipients, j jid.JID) {
	a := r.local(j)
	switch {
	case a == nil:
		if c := r.componentOf(j); c != nil {
			rc[c] = j // a component's address (component_route.go)
		}
	case j.Resourcepart() == "":
		rc.addAccount(a)
	default:
		if res := r.connected(j); res != nil {
			rc[res] = j
		}
	}
}

// directed routes presence of no type or type unavailable with a 'to'
// (RFC 6121 §4.6; §8.5 for where it goes) and remembers who got available
// presence, up to the resource's bound (then it refuses with
// resource-constraint, rather than forget whom to tell when it leaves).
func (r *registry) directed(res *resource, to jid.JID, typ stanza.PresenceType, el *xmlstream.Element, out *outbox) stanza.Condition {
	remember := res.available && typ == stanza.AvailablePresence && !res.directed[to]
	if remember && len(res.directed) >= r.lim.directed {
		return stanza.ResourceConstraint
	}
	rc := make(recipients)
	r.addDirected(rc, to)
	rc.deliver(el, res.full, typ, out)
	if !res.available {
		return ""
	}
	if typ == stanza.AvailablePresence {
		if res.directed == nil {
			res.directed = make(map[jid.JID]bool)
		}
		res.directed[to] = true
	} else {
		delete(res.directed, to)
	}
	return ""
}

// probe answers a presence probe from res to the account 'to' names
// (RFC 6121 §4.3.2) from what the server knows.
func (r *registry) probe(a *account, res *resource, to jid.JID, out *outbox) {
	ca := r.local(to)
	if ca == nil {
		out.add(res, presenceOf(to.Bare(), res.full, stanza.UnsubscribedPresence))
		return
	}
	if item := ca.roster[a.bare]; ca != a && (item == nil || !item.sub.hasFrom()) {
		out.add(res, presenceOf(ca.bare, res.full, stanza.UnsubscribedPresence))
		return
	}
	avail := ca.availableResources(false)
	if len(avail) == 0 {
		out.add(res, presenceOf(ca.bare, res.full, stanza.UnavailablePresence))
		return
	}
	for _, cres := range avail {
		out.add(res, stamped{el: cres.presence, from: cres.full, to: res.full})
	}
}

// removeResource disconnects res from its account, telling the others if
// it was available. A resource already replaced or removed is left alone.
func (r *registry) removeResource(res *resource, el *xmlstream.Element, out *outbox) {
	a := r.local(res.full)
	if a == nil || a.resources[res.full.Resourcepart()] != res {
		return
	}
	r.broadcastUnavailable(a, res, el, out)
	delete(a.resources, res.full.Resourcepart())
	res.detached = true
	a.loggedOutNow(el)
}

// priorityOf reads <priority/> (RFC 6121 §4.7.2.3): an integer from -128
// to 127, zero when absent or invalid.
func priorityOf(el *xmlstream.Element) int {
	p, ok := el.Child(el.Name().Space, "priority")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(p.Text()))
	if err != nil || n < -128 || n > 127 {
		return 0
	}
	return n
}
