package server

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// deliveryQueue holds what other sessions route to one session until its
// writer has written it, so that a sender never waits on another user's
// socket (it only copies a pointer here). It is bounded in bytes and in
// stanzas; what does not fit is refused at once, and its sender gets an
// error (see failure). Its writer goroutine exists only while there is
// something to write, like the session's own: an idle session holds none.
// When the session ends, what is still queued fails (see close).
type deliveryQueue struct {
	mu      sync.Mutex
	sess    *xmpp.Session // nil until attached
	items   []queued      // items[head:] wait, oldest first
	head    int
	bytes   int
	running bool // a writer goroutine drains the queue
	closed  bool // the session ended: nothing more is taken
	// flushPending is the account whose offline flush found the queue
	// full (its marker, or stored messages past the queue's bounds, did
	// not fit): the writer queues the marker as soon as it takes a
	// stanza and so makes room (see takeFlushPending), rather than leave
	// the messages in the store until the account's next availability.
	flushPending *account
	// flushBehind counts the stanzas waiting behind the pending marker's
	// place: those routed after the availability it answers (RFC 6121
	// §8.5.2.2.1 delivers the stored messages first), so the marker goes
	// back in ahead of them.
	flushBehind int
	// flushRest are the stored messages the pending flush has read and
	// claimed already, which go in before the store is read again
	// (expandFlush); released when the queue closes first.
	flushRest []queued
}

// queued is one stanza waiting in a queue.
type queued struct {
	m    xmlstream.Marshaler
	size int // bytes charged against the queue's budget
	// fail is told when the stanza could not be written; nil means the
	// stanza may be dropped (presence, roster pushes, errors, responses).
	fail failure
}

// failure is what happens to an undeliverable stanza.
type failure interface {
	// failed is called once per copy that was not written, with the
	// condition to answer (RFC 6120 §8.3.3); delivered once per copy that
	// was.
	failed(s *Server, c stanza.Condition)
	delivered()
}

// writerMarshaler is a queued stanza that writes itself to the session,
// rather than through Send (a forwarded IQ, whose response must be waited
// for).
type writerMarshaler interface {
	xmlstream.Marshaler
	writeTo(ctx context.Context, s *Server, sess *xmpp.Session) error
}

// enqueue adds one stanza for res. It never blocks. If the stanza does not
// fit or the session has ended, its failure is told at once (with
// resource-constraint or service-unavailable) and enqueue reports false.
func (s *Server) enqueue(res *resource, it queued) bool {
	q := res.q
	q.mu.Lock()
	cond, start := s.putLocked(q, it)
	q.mu.Unlock()
	if cond != "" {
		s.undelivered(it, cond)
		return false
	}
	if start && !s.writeIdle(q) {
		s.startWriter(q)
	}
	return true
}

// putLocked adds it to q unless q is closed or full, in which case it
// returns the condition to fail it with. It reports whether the caller
// must start a writer goroutine. q.mu is held.
func (s *Server) putLocked(q *deliveryQueue, it queued) (cond stanza.Condition, start bool) {
	switch {
	case q.closed:
		// As if the resource had gone already (RFC 6121 §8.5.3.2).
		cond = stanza.ServiceUnavailable
	case q.bytes > 0 && q.bytes+it.size > s.cfg.DeliveryQueueBytes,
		len(q.items)-q.head >= s.cfg.DeliveryQueueStanzas:
		// The recipient is there but cannot take more now: RFC 6120
		// §8.3.3.18 resource-constraint, of type wait (worth retrying
		// later), rather than service-unavailable, which says the
		// recipient is not there. A lone stanza larger than the budget is
		// still taken into an empty queue, so that no stanza the server
		// accepted is undeliverable by size alone.
		cond = stanza.ResourceConstraint
	}
	if cond != "" {
		return cond, false
	}
	q.items = append(q.items, it)
	q.bytes += it.size
	if q.flushPending != nil {
		q.flushBehind++
	}
	s.stats.QueuedBytes.Add(int64(it.size))
	return "", q.startLocked()
}

// startLocked reports whether the caller must start a writer goroutine.
func (q *deliveryQueue) startLocked() bool {
	if q.running || q.sess == nil || q.closed || q.head == len(q.items) && q.flushPending == nil {
		return false
	}
	q.running = true
	return true
}

func (s *Server) startWriter(q *deliveryQueue) {
	if !s.addTracked() {
		// The server is closing: the session ends with it.
		s.closeQueue(q)
		return
	}
	// No closure: this may run once per stanza when each finds its
	// recipient's session unable to take it at once; a stanza that finds
	// the session idle is written by its sender and starts none (see
	// writeIdle, writeLent).
	go s.drainTracked(q)
}

// drainTracked is drainQueue on a goroutine counted by addTracked.
func (s *Server) drainTracked(q *deliveryQueue) {
	defer s.wg.Done()
	s.drainQueue(q)
}

