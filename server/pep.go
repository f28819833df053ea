package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Each account is a PEP service (XEP-0163): the protocol is package
// pubsub's [pubsub.PEP]; this file routes its requests, tells it how the
// requester stands to the account, and sends its notifications from the
// account's bare JID to the resources that want them: the account's own
// and those of contacts with a presence subscription to it (roster from or
// both), each only if its entity capabilities say NODE+notify (§4.2,
// pep_caps.go). Nothing goes to or from accounts that block each other.

// pepRoutes returns the pubsub routes of the account muxes: the same for
// the owner and for others, since the service decides by relation.
func (s *Server) pepRoutes() mux.Option {
	h := mux.IQResponderFunc(s.pepIQ)
	return mux.Options(mux.Get(pubsub.Name, h), mux.Set(pubsub.Name, h),
		mux.Get(pubsub.OwnerName, h), mux.Set(pubsub.OwnerName, h))
}

// pepIQ serves a pubsub request to an account's bare JID.
func (s *Server) pepIQ(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	from := sess.RemoteAddr()
	owner := st.Header.To.Bare()
	if owner.IsZero() {
		owner = from.Bare()
	}
	s.state.mu.Lock()
	a := s.state.local(owner)
	rel := pubsub.Stranger
	switch {
	case a == nil:
	case owner == from.Bare():
		rel = pubsub.Owner
	case a.roster[from.Bare()] != nil && a.roster[from.Bare()].sub.hasFrom() && !a.blocked.blocks(from):
		rel = pubsub.Contact
	}
	s.state.mu.Unlock()
	if a == nil {
		return nil, stanza.NewError(stanza.ServiceUnavailable)
	}
	name, _ := st.Element.FirstChild()
	payload, _ := st.Element.Child(name.Space, name.Local)
	resp, err := s.pep.Serve(pubsub.Request{Owner: owner, Relation: rel, Set: st.Header.IQType() == stanza.SetIQ, Payload: payload})
	if err != nil {
		return nil, err
	}
	if resp.Notify != nil {
		s.notifyPEP(owner, *resp.Notify, resp.AccessModel)
	}
	return resp.Result, nil
}

// notifyPEP sends ev from owner to the interested resources the access
// model lets read it.
func (s *Server) notifyPEP(owner jid.JID, ev pubsub.Event, access string) {
	var out outbox
	m := pepEvent{from: owner, ev: ev}
	s.state.mu.Lock()
	a := s.state.local(owner)
	if a != nil {
		for _, res := range a.availableResources(false) {
			if res.pep.wants(ev.Node) {
				m.to = res.full
				out.add(res, m)
			}
		}
		if pubsub.MayRead(access, pubsub.Contact) {
			for c, item := range a.roster {
				ca := s.state.local(c)
				if ca == nil || ca == a || !item.sub.hasFrom() || s.state.blockedBetween(owner, c) {
					continue
				}
				for _, res := range ca.availableResources(false) {
					if res.pep.wants(ev.Node) {
						m.to = res.full
						out.add(res, m)
					}
				}
			}
		}
	}
	s.state.mu.Unlock()
	s.send(out)
}

// pepEvent is a notification: a headline message from the owner's bare
// JID (§4.2.1) carrying the event.
type pepEvent struct {
	from, to jid.JID
	ev       pubsub.Event
}

func (m pepEvent) WriteXML(w xmlstream.Encoder) error {
	return stanza.Message{From: m.from, To: m.to, Type: stanza.HeadlineMessage, ID: stanzaid.NewID()}.Wrap(m.ev).WriteXML(w)
}

// charge is what a notification is charged in a delivery queue: its
// payloads (which were read, so know their size) and the envelope.
func (m pepEvent) charge() int {
	n := smallStanza
	for _, it := range m.ev.Items {
		if el := it.Element(); el != nil {
			n += el.Size()
		}
	}
	return n
}

// sendLastItems sends res the last item of each node it has just become
// interested in (XEP-0163 §4.3.4 on initial presence): of its own
// account's nodes and of those of the accounts whose presence it may see.
// Nodes that old (if not nil) wanted already are left out.
func (s *Server) sendLastItems(res *resource, old *pepInterest) {
	type service struct {
		owner jid.JID
		rel   pubsub.Relation
	}
	var services []service
	s.state.mu.Lock()
	a := s.state.local(res.full)
	interest := res.pep.clone()
	if a != nil && res.available {
		services = append(services, service{a.bare, pubsub.Owner})
		for c, item := range a.roster {
			if ca := s.state.local(c); ca != nil && ca != a && item.sub.hasTo() {
				if ci := ca.roster[a.bare]; ci != nil && ci.sub.hasFrom() && !s.state.blockedBetween(a.bare, c) {
					services = append(services, service{ca.bare, pubsub.Contact})
				}
			}
		}
	}
	s.state.mu.Unlock()
	wanted := func(node string) bool { return interest.wants(node) && (old == nil || !old.wants(node)) }
	var out outbox
	for _, sv := range services {
		for _, ev := range s.pep.LastItems(sv.owner, sv.rel, wanted) {
			out.add(res, pepEvent{from: sv.owner, to: res.full, ev: ev})
		}
	}
	s.send(out)
}

// pepNewSubscriber sends the last items of owner's nodes to the interested
// available resources of contact, who may just have become a subscriber
// to owner's presence (XEP-0163 §4.3.4: new subscribers get them too). A
// contact that was one already gets them again, which is harmless.
func (s *Server) pepNewSubscriber(owner, contact jid.JID) {
	type target struct {
		res      *resource
		interest *pepInterest
	}
	var targets []target
	s.state.mu.Lock()
	a, ca := s.state.local(owner), s.state.local(contact)
	if a != nil && ca != nil && a != ca && a.roster[ca.bare] != nil && a.roster[ca.bare].sub.hasFrom() && !s.state.blockedBetween(owner, contact) {
		for _, res := range ca.availableResources(false) {
			if res.pep.known {
				targets = append(targets, target{res, res.pep.clone()})
			}
		}
	}
	s.state.mu.Unlock()
	var out outbox
	for _, t := range targets {
		for _, ev := range s.pep.LastItems(owner, pubsub.Contact, t.interest.wants) {
			out.add(t.res, pepEvent{from: owner, to: t.res.full, ev: ev})
		}
	}
	s.send(out)
}
