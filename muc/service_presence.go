package muc

import (
	"context"
	"crypto/subtle"
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

// maxNickBytes bounds a nickname (a resourcepart holds at most 1023).
const maxNickBytes = 256

// nickTaken reports whether another user holds a nick equal to nick under
// the Nickname profile's comparison (so "Alice" and "alice" conflict).
func (r *chatRoom) nickTaken(nick string, bare jid.JID) bool {
	if o := r.occupants[nick]; o != nil {
		return o.bare != bare
	}
	for _, o := range r.occupants {
		if o.bare != bare && precis.Nickname.Compare(o.nick, nick) {
			return true
		}
	}
	return false
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

// join adds the sender to the room, creating it if needed (§7.2, §10.1).
func (s *Service) join(ctx context.Context, out *outbox, r *chatRoom, st *xmpp.Stanza, nick string) error {
	from, to := st.Header.From, st.Header.To
	bare := from.Bare()
	var req Join
	if el, ok := st.Element.Child(NS, "x"); ok {
		var err error
		if req, err = ParseJoin(el); err != nil {
			return condError(stanza.BadRequest, "malformed join element")
		}
	}
	created := false
	if r == nil {
		var err error
		if r, err = s.create(ctx, to.Bare(), bare); err != nil {
			return err
		}
		created = true
	}
	aff := s.affiliation(r, bare)
	if err := s.mayJoin(r, aff, nick, bare, req.Password); err != nil {
		return err
	}
	if err := s.activate(r); err != nil {
		return err
	}
	o := r.occupants[nick]
	if o != nil {
		// Another device of the same user takes the same nick.
		if len(o.devices) >= s.cfg.MaxDevices {
			return condError(stanza.Conflict, "too many devices share the nickname")
		}
		o.devices = append(o.devices, from)
		r.nicks[from] = nick
		s.welcome(out, r, o, from, req.History, nil)
		return nil
	}
	o = &occupant{nick: nick, bare: bare, devices: []jid.JID{from}, role: defaultRole(r, aff), extra: presenceExtra(st.Element)}
	var codes []int
	if r.Config.NonAnonymous {
		codes = append(codes, StatusRealJIDPublic)
	}
	if r.Config.Archive {
		codes = append(codes, StatusLogged)
	}
	if created {
		codes = append(codes, StatusCreated)
	}
	if nick != to.Resourcepart() {
		codes = append(codes, StatusNickModified)
	}
	s.welcome(out, r, o, from, req.History, codes)
	return nil
}

// create makes a locked room owned by its creator (§10.1.1).
func (s *Service) create(ctx context.Context, addr, creator jid.JID) (*chatRoom, error) {
	if len(s.rooms) >= s.cfg.MaxRooms {
		return nil, condError(stanza.ResourceConstraint, "too many rooms")
	}
	if !s.isAdmin(creator) {
		n, err := s.ownedBy(ctx, creator)
		if err != nil {
			return nil, err
		}
		if n >= s.cfg.MaxRoomsPerUser {
			return nil, condError(stanza.NotAllowed, "room creation quota reached")
		}
	}
	r := newRoom(RoomState{JID: addr, Config: s.cfg.DefaultRoom, Creator: creator})
	r.Affiliations[creator] = AffiliationOwner
	r.locked = true
	s.rooms[addr] = r
	return r, nil
}

// mayJoin applies the checks of §7.2.5 to §7.2.10.
func (s *Service) mayJoin(r *chatRoom, aff Affiliation, nick string, bare jid.JID, password string) error {
	switch {
	case r.locked && aff != AffiliationOwner:
		return condError(stanza.ItemNotFound, "the room is locked")
	case aff == AffiliationOutcast:
		return condError(stanza.Forbidden, "banned from the room")
	case r.Config.MembersOnly && rank(aff) < rank(AffiliationMember):
		return condError(stanza.RegistrationRequired, "the room is members-only")
	case r.Config.Password != "" && rank(aff) < rank(AffiliationAdmin) &&
		subtle.ConstantTimeCompare([]byte(password), []byte(r.Config.Password)) != 1:
		return condError(stanza.NotAuthorized, "password required")
	}
	if r.nickTaken(nick, bare) {
		return condError(stanza.Conflict, "nickname in use")
	}
	if r.occupants[nick] != nil {
		return nil // another device of the same user
	}
	limit := s.cfg.MaxOccupants
	if m := r.Config.MaxUsers; m > 0 && m < limit {
		limit = m
	}
	if len(r.occupants) >= limit && rank(aff) < rank(AffiliationAdmin) {
		return condError(stanza.ServiceUnavailable, "the room is full")
	}
	return nil
}

// welcome sends a joining device the occupants, its own presence, the
// history and the subject (§7.2.3 to §7.2.16). A new occupant (codes not
// nil) is added and announced to the others.
func (s *Service) welcome(out *outbox, r *chatRoom, o *occupant, dev jid.JID, h *History, codes []int) {
	for _, nick := range sortedNicks(r) {
		other := r.occupants[nick]
		if other != o {
			out.add(s.presenceOf(r, other, dev, "", r.seesJIDs(o), User{}))
		}
	}
	if r.occupants[o.nick] != o {
		r.list(o)
		r.nicks[dev] = o.nick
		s.broadcastPresence(out, r, o, "", User{}, codes...)
	} else {
		s.selfPresence(out, r, o, []jid.JID{dev}, "", User{}, codes...)
	}
	s.sendHistory(out, r, dev, h)
	out.add(s.subjectMessage(r, dev))
}

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
