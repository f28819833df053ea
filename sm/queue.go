package sm

// queue is the stanzas sent and not acknowledged yet, oldest first, in a
// ring: its storage is as long as the most entries it held at once
// (rounded up to a power of two) until it is found empty while idle
// (letGoIdle), and an acknowledgement moves nothing.
// Entries outside the ring's live part are always zero (whoever drops
// entries clears them first, grow copies into fresh storage), so slot hands them out as
// they are. Guarded by the session's mu.
type queue struct {
	buf  []entry // len(buf) is zero or a power of two
	head int     // index in buf of the oldest entry
	n    int     // entries held
}

// len returns how many entries the queue holds.
func (q *queue) len() int { return q.n }

// at returns the i-th oldest entry, i < q.len().
func (q *queue) at(i int) *entry { return &q.buf[(q.head+i)&(len(q.buf)-1)] }

// oldest returns the oldest entries, at most n of them, that lie in one
// run of storage: all n unless the ring wraps within them.
func (q *queue) oldest(n int) []entry {
	end := min(q.head+min(n, q.n), len(q.buf))
	return q.buf[q.head:end]
}

// slot adds an entry at the end and returns it, zero, to be filled in
// place: building one to copy it in cost more per stanza sent than
// copying the stanza.
func (q *queue) slot() *entry {
	if q.n == len(q.buf) {
		q.grow()
	}
	i := (q.head + q.n) & (len(q.buf) - 1)
	q.n++
	return &q.buf[i]
}

// grow doubles the storage, the entries moved to its start in order.
func (q *queue) grow() {
	buf := make([]entry, max(16, 2*len(q.buf)))
	if q.n > 0 {
		k := copy(buf, q.buf[q.head:])
		copy(buf[k:q.n], q.buf)
	}
	q.buf, q.head = buf, 0
}

// drop removes the n oldest entries, n <= q.len(), which the caller has
// cleared (see queue).
func (q *queue) drop(n int) {
	if n == 0 {
		return
	}
	q.head = (q.head + n) & (len(q.buf) - 1)
	q.n -= n
}

// keptIdle is the most entries of storage an empty queue keeps once its
// session is idle (see letGoIdle): 256 entries are 8 KiB, a full default
// window (8192) 256 KiB.
const keptIdle = 256

// letGoIdle lets the storage go if the queue is empty and its storage
// larger than keptIdle: a session that once filled a large window and
// then had it all acknowledged keeps none of it while idle. It is not
// done at each acknowledgement that empties the queue, because a fast
// sender whose peer keeps up empties it often, and would grow it again
// each time.
func (q *queue) letGoIdle() {
	if q.n == 0 && len(q.buf) > keptIdle {
		*q = queue{} // every entry is zero: nothing to clear
	}
}

// all returns a copy of the entries, oldest first.
func (q *queue) all() []entry {
	out := make([]entry, 0, q.n)
	for i := range q.n {
		out = append(out, *q.at(i))
	}
	return out
}

// reset empties the queue and lets its storage go.
func (q *queue) reset() {
	clear(q.buf)
	*q = queue{}
}
