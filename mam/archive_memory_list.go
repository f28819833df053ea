package mam

import "slices"

// chunkLen is how many messages one chunk of an account's archive holds.
const chunkLen = 32

// chunk is a run of an account's messages.
type chunk [chunkLen]Stored

// storedList is an account's messages in order of arrival, held in
// chunks. A server appends every routed message to two archives: a slice
// grown by doubling copied each message about twice and left big arrays
// of pointers for the collector, which cost a server routing at full
// speed more than the rest of archiving did. Here an append never moves
// the messages stored, the oldest go without moving the others, and a
// full archive, which drops a message for each it takes, reuses its
// emptied chunk for the next ones.
type storedList struct {
	chunks []*chunk
	off    int    // the first message's place in chunks[0]
	n      int    // messages held
	spare  *chunk // an emptied chunk, for the next one needed
}

// Len returns how many messages l holds.
func (l *storedList) Len() int { return l.n }

// at returns the i'th message, 0 the oldest.
func (l *storedList) at(i int) *Stored {
	g := l.off + i
	return &l.chunks[g/chunkLen][g%chunkLen]
}

// last returns the newest message; l is not empty.
func (l *storedList) last() *Stored { return l.at(l.n - 1) }

// push appends s.
func (l *storedList) push(s Stored) {
	g := l.off + l.n
	if g/chunkLen == len(l.chunks) {
		c := l.spare
		if c == nil {
			c = new(chunk)
		}
		l.spare = nil
		l.chunks = append(l.chunks, c)
	}
	l.chunks[g/chunkLen][g%chunkLen] = s
	l.n++
}

// dropFront drops the k oldest messages.
func (l *storedList) dropFront(k int) {
	for i := range k {
		*l.at(i) = Stored{} // keeps nothing dropped alive
	}
	l.off += k
	l.n -= k
	done := l.off / chunkLen
	if l.n == 0 {
		done = len(l.chunks)
	}
	if done == 0 {
		return
	}
	// Emptied chunks hold only zero values: one is kept for reuse.
	l.spare = l.chunks[done-1]
	clear(l.chunks[:done])
	l.chunks = l.chunks[done:]
	if l.n == 0 {
		l.off = 0
	} else {
		l.off -= done * chunkLen
	}
	if cap(l.chunks) > 2*len(l.chunks)+16 {
		l.chunks = slices.Clip(slices.Clone(l.chunks)) // gives back what the dropped ones held
	}
}
