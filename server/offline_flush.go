package server

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Delivering offline messages without losing one. A stored message stays
// in the store until it is delivered: on a stream with XEP-0198 stream
// management until the client has acknowledged it, otherwise until it is
// written to the connection. Meanwhile it is claimed, so that no other
// flush (another resource, a presence update) delivers it again; the
// claim is released, the message still in the store, when its delivery
// fails or its stream ends without the acknowledgement (XEP-0198 §4 with
// RFC 6121 §8.5: it waits for the account's next availability, or goes to
// another available resource at once). A crash at any point loses
// nothing; at worst a message acknowledged just before the crash comes
// again.
//
// The store is read outside the registry lock, and in order: a flush
// puts a marker in the resource's delivery queue where the stored messages
// used to be put, and the queue's writer, when it reaches the marker,
// reads the store and puts the messages in its place, ahead of anything
// routed to the resource meanwhile. What does not fit in the queue then
// waits in the queue's flushRest, read and claimed (and still in the
// store), and everything stays in the store when the marker itself finds
// the queue full: the queue keeps the flush pending, and its writer puts
// the marker back in, ahead of what was routed after it, as soon as it
// takes a stanza and so makes room (takeFlushPending), so that an
// available resource gets them without another presence and before the
// messages routed to it since. The store is read once per flush, not once
// per round: a busy resource may take a round per few messages.
//
// A read outside the lock may be stale: it can return a message that
// another resource's delivery has since written (or had acknowledged),
// deleted, and released the claim of, so the claim alone cannot tell
// that it is gone. While reads are in progress, deletions therefore leave
// a tombstone (gone) in the claim's place; a read skips what is claimed
// or gone, and the last read to finish clears the tombstones. A message
// seen by a read was in the store when the read began, so it was either
// still claimed when the read took the lock, or deleted during the read
// and tombstoned.

// offlineFlight is the account's offline messages in delivery. The
// registry lock guards it.
type offlineFlight struct {
	// claimed holds the IDs of the messages being delivered.
	claimed map[int64]bool
	// receipts maps the receipt of a message sent with stream management
	// to its ID, until the client acknowledges it or its stream ends.
	receipts map[*sm.Receipt]int64
	// acks are the deliveries whose deletion from the store waits (for
	// the acknowledgement, or for the write), in the order sent; acking
	// means a goroutine works through them.
	acks   []offlineAck
	acking bool
	// writing counts, per session, the offline messages being sent whose
	// receipts are not in receipts yet; ended holds the stream endings
	// that wait for them (see smEnded).
	writing map[*xmpp.Session]int
	ended   []sm.Ending
	// reading counts the reads of the store in progress (expandFlush);
	// gone holds the messages deleted from the store since the oldest
	// of them began, which they may still return.
	reading int
	gone    map[int64]bool
	// storedDuring counts the messages stored since the oldest read in
	// progress began: a read may not return them, and the count of
	// stored messages it sets must not leave them out (a count too low
	// skips the next flush, and they would wait for the one after).
	storedDuring int
}

// offlineAck is a delivered message to delete from the store once its
// receipt says it arrived; r is nil for one written without stream
// management.
type offlineAck struct {
	r  *sm.Receipt
	id int64
}

// offlineFlush is the marker a flush puts in a resource's delivery queue
// (see drainQueue). It is not a stanza: its WriteXML is never called, and
// it is charged as a small stanza.
type offlineFlush struct{ a *account }

func (offlineFlush) WriteXML(xmlstream.Encoder) error {
	return errors.New("server: flush marker written")
}

// A marker whose queue closes is dropped: the messages stay in the store.
func (offlineFlush) failed(*Server, stanza.Condition) {}
func (offlineFlush) delivered()                       {}

