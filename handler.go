package xmpp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Stanza is one received top-level element with its parsed header. For
// elements that are not stanzas (for example XEP-0198's <r/>), Header is zero.
//
// Element is valid only until the handler returns; Clone it to keep it.
type Stanza struct {
	Header  stanza.Header
	Element *xmlstream.Element
}

// A Handler receives what the peer sends after negotiation (see [Config]).
//
// Handlers run one at a time, in the order the stanzas arrived, on a
// goroutine of the session's. ctx is cancelled when the stream ends; pass it
// to calls the handler makes, in particular [Session.SendIQ]: that is how the
// session knows to let the next stanza proceed while this handler waits.
//
// If HandleXMPP returns an error for an IQ request (get or set), the
// session answers it: with that error if it is a [stanza.Error] (or
// *stanza.Error), else with internal-server-error. A handler that answered
// the request itself must return nil.
type Handler interface {
	HandleXMPP(ctx context.Context, s *Session, st *Stanza) error
}

// HandlerFunc adapts a function to the [Handler] interface.
type HandlerFunc func(ctx context.Context, s *Session, st *Stanza) error

// HandleXMPP calls f.
func (f HandlerFunc) HandleXMPP(ctx context.Context, s *Session, st *Stanza) error {
	return f(ctx, s, st)
}

// stanzaPool recycles queued stanzas: the queue holds pointers, so that an
// idle session's queue costs 8 bytes a slot.
var stanzaPool = sync.Pool{New: func() any { return new(Stanza) }}

// maxWorkers bounds the goroutines serving the queue while handlers wait for
// IQ responses; beyond it the queue waits for one of them to return.
const maxWorkers = 64

// worker is one goroutine serving the handler queue.
type worker struct {
	s         *Session
	ctx       context.Context // the session's context, carrying this worker
	handedOff atomic.Bool     // a successor has taken over the queue
}

type workerKey struct{}

// ensureWorker starts a worker if none is serving the queue. Workers exist
// only while there is work: an idle session holds no handler goroutine.
func (s *Session) ensureWorker() {
	if s.workers.Load() == 0 && s.workers.CompareAndSwap(0, 1) {
		go s.work()
	}
}

// work serves the queue until it is empty or closed, or until this worker
// handed the queue to a successor. s.workers counts the one worker serving
// the queue (its slot is taken by whoever started it); workers that handed
// off and wait in a handler are counted in s.handedOff.
func (s *Session) work() {
	wk := s.spareWorker.Swap(nil)
	if wk == nil {
		wk = &worker{s: s}
		wk.ctx = context.WithValue(s.ctx, workerKey{}, wk)
	}
	ctx := wk.ctx
	for {
		select {
		case in, ok := <-s.queue:
			if !ok {
				s.workers.Add(-1)
				return
			}
			s.serve(ctx, in)
			if wk.handedOff.Load() {
				// The successor holds the slot now.
				s.handedOff.Add(-1)
				return
			}
			continue
		default:
		}
		// Empty: leave, unless something arrived after the check and no
		// other worker is there to take it.
		s.workers.Add(-1)
		if len(s.queue) == 0 || !s.workers.CompareAndSwap(0, 1) {
			s.spareWorker.Store(wk) // never handed off, so reusable
			return
		}
	}
}

// handOffIfHandler is called by SendIQ before it waits: if it runs inside a
// handler, another worker takes over the queue so that the wait cannot hold
// up the read loop behind a full queue.
func (s *Session) handOffIfHandler(ctx context.Context) {
	wk, ok := ctx.Value(workerKey{}).(*worker)
	if !ok || wk.s != s || wk.handedOff.Load() {
		return
	}
	if s.handedOff.Add(1) > maxWorkers {
		s.handedOff.Add(-1)
		return
	}
	wk.handedOff.Store(true)
	go s.work() // takes over this worker's slot
}

// serve runs the handler for one stanza and answers unanswered requests.
func (s *Session) serve(ctx context.Context, st *Stanza) {
	var err error
	if s.cfg.Handler != nil {
		err = s.cfg.Handler.HandleXMPP(ctx, s, st)
	} else if st.Header.Kind == stanza.KindIQ {
		err = stanza.NewError(stanza.ServiceUnavailable)
	}
	if err != nil {
		s.replyWithError(ctx, st, err)
	}
	putElement(st.Element)
	*st = Stanza{}
	stanzaPool.Put(st)
}

// replyWithError answers an IQ request that a handler failed.
func (s *Session) replyWithError(ctx context.Context, st *Stanza, err error) {
	if st.Header.Kind != stanza.KindIQ || !st.Header.IQType().IsRequest() {
		s.log.Debug("xmpp: handler error", "err", err)
		return
	}
	var se stanza.Error
	if !errors.As(err, &se) {
		s.log.Warn("xmpp: handler failed an IQ request", "id", st.Header.ID, "err", err)
		se = stanza.NewError(stanza.InternalServerError)
	}
	if werr := s.write(ctx, func(w xmlstream.Encoder) error { return stanza.WriteErrorReply(w, st.Element, se) }); werr != nil {
		s.log.Debug("xmpp: sending error reply", "err", werr)
	}
}
