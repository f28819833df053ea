package mam

// idIndex maps the keys of ids (archive_memory_ids.go) to sequence
// numbers: an open-addressing table with linear probing, in which adding
// a key looks for it and finds the slot to fill in one probe sequence (a
// Go map took a lookup, then an assignment that hashed and probed again,
// and moved entries slowly as it grew: together most of what indexing an
// archived message cost). The keys are hashes already, so a key's low
// bits are its home slot.
type idIndex struct {
	slots []idSlot // a power of two of them, or none
	n     int      // slots in use
}

// idSlot is a slot of an idIndex; seq1 is the sequence number plus one,
// 0 for an empty slot.
type idSlot struct {
	key, seq1 uint64
}

// get returns the sequence number key maps to.
func (x *idIndex) get(key uint64) (uint64, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.seq1 == 0 {
			return 0, false
		}
		if s.key == key {
			return s.seq1 - 1, true
		}
	}
}

// slot returns the slot of key, which holds it or is empty (seq1 0) for
// the caller to fill, making room first if the table is three quarters
// full: the caller then fills the slot or leaves it empty, before any
// other call.
func (x *idIndex) slot(key uint64) *idSlot {
	if 4*(x.n+1) > 3*len(x.slots) {
		x.grow()
	}
	mask := uint64(len(x.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.seq1 == 0 || s.key == key {
			return s
		}
	}
}

// put maps key to seq in s, an empty slot that slot returned for key.
func (x *idIndex) put(s *idSlot, key, seq uint64) {
	s.key, s.seq1 = key, seq+1
	x.n++
}

// grow doubles the table (or makes its first 8 slots), moving each
// key to its slot in the new one.
func (x *idIndex) grow() {
	old := x.slots
	x.slots = make([]idSlot, max(8, 2*len(old)))
	mask := uint64(len(x.slots) - 1)
	for _, o := range old {
		if o.seq1 == 0 {
			continue
		}
		i := o.key & mask
		for x.slots[i].seq1 != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = o
	}
}

// remove drops key if it maps to seq, and reports whether it did. The
// slots after it that would no longer be found past the gap move back
// into it (no tombstones: a table that entries leave as often as they
// come, by retention, keeps short probe sequences).
func (x *idIndex) remove(key, seq uint64) bool {
	if x.n == 0 {
		return false
	}
	mask := uint64(len(x.slots) - 1)
	i := key & mask
	for {
		s := &x.slots[i]
		if s.seq1 == 0 {
			return false
		}
		if s.key == key {
			if s.seq1 != seq+1 {
				return false
			}
			break
		}
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; x.slots[j].seq1 != 0; j = (j + 1) & mask {
		// The entry at j may move to the gap at i unless its home slot
		// lies cyclically in (i, j]: it would then not be found.
		home := x.slots[j].key & mask
		if (j-home)&mask >= (j-i)&mask {
			x.slots[i] = x.slots[j]
			i = j
		}
	}
	x.slots[i] = idSlot{}
	x.n--
	return true
}

// len returns how many keys x maps.
func (x *idIndex) len() int { return x.n }