// flushOffline queues the delivery of a's offline messages to res, in the
// order they came, behind what out holds for res already. The registry
// lock is held. The marker goes into res's queue now, under the lock,
// rather than with out once it is released: a message routed to res in
// between would otherwise be queued ahead of the stored ones (RFC 6121
// §8.5.2.2.1 delivers those first). What out holds for res goes into the
// queue ahead of it, filtered as send filters it; the queue's writer is
// started with out, after the lock.
func (r *registry) flushOffline(a *account, res *resource, out *outbox) {
	if a.offline <= len(a.flight.claimed) {
		return // all in delivery already
	}
	q := res.q
	start := false
	kept := (*out)[:0]
	q.mu.Lock()
	for _, d := range *out {
		if d.res != res {
			kept = append(kept, d)
			continue
		}
		if from, ok := senderOf(d.it.m); ok && r.blockers.Load() > 0 && r.blockedBetween(from, res.full) {
			continue // as filterBlocked
		}
		cond, st := r.put(q, d.it)
		if cond != "" {
			// Left to send, which fails it (never under this lock).
			kept = append(kept, d)
			continue
		}
		start = start || st
	}
	// A flush already pending covers this one, from an earlier place: a
	// marker at the tail would let what was routed in between overtake
	// the stored messages. A marker that does not fit in a full queue is
	// not lost: the queue's writer puts it in, at its place, once it
	// takes a stanza (takeFlushPending). In a closed queue it is dropped
	// (offlineFlush.failed): the messages stay in the store.
	if q.flushPending == nil {
		cond, st := r.put(q, queued{m: offlineFlush{a: a}, size: smallStanza, fail: offlineFlush{a: a}})
		if cond == stanza.ResourceConstraint {
			q.flushPending, q.flushBehind = a, 0
		}
		start = start || st // st only when queued
	}
	q.mu.Unlock()
	*out = kept
	if start {
		out.add(res, writerStart{})
	}
}

// expandFlush replaces a flush marker the writer of q has just taken by
// a's stored messages not in delivery yet, at the head of the queue: those
// a flush that found the queue full already read (q.flushRest), else
// those the store holds.
func (s *Server) expandFlush(q *deliveryQueue, a *account) {
	q.mu.Lock()
	items, again := q.flushRest, len(q.flushRest) > 0
	q.flushRest = nil
	q.mu.Unlock()
	if !again {
		items = s.readOffline(a)
	}
	if len(items) == 0 {
		return
	}
	q.mu.Lock()
	n, size := 0, 0
	rest, more, kept := items, false, false
	if !q.closed {
		// Within the queue's bounds, as enqueue keeps them, except that
		// the first always goes in: what waits was routed after the
		// availability, so it may not go first (RFC 6121 §8.5.2.2.1),
		// and a flush that took nothing would only come back to the
		// same place. The queue holds at most one stanza over its
		// bounds, the one its writer takes next.
		waiting := len(q.items) - q.head
		for _, it := range items {
			if n > 0 && (waiting+n >= s.cfg.DeliveryQueueStanzas || q.bytes+size+it.size > s.cfg.DeliveryQueueBytes) {
				break
			}
			n++
			size += it.size
		}
		q.items = append(items[:n:n], q.items[q.head:]...)
		q.head = 0
		q.bytes += size
		rest = nil
		if n < len(items) {
			// The rest goes in once there is room, ahead of what waited
			// behind this marker, still claimed and not read again:
			// under steady traffic to the resource that can take many
			// rounds, and a read each would cost the whole store each
			// time. It is at most the account's offline quota, and
			// released if the queue closes first (takeAll).
			q.flushPending, q.flushBehind, q.flushRest = a, waiting, items[n:]
			kept = true
		} else {
			more = again
		}
	}
	q.mu.Unlock()
	s.stats.QueuedBytes.Add(int64(size))
	for _, it := range rest {
		it.fail.failed(s, stanza.ResourceConstraint) // the queue closed: released
	}
	if f := afterFlushRound.Load(); kept && f != nil {
		(*f)()
	}
	if more {
		s.flushStoredSince(q, a)
	}
}

// afterFlushRound, if set (by tests only), runs when a flush has put in
// the queue what fitted and kept the rest for a later round.
var afterFlushRound atomic.Pointer[func()]

// flushStoredSince is the end of a flush that went in over several rounds
// without reading the store again: messages stored meanwhile (a stream
// that ended with some unacknowledged) are flushed now, as a read in a
// later round would have found them, rather than at the next presence.
func (s *Server) flushStoredSince(q *deliveryQueue, a *account) {
	r := s.state
	r.mu.Lock()
	unclaimed := a.offline > len(a.flight.claimed)
	r.mu.Unlock()
	if !unclaimed {
		return
	}
	q.mu.Lock()
	if !q.closed && q.flushPending == nil {
		// Behind what waits now: it came before these were stored.
		q.flushPending, q.flushBehind = a, 0
	}
	q.mu.Unlock()
}

