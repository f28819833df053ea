package muc

import (
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Status codes of configuration changes (§10.2.1).
const (
	StatusConfigChanged = 104
	StatusNonAnonymous  = 172
	StatusSemiAnonymous = 173
	StatusNotLogged     = 171
)

// ownerGet sends the configuration form to an owner (§10.2).
func (s *Service) ownerGet(ctx context.Context, _ *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.adminRoom(ctx, st)
	if err != nil {
		return nil, err
	}
	if s.affiliation(r, st.Header.From.Bare()) != AffiliationOwner {
		return nil, condError(stanza.Forbidden, "only owners configure the room")
	}
	f := r.Config.Form()
	return Owner{Form: &f}, nil
}

// ownerSet configures (§10.1.2, §10.1.3, §10.2) or destroys (§10.9) the
// room.
func (s *Service) ownerSet(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(NSOwner, "query")
	q, err := ParseOwner(el)
	if err != nil || (q.Form == nil) == (q.Destroy == nil) {
		return nil, condError(stanza.BadRequest, "a muc#owner request carries a form or a destroy")
	}
	var out outbox
	s.mu.Lock()
	err = s.ownerSetLocked(ctx, &out, st, q)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return nil, s.sendOrdered(ctx, sess, out)
}

func (s *Service) ownerSetLocked(ctx context.Context, out *outbox, st *xmpp.Stanza, q Owner) error {
	r, err := s.adminRoom(ctx, st)
	if err != nil {
		return err
	}
	if s.affiliation(r, st.Header.From.Bare()) != AffiliationOwner {
		return condError(stanza.Forbidden, "only owners configure the room")
	}
	if q.Destroy != nil {
		return s.destroyRoom(ctx, out, r, *q.Destroy)
	}
	switch q.Form.Type {
	case form.TypeCancel:
		if r.locked {
			// Cancelling the initial configuration destroys the room
			// (§10.1.3).
			return s.destroyRoom(ctx, out, r, Destroy{})
		}
		return nil
	case form.TypeSubmit:
	default:
		return condError(stanza.BadRequest, "the form is not submitted")
	}
	cfg, err := r.Config.ApplyForm(*q.Form)
	if err != nil {
		return condError(stanza.NotAcceptable, err.Error())
	}
	old, wasLocked := r.Config, r.locked
	r.Config, r.locked = cfg, false
	if !wasLocked {
		s.announceConfig(out, r, old)
	}
	if cfg.MembersOnly && !old.MembersOnly {
		// Non-members leave a room that becomes members-only (§9.4).
		for _, nick := range slices.Clone(sortedNicks(r)) {
			o := r.occupants[nick]
			if rank(s.affiliation(r, o.bare)) < rank(AffiliationMember) {
				u := User{Items: []Item{{Affiliation: AffiliationNone, Role: RoleNone}}, Status: []int{StatusMembersOnly}}
				if err := s.remove(ctx, out, r, o, u); err != nil {
					return err
				}
			}
		}
	}
	if old.Persistent && !cfg.Persistent {
		s.queue.flush() // no queued append comes back after the removal
		if err := s.cfg.Store.DeleteRoom(ctx, r.JID); err != nil {
			return err
		}
	}
	if err := s.save(ctx, r); err != nil {
		return err
	}
	if len(r.occupants) == 0 {
		return s.emptied(ctx, r)
	}
	return nil
}

// announceConfig tells the occupants what a configuration change changed
// (§10.2.1).
func (s *Service) announceConfig(out *outbox, r *chatRoom, old RoomConfig) {
	codes := []int{StatusConfigChanged}
	if r.Config.NonAnonymous != old.NonAnonymous {
		codes = append(codes, map[bool]int{true: StatusNonAnonymous, false: StatusSemiAnonymous}[r.Config.NonAnonymous])
	}
	if r.Config.Archive != old.Archive {
		codes = append(codes, map[bool]int{true: StatusLogged, false: StatusNotLogged}[r.Config.Archive])
	}
	for _, nick := range sortedNicks(r) {
		for _, dev := range r.occupants[nick].devices {
			out.add(stanza.Message{From: r.JID, To: dev, Type: stanza.GroupChatMessage}.Wrap(User{Status: codes}))
		}
	}
}

// destroyRoom removes every occupant with the destruction notice and
// forgets the room (§10.9).
func (s *Service) destroyRoom(ctx context.Context, out *outbox, r *chatRoom, d Destroy) error {
	for _, nick := range sortedNicks(r) {
		o := r.occupants[nick]
		u := User{Items: []Item{{Affiliation: AffiliationNone, Role: RoleNone}}, Destroy: &d}
		s.selfPresence(out, r, o, o.devices, stanza.UnavailablePresence, u)
	}
	// Each occupant gets its own unavailable presence only: the others'
	// would repeat the notice.
	for _, nick := range slices.Clone(sortedNicks(r)) {
		r.removeOccupant(r.occupants[nick])
	}
	return s.destroy(ctx, r)
}
