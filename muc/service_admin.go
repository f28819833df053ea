package muc

import (
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// maxAdminItems bounds the items of one muc#admin request.
const maxAdminItems = 100

// adminRoom returns the room a muc#admin or muc#owner request addresses,
// refusing requests to occupants and to rooms that do not exist.
func (s *Service) adminRoom(ctx context.Context, st *xmpp.Stanza) (*chatRoom, error) {
	if st.Header.To.Resourcepart() != "" {
		return nil, condError(stanza.BadRequest, "administration is addressed to the room")
	}
	r, err := s.room(ctx, st.Header.To.Bare())
	if err != nil {
		return nil, err
	}
	if r == nil || r.locked && s.affiliation(r, st.Header.From.Bare()) != AffiliationOwner {
		return nil, condError(stanza.ItemNotFound, "no such room")
	}
	return r, nil
}

// adminGet answers the list requests of §8.5, §9.2, §9.5, §9.8, §10.5 and
// §10.8.
func (s *Service) adminGet(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(NSAdmin, "query")
	q, err := ParseAdmin(el)
	if err != nil || len(q.Items) != 1 {
		return nil, condError(stanza.BadRequest, "a list request names one role or affiliation")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.adminRoom(ctx, st)
	if err != nil {
		return nil, err
	}
	from := st.Header.From
	want := q.Items[0]
	var res Admin
	switch {
	case want.Affiliation != "" && want.Role == "":
		if rank(s.affiliation(r, from.Bare())) < rank(AffiliationAdmin) {
			return nil, condError(stanza.Forbidden, "only admins see affiliation lists")
		}
		for _, j := range sortedJIDs(r.Affiliations) {
			if r.Affiliations[j] == want.Affiliation {
				res.Items = append(res.Items, Item{JID: j, Affiliation: want.Affiliation})
			}
		}
	case want.Role != "" && want.Affiliation == "":
		if o := r.sender(from); o == nil || o.role != RoleModerator {
			return nil, condError(stanza.Forbidden, "only moderators see role lists")
		}
		for _, nick := range sortedNicks(r) {
			if o := r.occupants[nick]; o.role == want.Role {
				res.Items = append(res.Items, Item{Nick: nick, Role: o.role, Affiliation: s.affiliation(r, o.bare), JID: o.bare})
			}
		}
	default:
		return nil, condError(stanza.BadRequest, "a list request names one role or affiliation")
	}
	return res, nil
}

// adminSet changes roles (§8) and affiliations (§9, §10.3 to §10.7): all
// items are checked before any is applied.
func (s *Service) adminSet(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(NSAdmin, "query")
	q, err := ParseAdmin(el)
	if err != nil || len(q.Items) == 0 || len(q.Items) > maxAdminItems {
		return nil, condError(stanza.BadRequest, "malformed muc#admin request")
	}
	var out outbox
	s.mu.Lock()
	err = s.adminSetLocked(ctx, &out, st, q.Items)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return nil, s.sendOrdered(ctx, sess, out)
}

func (s *Service) adminSetLocked(ctx context.Context, out *outbox, st *xmpp.Stanza, items []Item) error {
	r, err := s.adminRoom(ctx, st)
	if err != nil {
		return err
	}
	from := st.Header.From
	actorAff := s.affiliation(r, from.Bare())
	var actor Actor
	actorOcc := r.sender(from)
	if actorOcc != nil {
		actor.Nick = actorOcc.nick
	}
	owners := s.ownersAfter(r, items)
	for _, it := range items {
		switch {
		case it.Nick != "" && it.Role != "" && it.Affiliation == "":
			err = s.checkRole(r, actorOcc, actorAff, it)
		case !it.JID.IsZero() && it.Affiliation != "" && it.Role == "":
			err = s.checkAffiliation(r, from.Bare(), actorAff, it, owners)
		default:
			err = condError(stanza.BadRequest, "an item changes a nick's role or a JID's affiliation")
		}
		if err != nil {
			return err
		}
	}
	for _, it := range items {
		if it.Role != "" {
			err = s.setRole(ctx, out, r, it, actor)
		} else {
			err = s.setAffiliation(ctx, out, r, it.JID.Bare(), it.Affiliation, it.Reason, actor)
		}
		if err != nil {
			return err
		}
	}
	return s.save(ctx, r)
}

// checkRole applies the rules of §8.2 to §8.4, §9.6 and §9.7.
func (s *Service) checkRole(r *chatRoom, actor *occupant, actorAff Affiliation, it Item) error {
	if actor == nil || actor.role != RoleModerator {
		return condError(stanza.Forbidden, "only moderators change roles")
	}
	target := r.occupants[it.Nick]
	if target == nil {
		return condError(stanza.ItemNotFound, "no such occupant")
	}
	targetAff := s.affiliation(r, target.bare)
	switch {
	case target == actor && it.Role == RoleNone:
		return condError(stanza.Conflict, "a moderator cannot kick themselves")
	case it.Role == RoleModerator || target.role == RoleModerator && it.Role != RoleModerator:
		if rank(actorAff) < rank(AffiliationAdmin) {
			return condError(stanza.Forbidden, "only admins grant or revoke moderation")
		}
	}
	if rank(targetAff) >= rank(AffiliationAdmin) && it.Role != RoleModerator {
		return condError(stanza.NotAllowed, "the occupant's affiliation protects it")
	}
	return nil
}

// ownersAfter counts the owners once items are applied.
func (s *Service) ownersAfter(r *chatRoom, items []Item) int {
	aff := make(map[jid.JID]Affiliation, len(r.Affiliations))
	for j, a := range r.Affiliations {
		aff[j] = a
	}
	for _, it := range items {
		if !it.JID.IsZero() && it.Affiliation != "" {
			aff[it.JID.Bare()] = it.Affiliation
		}
	}
	n := 0
	for _, a := range aff {
		if a == AffiliationOwner {
			n++
		}
	}
	return n
}

// checkAffiliation applies the rules of §9.1, §9.3, §9.4 and §10.3 to
// §10.7.
func (s *Service) checkAffiliation(r *chatRoom, actorBare jid.JID, actorAff Affiliation, it Item, owners int) error {
	if rank(actorAff) < rank(AffiliationAdmin) {
		return condError(stanza.Forbidden, "only admins change affiliations")
	}
	current := s.affiliation(r, it.JID.Bare())
	if actorAff != AffiliationOwner && (rank(it.Affiliation) >= rank(AffiliationAdmin) || rank(current) >= rank(AffiliationAdmin)) {
		return condError(stanza.NotAllowed, "only owners change admins and owners")
	}
	if s.isAdmin(it.JID.Bare()) && it.Affiliation != AffiliationOwner {
		return condError(stanza.NotAllowed, "service administrators own every room")
	}
	if current == AffiliationOwner && it.Affiliation != AffiliationOwner && owners == 0 {
		return condError(stanza.Conflict, "a room keeps at least one owner")
	}
	return nil
}

// setRole changes an occupant's role; RoleNone kicks it (§8.2).
func (s *Service) setRole(ctx context.Context, out *outbox, r *chatRoom, it Item, actor Actor) error {
	o := r.occupants[it.Nick]
	if o == nil {
		return nil // kicked by an earlier item
	}
	if it.Role == RoleNone {
		u := User{Items: []Item{{Role: RoleNone, Reason: it.Reason, Actor: actor}}, Status: []int{StatusKicked}}
		return s.remove(ctx, out, r, o, u)
	}
	o.role = it.Role
	s.broadcastPresence(out, r, o, "", User{Items: []Item{{Reason: it.Reason, Actor: actor}}})
	return nil
}

// remove takes every device of o out of the room, telling everyone why.
func (s *Service) remove(ctx context.Context, out *outbox, r *chatRoom, o *occupant, u User) error {
	s.broadcastPresence(out, r, o, stanza.UnavailablePresence, u)
	r.removeOccupant(o)
	return s.emptied(ctx, r)
}

// setAffiliation changes a user's affiliation and the role of its
// occupants: a ban removes them (§9.1, status 301), losing membership of
// a members-only room too (§9.4, status 321).
func (s *Service) setAffiliation(ctx context.Context, out *outbox, r *chatRoom, bare jid.JID, aff Affiliation, reason string, actor Actor) error {
	if aff == AffiliationNone {
		delete(r.Affiliations, bare)
	} else {
		r.Affiliations[bare] = aff
	}
	for _, nick := range slices.Clone(sortedNicks(r)) {
		o := r.occupants[nick]
		if o == nil || o.bare != bare {
			continue
		}
		item := Item{Affiliation: aff, Reason: reason, Actor: actor}
		switch {
		case aff == AffiliationOutcast:
			item.Role = RoleNone
			if err := s.remove(ctx, out, r, o, User{Items: []Item{item}, Status: []int{StatusBanned}}); err != nil {
				return err
			}
		case r.Config.MembersOnly && aff == AffiliationNone:
			item.Role = RoleNone
			if err := s.remove(ctx, out, r, o, User{Items: []Item{item}, Status: []int{StatusAffiliation}}); err != nil {
				return err
			}
		default:
			o.role = defaultRole(r, aff)
			s.broadcastPresence(out, r, o, "", User{Items: []Item{item}})
		}
	}
	return nil
}

func sortedJIDs(m map[jid.JID]Affiliation) []jid.JID {
	out := make([]jid.JID, 0, len(m))
	for j := range m {
		out = append(out, j)
	}
	sortJIDs(out)
	return out
}
