package server

import (
	"context"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// noWait is an ended context: a Send given it writes only if it can
// without waiting (the session's write lock free, room in its outbox, the
// stream management queue not full) and otherwise fails before writing
// anything, with the context's error or one of its own.
var noWait = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// writeIdle is the first turn of a queue's writer, taken by the sender
// that found the queue idle (enqueue reported start): when the recipient's
// session can take the stanza at once, the sender writes it there itself
// (into the session's outbox, whose own writer goroutine takes the
// socket), rather than start a writer goroutine for one stanza, which cost
// a goroutine and a lock of the server per routed message when they come
// one at a time. It reports whether the queue is left idle; if not (the
// write would have waited or failed, or more came meanwhile), the caller
// starts the writer goroutine, which goes on from the queue's head as
// drainQueue always does, so order, bounds, back pressure and failures are
// as they were.
func (s *Server) writeIdle(q *deliveryQueue) bool {
	q.mu.Lock()
	if q.closed || q.sess == nil || q.flushPending != nil || q.head == len(q.items) {
		q.mu.Unlock()
		return false
	}
	it := q.items[q.head]
	if !writesPlainly(it.m) {
		q.mu.Unlock()
		return false
	}
	q.items[q.head] = queued{}
	q.head++
	sess := q.sess
	q.mu.Unlock()

	if err := sendCounted(noWait, sess, it.m); err != nil {
		// Nothing was written (see noWait), or the stream broke: the
		// writer tries again and handles what it finds as it would have,
		// waiting where it must.
		q.mu.Lock()
		if !q.closed {
			q.head--
			q.items[q.head] = it
			q.mu.Unlock()
			return false
		}
		// The session ended meanwhile and its queue failed what it
		// held: this one fails after them, as drainQueue's would.
		q.bytes -= it.size
		q.running = false
		q.mu.Unlock()
		s.stats.QueuedBytes.Add(-int64(it.size))
		s.undelivered(it, stanza.ServiceUnavailable)
		return true
	}
	q.mu.Lock()
	q.bytes -= it.size
	idle := q.head == len(q.items) && q.flushPending == nil || q.closed
	if idle {
		q.running = false
		q.items, q.head = shrink(q.items, q.head), 0
	}
	q.mu.Unlock()
	s.stats.QueuedBytes.Add(-int64(it.size))
	s.written(it)
	return idle
}

// writesPlainly reports whether m is written by Send, as drainQueue
// writes it, rather than by a path of its own (an offline flush's marker,
// a forwarded IQ).
func writesPlainly(m xmlstream.Marshaler) bool {
	switch m.(type) {
	case offlineFlush, writerMarshaler:
		return false
	}
	return true
}

// keep gives r a copy of the handler's element it was made with, for the
// queues, which keep it after the handler returns (its views and storage
// are lent until then, see xmpp.Stanza); the bounce refers to the copy
// too. Nothing else may have seen r yet.
func (r *routed) keep() {
	el := r.msg.el.Clone()
	r.msg.el, r.b.el = el, el
}

// sendRouted sends the deliveries of a routed message r, which holds the
// handler's element. The usual case, one delivery (no carbon copy) to a
// resource whose queue is idle and empty while no account blocks anyone,
// is written into the recipient session's outbox at once by writeLent,
// with the element as it is: it costs no copy, which the queue would need
// (three allocations per routed message). Otherwise, or if that write
// would wait or fails, r keeps a copy and the deliveries go through send
// as any others: queued, bounded, retried by the queue's writer, bounced.
func (s *Server) sendRouted(out outbox, r *routed) {
	if len(out) == 1 && out[0].res != nil && out[0].it.m == xmlstream.Marshaler(&r.sidStamped) &&
		s.state.blockers.Load() == 0 && s.writeLent(out[0].res.q, out[0].it) {
		return
	}
	r.keep()
	s.send(out)
}

// writeLent writes it into the session of q at once if q is idle and
// empty and the session takes it without waiting, and reports whether it
// did; if not, nothing was written, and nothing refers to it. It is
// writeIdle's turn without the stanza going into the queue first: q is
// marked running meanwhile, so that what others route to the session
// waits behind it, and their writer starts after it, in order.
func (s *Server) writeLent(q *deliveryQueue, it queued) bool {
	q.mu.Lock()
	if q.running || q.closed || q.sess == nil || q.flushPending != nil || q.head != len(q.items) {
		q.mu.Unlock()
		return false
	}
	q.running = true
	sess := q.sess
	q.mu.Unlock()

	err := sendCounted(noWait, sess, it.m)
	q.mu.Lock()
	q.running = false
	start := q.startLocked() // for what came meanwhile
	q.mu.Unlock()
	if start {
		s.startWriter(q)
	}
	if err != nil {
		return false
	}
	s.written(it)
	return true
}
