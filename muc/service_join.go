package muc

import (
	"context"
	"crypto/subtle"

	"golang.org/x/text/secure/precis"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

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
	if err := s.activate(ctx, r); err != nil {
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
