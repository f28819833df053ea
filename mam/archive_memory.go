package mam

import (
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
)

// MemoryArchive is an [Archive] in memory, bounded per account by a count
// of messages, their bytes and a retention time: the oldest go first.
type MemoryArchive struct {
	lim MemoryLimits
	now func() time.Time
	// sameKeys is memArchive.sameKeys for the archives it makes.
	sameKeys bool

	mu sync.Mutex
	// Keyed by the JID's string, which names it alone: a string
	// key is hashed and compared by the map's fast path (a JID struct's
	// are not), for the two lookups of each append.
	owners map[string]*memArchive
	prefs  map[string]Prefs
}

// MemoryLimits bound each account's archive in a [MemoryArchive].
type MemoryLimits struct {
	// Messages is the most messages kept (zero: 10,000).
	Messages int
	// Bytes is the most bytes of messages kept, as written (zero: 16 MiB).
	Bytes int
	// Retention is how long a message is kept (zero: for as long as the
	// other bounds allow).
	Retention time.Duration
}

// NewMemoryArchive returns an empty archive within lim.
func NewMemoryArchive(lim MemoryLimits) *MemoryArchive {
	if lim.Messages <= 0 {
		lim.Messages = 10000
	}
	if lim.Bytes <= 0 {
		lim.Bytes = 16 << 20
	}
	return &MemoryArchive{lim: lim, now: time.Now,
		owners: make(map[string]*memArchive), prefs: make(map[string]Prefs)}
}

// memArchive is one account's archive: msgs in order of arrival, and each
// id's sequence number (msgs.at(i) has sequence base+i), found through
// ids and clash (archive_memory_ids.go).
type memArchive struct {
	msgs  storedList
	base  uint64
	ids   idIndex           // by the id's key
	clash map[string]uint64 // ids whose key another held first
	bytes int               // of the messages' Raw
	// byWith holds the sequence numbers of the messages with each bare
	// JID, ascending, so that a query filtered by correspondent costs
	// its page, not a pass over the archive. The lists are held by
	// pointer so that an append finds and grows one in one map lookup.
	byWith map[string]*[]uint64 // by the bare JID's string, as owners
	// sameKeys gives every id the same key (tests of clashing ids).
	sameKeys bool
}

var _ Archive = (*MemoryArchive)(nil)

// Append implements [Archive]. A message with an id already archived is
// ignored: an archive holds each message once (§6.1.1).
func (m *MemoryArchive) Append(owner jid.JID, s Stored) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.appendLocked(owner, s, m.cut())
	return nil
}

// record is Service.record for m: each recording's prefs and append under
// one hold of the lock, not two each.
func (m *MemoryArchive) record(rs []Recording, def string, archived []bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	// Found once for all the appends: the cut, and the time when each
	// recording has the one before's (a routed message's two do).
	var cut, when, micro time.Time
	found := false
	for i := range rs {
		r := &rs[i]
		if !m.prefs[r.Owner.String()].Archives(r.With, r.InRoster, def) {
			continue
		}
		if !found {
			cut, found = m.cut(), true
			when, micro = r.When, toMicro(r.When)
		} else if r.When != when {
			when, micro = r.When, toMicro(r.When)
		}
		m.appendLocked(r.Owner, Stored{ID: r.ID, Time: micro, With: r.With, Raw: r.Raw}, cut)
		if archived != nil {
			archived[i] = true
		}
	}
}

