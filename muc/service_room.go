package muc

import (
	"context"
	"slices"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// chatRoom is a room of the service: its stored state, and its occupants.
type chatRoom struct {
	RoomState
	locked    bool                 // created and not yet configured (§10.1)
	occupants map[string]*occupant // by nick
	order     []string             // the nicks, sorted: broadcasts go in this order
	nicks     map[jid.JID]string   // real full JID → nick
	history   []historyEntry       // oldest first
	// invited maps invitees' bare JIDs to their inviters, so a decline
	// goes only to whoever invited the decliner (§7.8.3), never to an
	// address the decliner picks; invitedOrder bounds it.
	invited      map[jid.JID]jid.JID
	invitedOrder []jid.JID
}

// maxPendingInvites bounds the invitations a room remembers.
const maxPendingInvites = 100

// remember records an invitation for a later decline.
func (r *chatRoom) remember(invitee, inviter jid.JID) {
	if r.invited == nil {
		r.invited = make(map[jid.JID]jid.JID)
	}
	if _, ok := r.invited[invitee]; !ok {
		r.invitedOrder = append(r.invitedOrder, invitee)
	}
	r.invited[invitee] = inviter
	if len(r.invitedOrder) > maxPendingInvites {
		delete(r.invited, r.invitedOrder[0])
		r.invitedOrder = r.invitedOrder[1:]
	}
}

// forget drops an invitation once declined.
func (r *chatRoom) forget(invitee jid.JID) {
	delete(r.invited, invitee)
	if i := slices.Index(r.invitedOrder, invitee); i >= 0 {
		r.invitedOrder = slices.Delete(r.invitedOrder, i, i+1)
	}
}

// occupant is one nick in a room, with the real JIDs using it.
type occupant struct {
	nick    string
	bare    jid.JID
	devices []jid.JID // real full JIDs, in the order they joined
	role    Role
	// extra is the occupant's presence payload (show, status, ...),
	// copied from its last presence.
	extra []xmlstream.Marshaler
}

// historyEntry is a message kept for joiners (§7.2.15).
type historyEntry struct {
	msg   message.Message // from the occupant JID, no 'to'
	nick  string
	from  jid.JID // the sender's real bare JID
	time  time.Time
	chars int
}

func newRoom(st RoomState) *chatRoom {
	if st.Affiliations == nil {
		st.Affiliations = make(map[jid.JID]Affiliation)
	}
	return &chatRoom{RoomState: st, occupants: make(map[string]*occupant), nicks: make(map[jid.JID]string)}
}

// room returns the room at addr; nil if there is none. A stored room
// without occupants is read from the store each time and kept in memory
// only once someone joins (see activate), so queries about stored rooms
// cannot fill the memory; everything that changes it saves it.
func (s *Service) room(ctx context.Context, addr jid.JID) (*chatRoom, error) {
	if r := s.rooms[addr]; r != nil {
		return r, nil
	}
	st, ok, err := s.cfg.Store.Room(ctx, addr)
	if err != nil || !ok {
		return nil, err
	}
	return newRoom(st), nil
}

// activate keeps r in memory, within MaxRooms.
func (s *Service) activate(ctx context.Context, r *chatRoom) error {
	if s.rooms[r.JID] == r {
		return nil
	}
	if len(s.rooms) >= s.cfg.MaxRooms {
		return condError(stanza.ResourceConstraint, "too many active rooms")
	}
	if r.Config.Archive && len(r.history) == 0 {
		// A stored room gets its history back from its archive.
		if err := s.loadHistory(ctx, r); err != nil {
			return err
		}
	}
	s.rooms[r.JID] = r
	return nil
}

// save stores a persistent room.
func (s *Service) save(ctx context.Context, r *chatRoom) error {
	if !r.Config.Persistent || r.locked {
		return nil
	}
	return s.cfg.Store.SaveRoom(ctx, r.RoomState)
}

// affiliation returns the user's affiliation; service admins own every
// room.
func (s *Service) affiliation(r *chatRoom, bare jid.JID) Affiliation {
	if s.isAdmin(bare) {
		return AffiliationOwner
	}
	if a, ok := r.Affiliations[bare]; ok {
		return a
	}
	return AffiliationNone
}

// defaultRole is the role an affiliation gets on joining (§5.1.2).
func defaultRole(r *chatRoom, a Affiliation) Role {
	switch a {
	case AffiliationOwner, AffiliationAdmin:
		return RoleModerator
	case AffiliationMember:
		return RoleParticipant
	}
	if r.Config.Moderated {
		return RoleVisitor
	}
	return RoleParticipant
}

// rank orders affiliations for the permission checks of §5.2.
func rank(a Affiliation) int {
	switch a {
	case AffiliationOutcast:
		return -1
	case AffiliationMember:
		return 1
	case AffiliationAdmin:
		return 2
	case AffiliationOwner:
		return 3
	}
	return 0
}

// sender returns the occupant a real full JID is, or nil.
func (r *chatRoom) sender(real jid.JID) *occupant {
	if n, ok := r.nicks[real]; ok {
		return r.occupants[n]
	}
	return nil
}

// item is what the presence of o says to a recipient who may or may not
// see real JIDs.
func (s *Service) item(r *chatRoom, o *occupant, real jid.JID, showJID bool) Item {
	it := Item{Affiliation: s.affiliation(r, o.bare), Role: o.role}
	if showJID {
		it.JID = real
	}
	return it
}

// seesJIDs reports whether the occupant o sees real JIDs (§7.2.3).
func (r *chatRoom) seesJIDs(o *occupant) bool {
	return r.Config.NonAnonymous || o.role == RoleModerator
}

// presenceOf returns the presence of o for the recipient to, with the
// status codes and the item changes given.
func (s *Service) presenceOf(r *chatRoom, o *occupant, to jid.JID, typ stanza.PresenceType, showJID bool, u User) xmlstream.Marshaler {
	it := s.item(r, o, o.devices[0], showJID)
	if len(u.Items) > 0 {
		// The caller's item overrides the role, affiliation and adds
		// nick, reason, actor.
		ov := u.Items[0]
		if ov.Role != "" {
			it.Role = ov.Role
		}
		if ov.Affiliation != "" {
			it.Affiliation = ov.Affiliation
		}
		it.Nick, it.Reason, it.Actor = ov.Nick, ov.Reason, ov.Actor
	}
	u.Items = []Item{it}
	p := stanza.Presence{From: occupantJID(r.JID, o.nick), To: to, Type: typ}
	if typ == stanza.UnavailablePresence {
		return p.Wrap(u)
	}
	return p.Wrap(append(o.extra[:len(o.extra):len(o.extra)], u)...)
}

// broadcastPresence sends o's presence to every occupant, o's own devices
// last: to them with the codes self adds and status 110, to the others
// with the codes of u.
func (s *Service) broadcastPresence(out *outbox, r *chatRoom, o *occupant, typ stanza.PresenceType, u User, self ...int) {
	for _, nick := range sortedNicks(r) {
		rcpt := r.occupants[nick]
		if rcpt == o {
			continue
		}
		show := r.seesJIDs(rcpt)
		for _, dev := range rcpt.devices {
			out.add(s.presenceOf(r, o, dev, typ, show, u))
		}
	}
	if r.occupants[o.nick] == o {
		s.selfPresence(out, r, o, o.devices, typ, u, self...)
	}
}

// selfPresence sends o's presence to the devices given, with status 110.
func (s *Service) selfPresence(out *outbox, r *chatRoom, o *occupant, devices []jid.JID, typ stanza.PresenceType, u User, self ...int) {
	u.Status = append(append(append([]int(nil), u.Status...), self...), StatusSelf)
	for _, dev := range devices {
		out.add(s.presenceOf(r, o, dev, typ, true, u))
	}
}

// removeOccupant drops o from the room's tables.
func (r *chatRoom) removeOccupant(o *occupant) {
	for _, d := range o.devices {
		delete(r.nicks, d)
	}
	r.unlist(o.nick)
}

// list adds o under its nick.
func (r *chatRoom) list(o *occupant) {
	r.occupants[o.nick] = o
	if i, found := slices.BinarySearch(r.order, o.nick); !found {
		r.order = slices.Insert(r.order, i, o.nick)
	}
}

// unlist removes the nick.
func (r *chatRoom) unlist(nick string) {
	delete(r.occupants, nick)
	if i, found := slices.BinarySearch(r.order, nick); found {
		r.order = slices.Delete(r.order, i, i+1)
	}
}

// sortedNicks returns the nicks in a stable order, so broadcasts are
// deterministic. The slice is the room's: callers that change the
// occupants while iterating use a copy.
func sortedNicks(r *chatRoom) []string { return slices.Clip(r.order) }

// ownedBy counts the rooms bare created that still exist.
func (s *Service) ownedBy(ctx context.Context, bare jid.JID) (int, error) {
	n := 0
	seen := make(map[jid.JID]bool)
	for addr, r := range s.rooms {
		seen[addr] = true
		if r.Creator == bare {
			n++
		}
	}
	stored, err := s.cfg.Store.Rooms(ctx)
	if err != nil {
		return 0, err
	}
	for _, st := range stored {
		if !seen[st.JID] && st.Creator == bare {
			n++
		}
	}
	return n, nil
}

// destroy removes the room from memory and the store.
func (s *Service) destroy(ctx context.Context, r *chatRoom) error {
	delete(s.rooms, r.JID)
	s.queue.flush() // no queued append comes back after the removal
	return s.cfg.Store.DeleteRoom(ctx, r.JID)
}