// readOffline reads a's stored messages not in delivery yet, and claims
// them.
func (s *Server) readOffline(a *account) []queued {
	r := s.state
	ctx, cancel := storeCtx()
	defer cancel()
	user := a.bare.Localpart()
	r.mu.Lock()
	a.flight.reading++
	r.mu.Unlock()
	msgs, err := r.st.OfflineMessages(ctx, user)
	r.mu.Lock()
	gone, storedDuring := a.flight.gone, a.flight.storedDuring
	if a.flight.reading--; a.flight.reading == 0 {
		a.flight.gone, a.flight.storedDuring = nil, 0
	}
	if err != nil {
		r.mu.Unlock()
		r.storeFailed("reading offline messages", a, err)
		return nil
	}
	var items []queued
	var bad []int64
	// At least what the read returned and what was stored meanwhile,
	// which it may have missed: a count too high costs one read more.
	a.offline = len(msgs) + storedDuring
	for _, m := range msgs {
		if gone[m.ID] {
			a.offline-- // deleted during the read
			continue
		}
		if a.flight.claimed[m.ID] {
			continue
		}
		el, err := unmarshal(m.Stanza)
		if err != nil {
			// Not deliverable now or ever: removed rather than read
			// again at every login.
			r.log.Error("server: unreadable offline message removed", "account", a.bare.String(), "err", err)
			bad = append(bad, m.ID)
			continue
		}
		if a.flight.claimed == nil {
			a.flight.claimed = make(map[int64]bool)
		}
		a.flight.claimed[m.ID] = true
		o := &offlineSend{offlineDelivery: offlineDelivery{el: el, stamp: m.Stamp, by: r.domain}, a: a, id: m.ID}
		items = append(items, queued{m: o, size: o.charge(), fail: o})
	}
	r.mu.Unlock()
	if len(bad) > 0 {
		s.deleteOffline(a, bad)
	}
	return items
}

// takeFlushPending queues the marker of a flush that found q full, as
// its writer is about to take a stanza and so make room: the marker goes
// back to its place, ahead of the q.flushBehind stanzas routed after the
// flush (at the head, to be taken now, if nothing waits ahead of it), so
// that none of them overtakes the stored messages. It is charged as
// flushOffline charges it, even if the stanza being written is still
// charged: one small marker at most over the byte budget, never over the
// stanza count once the writer has taken its stanza. q.mu is held.
func (s *Server) takeFlushPending(q *deliveryQueue) {
	a := q.flushPending
	if a == nil || q.closed {
		return
	}
	q.flushPending = nil
	at := max(len(q.items)-q.flushBehind, q.head)
	q.items = slices.Insert(q.items, at, queued{m: offlineFlush{a: a}, size: smallStanza, fail: offlineFlush{a: a}})
	q.flushBehind = 0
	q.bytes += smallStanza
	s.stats.QueuedBytes.Add(smallStanza)
}

// offlineSend is one stored message in a delivery queue.
type offlineSend struct {
	offlineDelivery
	a  *account
	id int64
}

// writeTo sends the message; once it is sent (in the queue of
// unacknowledged stanzas, or written without stream management) its
// deletion from the store waits for the acknowledgement or is done.
func (o *offlineSend) writeTo(ctx context.Context, s *Server, sess *xmpp.Session) error {
	r := s.state
	r.mu.Lock()
	if o.a.flight.writing == nil {
		o.a.flight.writing = make(map[*xmpp.Session]int)
	}
	o.a.flight.writing[sess]++
	r.mu.Unlock()
	rc, err := sm.Send(ctx, sess, o.offlineDelivery)
	if errors.Is(err, sm.ErrNotEnabled) {
		rc = nil
		err = sess.Send(ctx, o.offlineDelivery)
	}
	if f := afterOfflineSend.Load(); f != nil {
		(*f)(sess)
	}
	r.mu.Lock()
	if err == nil {
		if rc != nil {
			if o.a.flight.receipts == nil {
				o.a.flight.receipts = make(map[*sm.Receipt]int64)
			}
			o.a.flight.receipts[rc] = o.id
		}
		o.a.flight.acks = append(o.a.flight.acks, offlineAck{r: rc, id: o.id})
	}
	start := err == nil && !o.a.flight.acking
	if start {
		o.a.flight.acking = true
	}
	var ended []sm.Ending
	if o.a.flight.writing[sess]--; o.a.flight.writing[sess] == 0 {
		delete(o.a.flight.writing, sess)
		ended, o.a.flight.ended = takeEndings(o.a.flight.ended, sess)
	}
	r.mu.Unlock()
	if start && !s.goTracked(func() { s.awaitOfflineAcks(o.a) }) {
		s.awaitOfflineAcks(o.a) // closing: what has arrived is deleted now
	}
	for _, e := range ended {
		s.smEnded(e)
	}
	return err
}

