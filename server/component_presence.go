package server

import (
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// A component's available presence to the server's accounts is
// remembered by each resource it reached, so that when the component
// goes away each of them gets unavailable presence from every address of
// it that it last had available presence from: an entity that is gone
// is seen to go (RFC 6121 §4.5), as when an account's last resource
// leaves; a multi-user chat client learns that it is no longer in its
// rooms. What a resource remembers is bounded by Config.MaxDirected, as
// the directed presence it sends is: past it the presence is delivered
// but not remembered.

// presenceFromComponent notes presence of type typ from the component
// address from, delivered to res. The registry lock is held.
func (r *registry) presenceFromComponent(res *resource, from jid.JID, typ stanza.PresenceType) {
	switch typ {
	case stanza.AvailablePresence:
		if res.fromComponents[from] || len(res.fromComponents) >= r.lim.directed {
			return
		}
		if res.fromComponents == nil {
			res.fromComponents = make(map[jid.JID]bool)
		}
		res.fromComponents[from] = true
	case stanza.UnavailablePresence:
		delete(res.fromComponents, from)
	}
}

// componentGone sends unavailable presence in the name of every address
// of the component that went away to the resources that had its
// available presence. A closing server sends nothing: every session ends
// with it.
func (s *Server) componentGone(c *component) {
	if s.ctx.Err() != nil {
		return
	}
	domain := c.domain.Domainpart()
	var out outbox
	s.state.mu.Lock()
	for _, a := range s.state.accounts {
		for _, res := range a.resources {
			for from := range res.fromComponents {
				if from.Domainpart() == domain {
					delete(res.fromComponents, from)
					out.add(res, presenceOf(from, res.full, stanza.UnavailablePresence))
				}
			}
		}
	}
	s.state.mu.Unlock()
	s.send(out)
}
