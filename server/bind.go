package server

import (
	"context"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
)

// binding is one connection's resource reservation. Binding reserves the
// resource in the registry at once, so two clients cannot bind the same
// full JID; the session is attached when negotiation ends.
type binding struct {
	s   *Server
	res *resource
}

// assign is the connection's xmpp.ResourceAssigner (RFC 6120 §7).
func (b *binding) assign(ctx context.Context, client jid.JID, requested string) (string, error) {
	s := b.s
	name := requested
	if name == "" {
		name = stanza.NewID()
	}
	full, err := jid.New(client.Localpart(), client.Domainpart(), name)
	if err != nil {
		return "", stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "invalid resource"}
	}
	var out outbox
	var replaced *resource
	s.state.mu.Lock()
	a := s.state.local(client)
	if a == nil {
		s.state.mu.Unlock()
		return "", stanza.NewError(stanza.NotAllowed)
	}
	b.releaseLocked()
	if old := a.resources[full.Resourcepart()]; old != nil {
		switch s.cfg.OnConflict {
		case RefuseNew:
			s.state.mu.Unlock()
			return "", stanza.Error{Type: stanza.Cancel, Condition: stanza.Conflict}
		case RenameNew:
			full = a.freeResource(full)
		default:
			replaced = old
			s.state.removeResource(old, nil, &out)
		}
	}
	if len(a.resources) >= s.state.lim.resources {
		// A bound on what one account can make the server hold, and on
		// the presence fan-out between its own resources (RFC 6120
		// §7.6.2.1 names resource-constraint for it).
		s.state.mu.Unlock()
		s.send(out)
		return "", stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "too many resources for this account"}
	}
	b.res = &resource{full: full, q: new(deliveryQueue)}
	a.resources[full.Resourcepart()] = b.res
	s.state.mu.Unlock()

	if replaced != nil && replaced.sess != nil {
		// XEP-0198: a client that binds its full JID afresh will not
		// resume the old stream: what it never acknowledged is handled
		// now (stored offline, bounced; smEnded), not when the window
		// passes, and before what waits in its queue, which is newer,
		// and the new session's offline messages (at its presence).
		s.sm.Drop(replaced.sess)
		if isDone(replaced.sess) {
			// A stream kept for XEP-0198 resumption, replaced before it
			// resumed: what waits for it is answered now.
			s.closeQueue(replaced.q)
		}
		s.endSession(replaced.sess, errReplaced)
	}
	s.send(out)
	return full.Resourcepart(), nil
}

// freeResource returns a full JID of a with a resource no session uses,
// derived from taken.
func (a *account) freeResource(taken jid.JID) jid.JID {
	for {
		name := taken.Resourcepart() + "-" + stanza.NewID()[:6]
		if j, err := jid.New(a.bare.Localpart(), a.bare.Domainpart(), name); err == nil && a.resources[name] == nil {
			return j
		}
	}
}

// release gives up the reservation of a connection whose negotiation failed.
func (b *binding) release() {
	b.s.state.mu.Lock()
	res := b.res
	b.releaseLocked()
	b.s.state.mu.Unlock()
	if res != nil {
		b.s.closeQueue(res.q) // what was routed to it meanwhile is bounced
	}
}

func (b *binding) releaseLocked() {
	if b.res == nil {
		return
	}
	if a := b.s.state.local(b.res.full); a != nil && a.resources[b.res.full.Resourcepart()] == b.res {
		delete(a.resources, b.res.full.Resourcepart())
		b.res.detached = true
	}
	b.res = nil
}

// errReplaced ends a session replaced by a new one for the same full JID
// (RFC 6120 §7.7.2.2).
var errReplaced = stream.Conflict.WithText("replaced by a new session")

// endSession ends a session with a stream error (RFC 6120 §4.9), in the
// background so that the caller does not wait for the peer to close.
func (s *Server) endSession(sess *xmpp.Session, serr stream.Error) {
	if !s.goTracked(func() { closeWithError(sess, serr) }) {
		closeWithError(sess, serr)
	}
}

// closeTimeout bounds how long ending a session waits for the peer.
const closeTimeout = 2 * time.Second

// closeWithError ends the stream with a stream error and closes the
// transport, waiting at most closeTimeout.
func closeWithError(sess *xmpp.Session, serr stream.Error) {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	_ = sess.CloseWithError(ctx, serr)
}
