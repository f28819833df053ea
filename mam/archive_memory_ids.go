package mam

import "hash/maphash"

// An account's archive finds a message by its archive id (a query's
// after-id, before-id and ids, a page's after and before) through an
// index from the id's 64-bit hash to the message's sequence number
// (idIndex, archive_memory_index.go). Keyed by the id itself, the index
// was most of what archiving a routed message cost a server: each
// insert, and each move as the map grew, read the id's bytes from
// wherever they were, and the collector scanned every key. A hash key is
// held in the index. The message found is checked against the id asked
// for; an id whose hash another one already holds (a chance of one in
// 2^64 for each pair) is kept by its string in a map.

// idSeed keys the ids' hashes, unpredictably: an id is chosen by whoever
// sends a message only in a store that keeps ids as given.
var idSeed = maphash.MakeSeed()

// key returns the index key of id.
func (a *memArchive) key(id string) uint64 {
	if a.sameKeys {
		return 0 // tests: every id clashes
	}
	return maphash.String(idSeed, id)
}

// seqOf returns the sequence number of the message with this id.
func (a *memArchive) seqOf(id string) (uint64, bool) {
	if s, ok := a.ids.get(a.key(id)); ok && a.msgs.at(int(s-a.base)).ID == id {
		return s, true
	}
	s, ok := a.clash[id]
	return s, ok
}

// addID indexes the message with this id under seq, or reports false if
// the archive holds one with this id already.
func (a *memArchive) addID(id string, seq uint64) bool {
	k := a.key(id)
	slot := a.ids.slot(k)
	taken := slot.seq1 != 0
	if taken && a.msgs.at(int(slot.seq1-1-a.base)).ID == id {
		return false
	}
	if len(a.clash) > 0 {
		if _, dup := a.clash[id]; dup {
			return false
		}
	}
	if !taken {
		a.ids.put(slot, k, seq)
		return true
	}
	if a.clash == nil {
		a.clash = make(map[string]uint64)
	}
	a.clash[id] = seq
	return true
}

// dropID removes the message with this id and sequence number from the
// index.
func (a *memArchive) dropID(id string, seq uint64) {
	if a.ids.remove(a.key(id), seq) {
		return
	}
	delete(a.clash, id)
}