// appendLocked is Append with m locked, expiring what is older than cut
// (from m.cut).
func (m *MemoryArchive) appendLocked(owner jid.JID, s Stored, cut time.Time) {
	a := m.owners[owner.String()]
	if a == nil {
		a = &memArchive{byWith: make(map[string]*[]uint64), sameKeys: m.sameKeys}
		m.owners[owner.String()] = a
	}
	seq := a.base + uint64(a.msgs.Len())
	if !a.addID(s.ID, seq) {
		return // archived already (rare): the message stays where it is
	}
	if a.msgs.Len() > 0 && s.Time.Before(a.msgs.last().Time) {
		s.Time = a.msgs.last().Time // times never go backwards: queries bisect on them
	}
	with := s.With.Bare().String()
	if l := a.byWith[with]; l != nil {
		*l = append(*l, seq)
	} else {
		a.byWith[with] = &[]uint64{seq}
	}
	a.msgs.push(s)
	a.bytes += len(s.Raw)
	m.expire(a, cut)
}

// cut returns the time before which messages are past the retention:
// zero if there is no retention.
func (m *MemoryArchive) cut() time.Time {
	if m.lim.Retention <= 0 {
		return time.Time{}
	}
	return m.now().Add(-m.lim.Retention)
}

// expire drops the messages beyond the count and those older than cut
// (from m.cut; zero: none).
func (m *MemoryArchive) expire(a *memArchive, cut time.Time) {
	n := a.msgs.Len()
	drop := max(0, n-m.lim.Messages)
	if !cut.IsZero() && n > 0 {
		// Searched only when the oldest has expired: most appends
		// expire nothing.
		if a.msgs.at(0).Time.Before(cut) {
			drop = max(drop, sort.Search(n, func(i int) bool { return !a.msgs.at(i).Time.Before(cut) }))
		}
	}
	excess := a.bytes - m.lim.Bytes
	for i := range drop {
		excess -= len(a.msgs.at(i).Raw)
	}
	for ; excess > 0 && drop < n; drop++ {
		excess -= len(a.msgs.at(drop).Raw)
	}
	if drop == 0 {
		return
	}
	for i := range drop {
		s := a.msgs.at(i)
		a.dropID(s.ID, a.base+uint64(i))
		a.bytes -= len(s.Raw)
		// The oldest messages go, so each is the first of its list.
		b := s.With.Bare().String()
		p := a.byWith[b]
		switch l := (*p)[1:]; {
		case len(l) == 0:
			delete(a.byWith, b)
		case cap(l) > 2*len(l)+64:
			*p = slices.Clone(l)
		default:
			*p = l
		}
	}
	a.msgs.dropFront(drop)
	a.base += uint64(drop)
}

// find returns the position of the message with the given id.
func (a *memArchive) find(id string) (int, bool) {
	s, ok := a.seqOf(id)
	if !ok {
		return 0, false
	}
	return int(s - a.base), true
}

// Query implements [Archive].
func (m *MemoryArchive) Query(owner jid.JID, f Filter, set paging.Request) (Page, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.owners[owner.String()]
	if a == nil {
		a = &memArchive{}
	}
	if m.lim.Retention > 0 {
		m.expire(a, m.cut())
	}
	lo, hi := 0, a.msgs.Len()
	if !f.Start.IsZero() {
		lo = sort.Search(hi, func(i int) bool { return !a.msgs.at(i).Time.Before(f.Start) })
	}
	if !f.End.IsZero() {
		hi = sort.Search(hi, func(i int) bool { return a.msgs.at(i).Time.After(f.End) })
	}
	if f.AfterID != "" {
		i, ok := a.find(f.AfterID)
		if !ok {
			return Page{}, ErrNotFound
		}
		lo = max(lo, i+1)
	}
	if f.BeforeID != "" {
		i, ok := a.find(f.BeforeID)
		if !ok {
			return Page{}, ErrNotFound
		}
		hi = min(hi, i)
	}
	hi = max(lo, hi)
	var list memList
	switch {
	case len(f.IDs) > 0 || f.With.Resourcepart() != "":
		sel := &selection{a: a}
		if len(f.IDs) > 0 {
			for _, id := range f.IDs {
				i, ok := a.find(id)
				if !ok {
					return Page{}, ErrNotFound
				}
				if i >= lo && i < hi && f.matches(a.msgs.at(i)) {
					sel.pos = append(sel.pos, i)
				}
			}
			slices.Sort(sel.pos)
			sel.pos = slices.Compact(sel.pos)
		} else {
			// A full JID: the messages with its bare JID, filtered.
			for _, s := range a.withIn(f.With.Bare(), lo, hi) {
				if i := int(s - a.base); f.matches(a.msgs.at(i)) {
					sel.pos = append(sel.pos, i)
				}
			}
		}
		list = sel
	case !f.With.IsZero():
		list = &bySeq{a: a, seqs: a.withIn(f.With, lo, hi)}
	default:
		list = span{a: a, lo: lo, hi: hi}
	}
	wlo, whi, res, err := set.Window(list)
	if err != nil {
		return Page{}, ErrNotFound
	}
	p := Page{Set: res, Messages: make([]Stored, 0, whi-wlo)}
	for i := wlo; i < whi; i++ {
		p.Messages = append(p.Messages, *a.msgs.at(list.at(i)))
	}
	if set.Before != "" || set.LastPage {
		p.Complete = wlo == 0
	} else {
		p.Complete = whi == list.Len()
	}
	return p, nil
}

