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
