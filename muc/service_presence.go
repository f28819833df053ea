package muc

import (
	"context"
	"errors"

	"golang.org/x/text/secure/precis"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// presence serves presence to a room or occupant: join (§7.2), presence
// changes (§7.7), nick changes (§7.6) and leaving (§7.14).
func (s *Service) presence(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	var out outbox
	s.mu.Lock()
	err := s.presenceLocked(ctx, &out, st)
	s.mu.Unlock()
	return s.finish(ctx, sess, st, out, err)
}

// finish sends what a request caused, or the error reply it deserves: the
// stanza error, or internal-server-error for a failure of the service's
// own (a store's), which is returned too.
func (s *Service) finish(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza, out outbox, err error) error {
	if (len(out) > 0 || err != nil) && s.queue.busy() {
		// Behind the archive appends waiting to go out.
		j := &queuedJob{sess: sess, out: out, err: err}
		if err != nil {
			j.request = st.Element.Clone()
		}
		s.enqueue(j)
		return nil
	}
	if err == nil {
		return send(ctx, sess, out)
	}
	var se stanza.Error
	if !errors.As(err, &se) {
		if err := sess.Send(ctx, errorReplyErr(st, stanza.NewError(stanza.InternalServerError))); err != nil {
			return err
		}
		return err
	}
	return sess.Send(ctx, errorReplyErr(st, se))
}

func errorReplyErr(st *xmpp.Stanza, e stanza.Error) xmlstream.Marshaler {
	el := st.Element
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return stanza.WriteErrorReply(w, el, e)
	})
}

func condError(c stanza.Condition, text string) stanza.Error {
	e := stanza.NewError(c)
	e.Text = text
	return e
}

func (s *Service) presenceLocked(ctx context.Context, out *outbox, st *xmpp.Stanza) error {
	from, to := st.Header.From, st.Header.To
	r, err := s.room(ctx, to.Bare())
	if err != nil {
		return err
	}
	switch stanza.PresenceType(st.Header.Type) {
	case stanza.UnavailablePresence, stanza.ErrorPresence:
		// An error presence is a bounce: the occupant is gone (§7.14).
		if r != nil {
			if o := r.sender(from); o != nil {
				return s.leave(ctx, out, r, o, from, User{})
			}
		}
		return nil
	case "":
	default:
		return nil // subscriptions and probes mean nothing to a room
	}
	if to.Resourcepart() == "" {
		return condError(stanza.JIDMalformed, "no nickname")
	}
	// Nicknames follow the PRECIS Nickname profile (RFC 8266, as
	// §7.2.1 recommends); a nick it changes is joined as changed, with
	// status 210.
	nick, err := precis.Nickname.String(to.Resourcepart())
	if err != nil || len(nick) > maxNickBytes {
		return condError(stanza.JIDMalformed, "nickname not allowed")
	}
	if r != nil {
		if o := r.sender(from); o != nil {
			if o.nick == nick {
				return s.update(out, r, o, st)
			}
			return s.changeNick(out, r, o, from, nick, st)
		}
	}
	return s.join(ctx, out, r, st, nick)
}

// update broadcasts an occupant's new presence (§7.7). A join sent again
// (a client that lost track, XEP-0410) gets the whole room state again.
func (s *Service) update(out *outbox, r *chatRoom, o *occupant, st *xmpp.Stanza) error {
	o.extra = presenceExtra(st.Element)
	el, rejoin := st.Element.Child(NS, "x")
	if !rejoin {
		s.broadcastPresence(out, r, o, "", User{})
		return nil
	}
	req, err := ParseJoin(el)
	if err != nil {
		return condError(stanza.BadRequest, "malformed join element")
	}
	s.welcome(out, r, o, st.Header.From, req.History, nil)
	return nil
}

// presenceExtra copies the payload of a presence other than the MUC
// elements, to repeat in the occupant's presence.
func presenceExtra(el *xmlstream.Element) []xmlstream.Marshaler {
	need := false
	for c := range el.Children() {
		if !isMUCName(c.Name().Space) {
			need = true
			break
		}
	}
	if !need {
		return nil
	}
	var extra []xmlstream.Marshaler
	for c := range el.Clone().Children() {
		if !isMUCName(c.Name().Space) {
			extra = append(extra, c)
		}
	}
	return extra
}

func isMUCName(space string) bool { return space == NS || space == NSUser }

// leave removes one device of o (§7.14); the last takes the occupant out
// of the room, with the codes of u.
func (s *Service) leave(ctx context.Context, out *outbox, r *chatRoom, o *occupant, dev jid.JID, u User) error {
	if len(o.devices) > 1 {
		for i, d := range o.devices {
			if d == dev {
				o.devices = append(o.devices[:i:i], o.devices[i+1:]...)
			}
		}
		delete(r.nicks, dev)
		u.Items = []Item{{Role: RoleNone}}
		s.selfPresence(out, r, o, []jid.JID{dev}, stanza.UnavailablePresence, u)
		return nil
	}
	if len(u.Items) == 0 {
		u.Items = []Item{{Role: RoleNone}}
	}
	s.broadcastPresence(out, r, o, stanza.UnavailablePresence, u)
	r.removeOccupant(o)
	return s.emptied(ctx, r)
}

// emptied destroys a temporary room its last occupant left (§10.1.1).
func (s *Service) emptied(ctx context.Context, r *chatRoom) error {
	if len(r.occupants) > 0 {
		return nil
	}
	if r.locked || !r.Config.Persistent {
		return s.destroy(ctx, r)
	}
	delete(s.rooms, r.JID) // stored; loaded again when needed
	return nil
}

// changeNick renames o (§7.6): unavailable with 303 from the old nick,
// available from the new one.
func (s *Service) changeNick(out *outbox, r *chatRoom, o *occupant, dev jid.JID, nick string, st *xmpp.Stanza) error {
	if r.occupants[nick] != nil || r.nickTaken(nick, o.bare) {
		return condError(stanza.Conflict, "nickname in use")
	}
	if len(o.devices) > 1 {
		return condError(stanza.NotAcceptable, "the nickname is shared by several devices")
	}
	s.broadcastPresence(out, r, o, stanza.UnavailablePresence, User{Items: []Item{{Nick: nick}}, Status: []int{StatusNickChange}})
	r.unlist(o.nick)
	o.nick = nick
	o.extra = presenceExtra(st.Element)
	r.list(o)
	r.nicks[dev] = nick
	s.broadcastPresence(out, r, o, "", User{})
	return nil
}
