package muc

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Appends to room archives leave the service's lock. A groupchat message
// takes its stanza-id and its place in the service's queue under the
// lock, so the archive's order is the order the service decided; the
// queue's writer goroutine appends what has gathered (in one write when
// the store is a [BatchRoomStore], so that many messages share one sync)
// and then sends each message's reflections. A message still reaches the
// occupants only once it is archived, but a durable store's sync no
// longer holds up every room behind the lock, and the next messages are
// handled while it runs. Whatever the service sends while appends wait
// goes behind them in the same queue, so everyone sees the service's
// stanzas in the order it decided them. Reads of an archive and the
// removal of a room wait for the appends queued before them.

// RoomAppend is one message for a room's archive, as [RoomStore.Append]
// takes it.
type RoomAppend struct {
	Room    jid.JID
	Message ArchivedMessage
	Keep    int
}

// BatchRoomStore is a [RoomStore] that appends many messages in one write
// (for a durable store: one transaction and one sync for them all).
type BatchRoomStore interface {
	RoomStore
	// AppendBatch appends each message as Append would, in order;
	// errs[i] is appends[i]'s error. When it returns, every append
	// without an error is stored.
	AppendBatch(ctx context.Context, appends []RoomAppend) (errs []error)
}

const (
	// maxQueued bounds the queue: a handler that would go past it waits,
	// holding the service's lock, until the writer catches up.
	maxQueued = 1024
	// maxAppendBatch bounds the appends of one write.
	maxAppendBatch = 256
	// queueTimeout bounds one batch's appends and sends.
	queueTimeout = 10 * time.Second
)

// sendQueue is the service's queue of archive appends and of what is to
// be sent behind them.
type sendQueue struct {
	mu      sync.Mutex
	changed sync.Cond // on mu: jobs left the queue
	jobs    []*queuedJob
	running bool // a writer goroutine works on jobs
	// added and done count the jobs queued and finished, for flush.
	added, done uint64
}

// queuedJob is what one request caused: an append (or none), then out to
// send on sess, or, if the append or the request failed (err), the error
// reply to the request.
type queuedJob struct {
	sess    *xmpp.Session
	out     outbox
	app     *RoomAppend
	request *xmlstream.Element // a copy, for the error reply
	err     error
}

// enqueue adds j behind what is queued, waiting while the queue is full.
func (s *Service) enqueue(j *queuedJob) {
	q := &s.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) >= maxQueued {
		q.changed.Wait()
	}
	q.jobs = append(q.jobs, j)
	q.added++
	if !q.running {
		// The writer lives while there is something to do, so an idle
		// service has no goroutine for it.
		q.running = true
		go s.runQueue()
	}
}

// busy reports whether anything waits in the queue: then what the
// service sends must go behind it.
func (q *sendQueue) busy() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs) > 0
}

// flush waits until what was queued before it is archived and sent.
func (q *sendQueue) flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for target := q.added; q.done < target; {
		q.changed.Wait()
	}
}

// runQueue works on the queue, batch after batch, until it is empty.
func (s *Service) runQueue() {
	q := &s.queue
	for {
		q.mu.Lock()
		n := min(len(q.jobs), maxAppendBatch)
		if n == 0 {
			q.jobs = nil
			q.running = false
			q.mu.Unlock()
			return
		}
		batch := q.jobs[:n:n]
		q.mu.Unlock()
		s.runBatch(batch)
		q.mu.Lock()
		clear(q.jobs[:n]) // appends went to the end: the first n are still batch
		q.jobs = q.jobs[n:]
		q.done += uint64(n)
		q.changed.Broadcast()
		q.mu.Unlock()
	}
}

// runBatch appends the batch's messages, then sends, in order, each job's
// stanzas or, for a failed one, its error reply.
func (s *Service) runBatch(batch []*queuedJob) {
	ctx, cancel := context.WithTimeout(context.Background(), queueTimeout)
	defer cancel()
	var apps []RoomAppend
	var at []int // the job of each append
	for i, j := range batch {
		if j.app != nil {
			apps = append(apps, *j.app)
			at = append(at, i)
		}
	}
	for k, err := range s.appendAll(ctx, apps) {
		if err != nil {
			s.warn("muc: archiving a message failed", apps[k].Room, err.Error())
			batch[at[k]].err = err
		}
	}
	for _, j := range batch {
		var err error
		if j.err != nil {
			err = j.sess.Send(ctx, errorReplyTo(j.request, j.err))
		} else {
			err = send(ctx, j.sess, j.out)
		}
		if err != nil {
			s.warn("muc: sending failed", jid.JID{}, err.Error())
		}
	}
}

// appendAll appends apps, in one write if the store can.
func (s *Service) appendAll(ctx context.Context, apps []RoomAppend) []error {
	if len(apps) == 0 {
		return nil
	}
	if b, ok := s.cfg.Store.(BatchRoomStore); ok {
		return b.AppendBatch(ctx, apps)
	}
	errs := make([]error, len(apps))
	for i, a := range apps {
		errs[i] = s.cfg.Store.Append(ctx, a.Room, a.Message, a.Keep)
	}
	return errs
}

// errorReplyTo is the error reply to request for err: its stanza error,
// or internal-server-error.
func errorReplyTo(request *xmlstream.Element, err error) xmlstream.Marshaler {
	var se stanza.Error
	if !errors.As(err, &se) {
		se = stanza.NewError(stanza.InternalServerError)
	}
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return stanza.WriteErrorReply(w, request, se)
	})
}

// sendOrdered sends out on sess, behind what the queue holds.
func (s *Service) sendOrdered(ctx context.Context, sess *xmpp.Session, out outbox) error {
	if len(out) > 0 && s.queue.busy() {
		s.enqueue(&queuedJob{sess: sess, out: out})
		return nil
	}
	return send(ctx, sess, out)
}
