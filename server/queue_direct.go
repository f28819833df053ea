package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
)

// A stanza routed to a queue that is empty and has no writer is written
// at once by its sender's goroutine, rather than by a writer goroutine
// started for it: that saves a goroutine, two wake-ups and the queue's
// bookkeeping per routed stanza while recipients keep up
// (BenchmarkRouteTLS in internal/bench). The write is only tried: it runs
// with a context that has already ended, so it gives up, rather than
// waits, when the recipient's write lock is taken or its outbox is full (a
// slow socket); the stanza then goes first in the queue and the writer
// goroutine takes it as before, waiting alone. A sender therefore never
// waits on another session's socket, and the queue's order is kept: while
// the sender tries, the queue counts as having a writer, so what others
// route meanwhile queues behind. Its bounds hold too, give or take the
// one stanza tried (charged only if it goes back into the queue).

// tried is the context a direct write runs with: already ended, so that
// nothing in the write waits.
var tried = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// directLocked reports whether the sender may write it itself, and if so
// marks the queue as having a writer. q.mu is held.
func (q *deliveryQueue) directLocked(it queued) bool {
	if q.running || q.sess == nil || q.closed || q.head != len(q.items) {
		return false
	}
	switch it.m.(type) {
	case offlineFlush, writerMarshaler:
		return false // only the writer goroutine expands or forwards these
	}
	q.running = true
	return true
}

// deliverNow tries to write it to sess at once, for a queue directLocked
// marked. If the write fails, it goes first in the queue and the writer
// goroutine retries it (and tells the failure, if it fails again); what
// others queued meanwhile follows.
func (s *Server) deliverNow(q *deliveryQueue, sess *xmpp.Session, it queued) {
	err := sendCounted(tried, sess, it.m)
	q.mu.Lock()
	if err != nil && q.closed {
		// The queue has been failed meanwhile (the session ended):
		// this one fails with the rest.
		q.running = false
		q.mu.Unlock()
		s.undelivered(it, stanza.ServiceUnavailable)
		return
	}
	if err != nil {
		if q.head > 0 {
			q.head--
			q.items[q.head] = it
		} else {
			q.items = append(q.items, queued{})
			copy(q.items[1:], q.items)
			q.items[0] = it
		}
		q.bytes += it.size
		s.stats.QueuedBytes.Add(int64(it.size))
	}
	q.running = false
	start := q.startLocked()
	q.mu.Unlock()
	if start {
		s.startWriter(q)
	}
	if err == nil {
		s.stats.Routed.Add(1)
		if it.fail != nil {
			it.fail.delivered()
		}
	}
}
