package muc

import (
	"context"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
)

// Shutdown takes every occupant out of every room with status 332 (the
// service is going away, §15.6), over sess, and forgets the rooms in
// memory; persistent rooms stay in the store. Call it before closing the
// component session.
func (s *Service) Shutdown(ctx context.Context, sess *xmpp.Session) error {
	s.queue.flush() // what is archived goes out before the end
	var out outbox
	s.mu.Lock()
	for _, r := range s.rooms {
		for _, nick := range slices.Clone(sortedNicks(r)) {
			o := r.occupants[nick]
			u := User{Items: []Item{{Role: RoleNone}}, Status: []int{StatusShutdown}}
			s.selfPresence(&out, r, o, o.devices, stanza.UnavailablePresence, u)
			r.removeOccupant(o)
		}
	}
	clear(s.rooms)
	s.mu.Unlock()
	return send(ctx, sess, out)
}
