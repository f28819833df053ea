package muc

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/canto-im/xmpp/jid"
)

// RoomState is what a [RoomStore] keeps of a room: everything that
// outlives its occupants. Occupants, roles and the discussion history are
// not stored: they belong to the room's current session.
type RoomState struct {
	JID    jid.JID // the room's bare JID
	Config RoomConfig
	// Affiliations maps bare JIDs to their affiliation other than none.
	Affiliations map[jid.JID]Affiliation
	// Creator is the bare JID of the user who created the room, counted
	// against ServiceConfig.MaxRoomsPerUser.
	Creator     jid.JID
	Subject     string
	SubjectNick string // the nick that set the subject; empty for the room
}

func (st RoomState) clone() RoomState {
	st.Affiliations = maps.Clone(st.Affiliations)
	return st
}

// ArchivedMessage is one groupchat message of a room's archive (XEP-0313).
type ArchivedMessage struct {
	// ID is the message's stanza-id (XEP-0359) given by the room, unique
	// in the room's archive and usable as a paging UID.
	ID   string
	Time time.Time
	Nick string
	// XML is the message as the occupants received it, in the
	// jabber:client namespace, without 'to'.
	XML []byte
}

// RoomStore keeps rooms and their archives. A [Service] calls it with its
// own lock held, except Append (or [BatchRoomStore.AppendBatch]), which
// its archive writer calls in the order of the messages, one call at a
// time but concurrently with the other methods: an implementation locks
// itself. A SQLite or other durable store implements the same interface.
type RoomStore interface {
	// Room returns the stored room, or false.
	Room(ctx context.Context, room jid.JID) (RoomState, bool, error)
	// Rooms returns every stored room.
	Rooms(ctx context.Context) ([]RoomState, error)
	// SaveRoom creates or replaces a room.
	SaveRoom(ctx context.Context, st RoomState) error
	// DeleteRoom removes a room and its archive.
	DeleteRoom(ctx context.Context, room jid.JID) error
	// Append adds a message to the room's archive, dropping the oldest
	// beyond keep messages.
	Append(ctx context.Context, room jid.JID, m ArchivedMessage, keep int) error
	// Archive returns the room's archive, oldest first.
	Archive(ctx context.Context, room jid.JID) ([]ArchivedMessage, error)
}

// MemoryStore is a [RoomStore] in memory; the zero value is ready to use.
type MemoryStore struct {
	mu      sync.Mutex
	rooms   map[jid.JID]RoomState
	archive map[jid.JID][]ArchivedMessage
}

// Room implements [RoomStore].
func (m *MemoryStore) Room(_ context.Context, room jid.JID) (RoomState, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.rooms[room]
	return st.clone(), ok, nil
}

// Rooms implements [RoomStore].
func (m *MemoryStore) Rooms(context.Context) ([]RoomState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]RoomState, 0, len(m.rooms))
	for _, st := range m.rooms {
		out = append(out, st.clone())
	}
	slices.SortFunc(out, func(a, b RoomState) int { return compareJID(a.JID, b.JID) })
	return out, nil
}

// SaveRoom implements [RoomStore].
func (m *MemoryStore) SaveRoom(_ context.Context, st RoomState) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rooms == nil {
		m.rooms = make(map[jid.JID]RoomState)
	}
	m.rooms[st.JID] = st.clone()
	return nil
}

// DeleteRoom implements [RoomStore].
func (m *MemoryStore) DeleteRoom(_ context.Context, room jid.JID) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.rooms, room)
	delete(m.archive, room)
	return nil
}

// Append implements [RoomStore].
func (m *MemoryStore) Append(_ context.Context, room jid.JID, msg ArchivedMessage, keep int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.archive == nil {
		m.archive = make(map[jid.JID][]ArchivedMessage)
	}
	a := append(m.archive[room], msg)
	if keep > 0 && len(a) > keep {
		a = slices.Delete(a, 0, len(a)-keep)
	}
	m.archive[room] = a
	return nil
}

// Archive implements [RoomStore].
func (m *MemoryStore) Archive(_ context.Context, room jid.JID) ([]ArchivedMessage, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.archive[room]), nil
}

func compareJID(a, b jid.JID) int {
	switch {
	case a.String() < b.String():
		return -1
	case a.String() > b.String():
		return 1
	}
	return 0
}