// afterOfflineSend, if set (by tests only), runs between the send of an
// offline message and the registration of its receipt, the moment a
// stream's end must wait for (see offlineUnacked).
var afterOfflineSend atomic.Pointer[func(*xmpp.Session)]

// takeEndings removes from es those of sess.
func takeEndings(es []sm.Ending, sess *xmpp.Session) (mine, rest []sm.Ending) {
	for _, e := range es {
		if e.Session == sess {
			mine = append(mine, e)
		} else {
			rest = append(rest, e)
		}
	}
	return mine, rest
}

// failed releases the claim: the message stays in the store for the next
// availability.
func (o *offlineSend) failed(s *Server, _ stanza.Condition) {
	s.state.mu.Lock()
	delete(o.a.flight.claimed, o.id)
	s.state.mu.Unlock()
}

func (*offlineSend) delivered() {}

// awaitOfflineAcks deletes a's delivered messages from the store as their
// receipts settle, in order, several per transaction, until none waits.
// When the server closes it deletes those already acknowledged and
// returns.
func (s *Server) awaitOfflineAcks(a *account) {
	r := s.state
	for {
		r.mu.Lock()
		if len(a.flight.acks) == 0 {
			a.flight.acking = false
			r.mu.Unlock()
			return
		}
		first := a.flight.acks[0].r
		r.mu.Unlock()
		closing := false
		if first != nil {
			select {
			case <-first.Done():
			case <-s.ctx.Done():
				closing = true
			}
		}
		r.mu.Lock()
		n := 0
		var done []int64
		for _, w := range a.flight.acks {
			if w.r != nil && !settled(w.r) {
				break
			}
			n++
			if w.r == nil {
				done = append(done, w.id)
				continue
			}
			err := w.r.Err()
			if errors.Is(err, sm.ErrUnacknowledged) {
				// The stream ended without it: smEnded releases it.
				continue
			}
			// Acknowledged, or taken by another extension that holds
			// it (XEP-0352) rather than counted: delivered as far as
			// this server can tell.
			delete(a.flight.receipts, w.r)
			done = append(done, w.id)
		}
		a.flight.acks = slices.Delete(a.flight.acks, 0, n)
		if closing && n == 0 {
			a.flight.acking = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		if len(done) > 0 {
			s.deleteOffline(a, done)
		}
	}
}

func settled(r *sm.Receipt) bool {
	select {
	case <-r.Done():
		return true
	default:
		return false
	}
}

// deleteOffline removes delivered messages from the store and releases
// their claims. If the store fails they come again at the next login.
func (s *Server) deleteOffline(a *account, ids []int64) {
	r := s.state
	ctx, cancel := storeCtx()
	defer cancel()
	err := r.st.DeleteOfflineIDs(ctx, a.bare.Localpart(), ids)
	if err != nil {
		r.storeFailed("deleting delivered offline messages", a, err)
	}
	r.mu.Lock()
	for _, id := range ids {
		delete(a.flight.claimed, id)
		if err == nil && a.flight.reading > 0 {
			// A read in progress may have returned it.
			if a.flight.gone == nil {
				a.flight.gone = make(map[int64]bool)
			}
			a.flight.gone[id] = true
		}
	}
	if err == nil {
		a.offline = max(a.offline-len(ids), 0)
	}
	r.mu.Unlock()
}

// offlineUnacked sorts what a stream's client never acknowledged: the
// offline messages among them (their receipts known) stay in the store
// and are released for delivery again; the rest is returned. It reports
// false, and keeps e to be handled later, while an offline message is
// being sent on e's session with its receipt not known yet. The registry
// lock is held.
func (r *registry) offlineUnacked(a *account, e sm.Ending) (rest []int, released, ok bool) {
	if a.flight.writing[e.Session] > 0 {
		a.flight.ended = append(a.flight.ended, e)
		return nil, false, false
	}
	for i := range e.Unacked {
		var rc *sm.Receipt
		if i < len(e.Receipts) {
			rc = e.Receipts[i]
		}
		if id, mine := a.flight.receipts[rc]; mine && rc != nil {
			delete(a.flight.receipts, rc)
			delete(a.flight.claimed, id)
			released = true
			continue
		}
		rest = append(rest, i)
	}
	return rest, released, true
}
