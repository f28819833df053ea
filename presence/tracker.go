package presence

import (
	"cmp"
	"context"
	"encoding/xml"
	"slices"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
)

// DefaultMaxResources is the number of resources a [Tracker] keeps per
// contact when MaxResources is zero.
const DefaultMaxResources = 16

// Resource is one online resource of a contact, as its last available
// presence described it.
type Resource struct {
	JID      jid.JID // the full JID (or the bare JID of an entity that sent presence without resource)
	Show     Show
	Status   []Status
	Priority int8
}

// Tracker follows the available and unavailable presence a session
// receives (register it with Handle) and answers who is online. The zero
// value is ready to use; it is safe for concurrent use.
type Tracker struct {
	// MaxResources bounds the resources kept per contact, so that a peer
	// cannot grow the tracker without limit; zero means
	// DefaultMaxResources. Beyond it a new resource replaces the one with
	// the lowest priority (the oldest among equals), or is dropped if its
	// own priority is lower still.
	MaxResources int

	mu     sync.Mutex
	online map[jid.JID][]Resource // by bare JID; each slice sorted as Online returns it
}

// Handle returns the mux routes for available and unavailable presence.
// Other presence types (subscriptions, errors) are left to other routes.
func (t *Tracker) Handle() mux.Option {
	h := xmpp.HandlerFunc(t.handle)
	return mux.Options(
		mux.Presence(stanza.AvailablePresence, xml.Name{}, h),
		mux.Presence(stanza.UnavailablePresence, xml.Name{}, h),
	)
}

func (t *Tracker) handle(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	p, err := Parse(st.Element)
	if err != nil || p.Header.From.IsZero() {
		return nil // nothing to track; presence is never answered with an error here
	}
	t.Update(p)
	return nil
}

// Update applies a received presence: an available one adds or replaces
// its sender's resource, an unavailable one removes it (all of the
// contact's resources when sent from the bare JID). Other types are
// ignored.
func (t *Tracker) Update(p Presence) {
	from := p.Header.From
	bare := from.Bare()
	t.mu.Lock()
	defer t.mu.Unlock()
	switch p.Header.Type {
	case stanza.UnavailablePresence:
		if from == bare {
			delete(t.online, bare)
			return
		}
		rs := slices.DeleteFunc(t.online[bare], func(r Resource) bool { return r.JID == from })
		if len(rs) == 0 {
			delete(t.online, bare)
		} else {
			t.online[bare] = rs
		}
	case stanza.AvailablePresence:
		if t.online == nil {
			t.online = make(map[jid.JID][]Resource)
		}
		r := Resource{JID: from, Show: p.Show, Status: slices.Clone(p.Status), Priority: p.Priority}
		rs := slices.DeleteFunc(t.online[bare], func(o Resource) bool { return o.JID == from })
		limit := t.MaxResources
		if limit <= 0 {
			limit = DefaultMaxResources
		}
		if len(rs) >= limit {
			if rs[len(rs)-1].Priority > r.Priority {
				t.online[bare] = rs
				return
			}
			rs = rs[:limit-1]
		}
		// Insert after the resources of equal or higher priority: a stable
		// order, newest last among equals.
		i, _ := slices.BinarySearchFunc(rs, r.Priority, func(o Resource, p int8) int {
			if o.Priority >= p {
				return -1
			}
			return 1
		})
		t.online[bare] = slices.Insert(rs, i, r)
	}
}

// Online returns the online resources of the contact (any JID of it; only
// the bare part counts), highest priority first, oldest first among equal
// priorities; nil when none is online. The slice is the caller's.
func (t *Tracker) Online(contact jid.JID) []Resource {
	t.mu.Lock()
	defer t.mu.Unlock()
	rs := t.online[contact.Bare()]
	if len(rs) == 0 {
		return nil
	}
	out := slices.Clone(rs)
	return out
}

// Contacts returns the bare JIDs with at least one online resource, sorted.
func (t *Tracker) Contacts() []jid.JID {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]jid.JID, 0, len(t.online))
	for j := range t.online {
		out = append(out, j)
	}
	slices.SortFunc(out, func(a, b jid.JID) int { return cmp.Compare(a.String(), b.String()) })
	return out
}

// Reset forgets everything, as when the session ends: presence seen on
// one stream says nothing once it is closed.
func (t *Tracker) Reset() {
	t.mu.Lock()
	t.online = nil
	t.mu.Unlock()
}