// memList is a query's result set over one archive, for paging.
type memList interface {
	paging.List
	at(i int) int // the archive position of result i
}

// span is the archive's messages [lo, hi).
type span struct {
	a      *memArchive
	lo, hi int
}

func (s span) Len() int         { return s.hi - s.lo }
func (s span) UID(i int) string { return s.a.msgs.at(s.lo + i).ID }
func (s span) at(i int) int     { return s.lo + i }
func (s span) Find(uid string) (int, bool) {
	i, ok := s.a.find(uid)
	if !ok || i < s.lo || i >= s.hi {
		return 0, false
	}
	return i - s.lo, true
}

// withIn returns the sequence numbers of the messages with bare within
// the archive's positions [lo, hi).
func (a *memArchive) withIn(bare jid.JID, lo, hi int) []uint64 {
	p := a.byWith[bare.String()]
	if p == nil {
		return nil
	}
	seqs := *p
	from, _ := slices.BinarySearch(seqs, a.base+uint64(lo))
	to, _ := slices.BinarySearch(seqs, a.base+uint64(hi))
	return seqs[from:to]
}

// bySeq is the archive's messages with these sequence numbers, ascending.
type bySeq struct {
	a    *memArchive
	seqs []uint64
}

func (s *bySeq) Len() int         { return len(s.seqs) }
func (s *bySeq) at(i int) int     { return int(s.seqs[i] - s.a.base) }
func (s *bySeq) UID(i int) string { return s.a.msgs.at(s.at(i)).ID }
func (s *bySeq) Find(uid string) (int, bool) {
	seq, ok := s.a.seqOf(uid)
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(s.seqs, seq)
}

// selection is the archive's messages at the positions pos, ascending.
type selection struct {
	a   *memArchive
	pos []int
}

func (s *selection) Len() int         { return len(s.pos) }
func (s *selection) UID(i int) string { return s.a.msgs.at(s.pos[i]).ID }
func (s *selection) at(i int) int     { return s.pos[i] }
func (s *selection) Find(uid string) (int, bool) {
	i, ok := s.a.find(uid)
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(s.pos, i)
}

// Bounds implements [Archive].
func (m *MemoryArchive) Bounds(owner jid.JID) (first, last Stored, ok bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.owners[owner.String()]
	if a == nil || a.msgs.Len() == 0 {
		return Stored{}, Stored{}, false, nil
	}
	return *a.msgs.at(0), *a.msgs.last(), true, nil
}

// Prefs implements [Archive].
func (m *MemoryArchive) Prefs(owner jid.JID) (Prefs, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.prefs[owner.String()], nil
}

// SetPrefs implements [Archive].
func (m *MemoryArchive) SetPrefs(owner jid.JID, p Prefs) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prefs[owner.String()] = p
	return nil
}