// drainQueue writes the queue's stanzas in order until it is empty. The
// write waits for the session's own outbox, bounded by the transport's
// write deadline (Config.WriteTimeout) and by the session's end; only this
// goroutine waits, never a sender.
func (s *Server) drainQueue(q *deliveryQueue) {
	for {
		q.mu.Lock()
		if q.closed || q.head == len(q.items) && q.flushPending == nil {
			q.running = false
			q.items, q.head = shrink(q.items, q.head), 0
			q.mu.Unlock()
			return
		}
		if q.sess == nil {
			// Detached for XEP-0198 resumption: what is left waits for
			// the session that resumes the stream (registry.resume).
			q.running = false
			q.mu.Unlock()
			return
		}
		s.takeFlushPending(q)
		it := q.items[q.head]
		q.items[q.head] = queued{}
		q.head++
		sess := q.sess
		q.mu.Unlock()

		if f, ok := it.m.(offlineFlush); ok {
			// The account's stored messages take the marker's place
			// (offline_flush.go), read here rather than under the
			// registry lock.
			q.mu.Lock()
			q.bytes -= it.size
			q.mu.Unlock()
			s.stats.QueuedBytes.Add(-int64(it.size))
			s.expandFlush(q, f.a)
			continue
		}
		var err error
		if wm, ok := it.m.(writerMarshaler); ok {
			err = wm.writeTo(s.ctx, s, sess)
		} else {
			err = sendCounted(s.ctx, sess, it.m)
		}
		if errors.Is(err, sm.ErrQueueFull) {
			// XEP-0198: the client has not acknowledged enough of what it
			// was sent. Only this goroutine waits, as for a full outbox,
			// and no longer than a write may take.
			err = s.waitAcks(sess)
			q.mu.Lock()
			if err == nil && !q.closed {
				q.head--
				q.items[q.head] = it
				q.mu.Unlock()
				continue
			}
			q.mu.Unlock()
			err = fmt.Errorf("%w: %w", sm.ErrQueueFull, err)
		}
		if err != nil && s.sm.Resumable(sess) && (errors.Is(err, xmpp.ErrClosed) || isDone(sess)) {
			// XEP-0198: the stanza waits for the session that resumes
			// the stream; whether there will be one is decided when
			// this one has ended (ending.finish).
			q.mu.Lock()
			if !q.closed {
				q.head--
				q.items[q.head] = it
				if q.sess != nil && q.sess != sess {
					// Resumed meanwhile: go on with the new session.
					q.mu.Unlock()
					continue
				}
				q.running = false
				q.mu.Unlock()
				return
			}
			q.mu.Unlock()
		}
		q.mu.Lock()
		q.bytes -= it.size
		q.mu.Unlock()
		s.stats.QueuedBytes.Add(-int64(it.size))
		if err != nil {
			s.log.Debug("server: delivery failed", "to", sess.RemoteAddr().String(), "err", err)
			if errors.Is(err, xmpp.ErrClosed) || s.ctx.Err() != nil || isDone(sess) {
				// The session is ending (its peer may have sent its
				// closing tag while this stanza waited for room): this
				// stanza and everything behind it fail as if the resource
				// had gone, in order, once the queue takes nothing more,
				// so that none is redelivered to this queue.
				s.closeQueueAfter(q, it)
				continue
			}
			// Otherwise only this stanza could not be encoded; the
			// stream goes on.
			s.undelivered(it, stanza.ServiceUnavailable)
			continue
		}
		s.written(it)
	}
}

// written counts it, a queued stanza, as delivered: written to its
// recipient's session.
func (s *Server) written(it queued) {
	s.stats.Routed.Add(1)
	if it.fail != nil {
		it.fail.delivered()
	}
}

// isDone reports whether the session has stopped reading.
func isDone(sess *xmpp.Session) bool {
	select {
	case <-sess.Done():
		return true
	default:
		return false
	}
}

// shrink returns the storage to keep for an empty queue: none after a
// burst, so that an idle session holds no more than it needs.
func shrink(items []queued, head int) []queued {
	if cap(items) > 16 {
		return nil
	}
	clear(items[:head])
	return items[:0]
}

// closeQueue stops the queue taking stanzas and fails what it holds: the
// session ended, so they are answered as RFC 6121 §8.5.3.2 says for a
// resource that is not connected.
func (s *Server) closeQueue(q *deliveryQueue) {
	s.failAll(s.takeAll(q))
}

// closeQueueAfter is closeQueue for a queue whose writer could not write
// first, the stanza it had taken (and already uncharged): first fails
// before those still queued, and only once the queue is closed, so that
// none is redelivered to it and a redelivery keeps their order.
func (s *Server) closeQueueAfter(q *deliveryQueue, first queued) {
	left := s.takeAll(q)
	s.undelivered(first, stanza.ServiceUnavailable)
	s.failAll(left)
}

// takeAll closes the queue and takes what it holds.
func (s *Server) takeAll(q *deliveryQueue) []queued {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	left := q.items[q.head:]
	q.items, q.head = nil, 0
	for _, it := range left {
		q.bytes -= it.size
		s.stats.QueuedBytes.Add(-int64(it.size))
	}
	// Read for a pending flush, never queued, so not charged. Their
	// failure only releases their claims: they stay in the store, where
	// they come before anything the failure of the others stores.
	left = append(left, q.flushRest...)
	q.flushRest, q.flushPending = nil, nil
	return left
}

// failAll fails the stanzas taken from a closed queue.
func (s *Server) failAll(left []queued) {
	for _, it := range left {
		s.undelivered(it, stanza.ServiceUnavailable)
	}
}

// undelivered tells a stanza's failure, or counts it as dropped.
func (s *Server) undelivered(it queued, c stanza.Condition) {
	if it.fail == nil {
		s.stats.Dropped.Add(1)
		return
	}
	it.fail.failed(s, c)
}

// setSession gives the queue its session, and reports whether a writer
// must start for what was queued before (between binding and attaching).
func (q *deliveryQueue) setSession(sess *xmpp.Session) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.sess == nil {
		q.sess = sess
	}
	return q.startLocked()
}

// open reports whether the queue still takes stanzas, and whether its
// session is attached (live) rather than waiting for a XEP-0198
// resumption.
func (q *deliveryQueue) open() (open, live bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return !q.closed, q.sess != nil
}
