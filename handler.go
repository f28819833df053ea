package xmpp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Stanza is one received top-level element with its parsed header. For
// elements that are not stanzas (for example XEP-0198's <r/>), Header is zero.
//
// Lifetimes follow one rule throughout this package: what the session
// passes to your code is lent to you until your function returns; what a
// call returns to you is yours. So a Stanza and its Element, passed to a
// [Handler], are valid until HandleXMPP returns, and so is the element a
// [StreamFeature] is passed during negotiation; the element that
// [Session.SendIQ] or [Negotiation.Read] returns is the caller's to keep.
// Views into an element (Children, Child) live as long as the element;
// strings taken from it (names, attribute values, text) live forever. To
// keep a lent stanza, Detach it (or Clone its Element). In race builds the
// session poisons what it takes back: code that breaks the rule reads an
// empty element and fails its tests, instead of reading another stanza's
// data now and then.
type Stanza struct {
	Header  stanza.Header
	Element *xmlstream.Element
}

// Detach returns a copy of st that the caller owns, valid after the handler
// returns. It copies the element's structure, not its strings, which are
// never overwritten.
func (st *Stanza) Detach() *Stanza {
	d := &Stanza{Header: st.Header}
	if st.Element != nil {
		d.Element = st.Element.Clone()
	}
	return d
}

// A Handler receives what the peer sends after negotiation (see [Config]).
// The Stanza is lent to HandleXMPP until it returns (see [Stanza]).
//
// Handlers run one at a time, in the order the stanzas arrived, on a
// goroutine of the session's. ctx is cancelled when the stream ends. A
// handler may wait in [Session.SendIQ], with any context: if it still waits
// after a short while (or at once, if the queue fills up meanwhile), the
// session lets the stanzas behind it proceed on another goroutine, so that
// the wait never holds up the stream. Order is kept except around such a
// wait; at most 64 handlers wait that way at once.
//
// While nothing else is queued, the handler runs on the goroutine that
// reads the stream, which saves a goroutine per stanza. Waiting through
// the session (SendIQ, Close, a send held up by a full outbox or by
// another sender) moves reading to a new goroutine first, so those waits
// never stall the stream; a handler that waits some other way for what
// only the stream can bring (say, an acknowledgement that an extension's
// Receiver reads) holds reading up meanwhile, and should hand that wait to
// a goroutine of its own.
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
// idle session's queue costs 8 bytes a slot. spareStanza is tried first:
// its Swap and CompareAndSwap cost about a third of the pool's Get and Put
// (one each per stanza handled). A stanza a handler never gives back
// leaves the spare empty only until the next one is put back.
var (
	spareStanza atomic.Pointer[Stanza]
	stanzaPool  = sync.Pool{New: func() any { return new(Stanza) }}
)

// getStanza returns an empty Stanza for the read loop to queue.
func getStanza() *Stanza {
	// Read first: while the spare is empty, cores share its cache line,
	// where a Swap would take it from the others each time.
	if spareStanza.Load() != nil {
		if st := spareStanza.Swap(nil); st != nil {
			return st
		}
	}
	return stanzaPool.Get().(*Stanza)
}

// maxWorkers bounds the goroutines serving the queue while handlers wait for
// IQ responses; beyond it the queue waits for one of them to return.
const maxWorkers = 64

// handOffAfter is how long the handler in charge of the queue may run while
// an IQ response is awaited before the session lets the next stanza
// proceed on a new worker. Quick round trips finish well within it and
// keep stanzas strictly in order; slow ones do not hold up the stream.
const handOffAfter = 20 * time.Millisecond

// ensureWorker starts a worker if none is serving the queue. Workers exist
// only while there is work: an idle session holds no handler goroutine.
func (s *Session) ensureWorker() {
	if s.takeSlot() {
		go s.work()
	}
}

// takeSlot takes the slot of the worker serving the queue, if it is free.
func (s *Session) takeSlot() bool {
	return s.workers.Load() == 0 && s.workers.CompareAndSwap(0, 1)
}

// work serves the queue until it is empty or closed, or until the session
// handed the queue to a successor while this worker's handler waited.
// s.workers counts the one worker serving the queue (its slot is taken by
// whoever started it); workers that were relieved and still run a handler
// are counted in s.handedOff. s.busy holds the sequence number of the
// stanza the serving worker is handling, 0 between stanzas: a successor
// takes over by swapping it to 0, which is how the worker learns it was
// relieved.
func (s *Session) work() {
	for {
		q := s.handlerQueue()
		select {
		case in, ok := <-q:
			if !ok {
				s.drained()
				return
			}
			seq := s.served.Add(1)
			s.busy.Store(seq)
			s.serve(s.ctx.get(), in)
			if !s.busy.CompareAndSwap(seq, 0) {
				// A successor holds the slot now.
				s.relievedDone()
				return
			}
			continue
		default:
		}
		if s.readEnded.Load() && s.handlerQueue() == nil {
			// The read loop has ended without ever queueing a stanza
			// (see makeQueue): there is no queue to find closed, and
			// nothing to drain.
			s.drained()
			return
		}
		// Empty: leave, unless something arrived after the check and no
		// other worker is there to take it (looking at the queue again:
		// the read loop may have made it since).
		// Once the read loop has ended, some worker must still see the
		// closed queue (and call OnEnd): this one, unless another holds
		// the slot.
		s.workers.Add(-1)
		if len(s.handlerQueue()) == 0 && !s.readEnded.Load() || !s.workers.CompareAndSwap(0, 1) {
			return
		}
	}
}

// drained is work's end once the read loop has ended and the queue is
// drained: only one worker sees this (the one holding the slot). The slot
// stays taken for good: the read loop, which looks at the slot after the
// close (endReading), must not become a worker that would see the closed
// queue and end the session a second time.
func (s *Session) drained() {
	if st := s.late; st != nil {
		// Read after the queue filled, as the transport closed (see
		// dispatch): the last to be handled.
		s.late = nil
		s.serve(s.ctx.get(), st)
	}
	// Handlers of relieved workers may still run: the last of them to
	// return ends the session instead.
	if s.handedOff.Add(drainedMark) == drainedMark {
		s.ended()
	}
}

// serveInline runs the handler for st on the read loop, which holds the
// worker slot (taken by dispatch): most handlers return at once, and running
// them here saves a goroutine per stanza. A handler that may wait on the
// stream (SendIQ, Close, a full outbox or a contended write lock: see
// yieldReader) makes reading move to a new goroutine, so that what it waits
// for can still be read; this goroutine then finishes the handler and
// serves the queue as its worker would. serveInline reports whether reading
// moved, in which case the caller stops reading.
func (s *Session) serveInline(st *Stanza) (moved bool) {
	seq := s.served.Add(1)
	s.busy.Store(seq)
	s.inline.Store(seq)
	if s.iqWaits.Load() > 0 {
		// A SendIQ began to wait after dispatch looked: its response must
		// not wait behind this handler.
		s.moveReading(seq)
	}
	s.serve(s.ctx.get(), st)
	moved = !s.inline.CompareAndSwap(seq, 0)
	if !s.busy.CompareAndSwap(seq, 0) {
		// A successor holds the slot now.
		s.relievedDone()
		return moved
	}
	if moved {
		s.work() // this goroutine holds the slot: serve what was queued meanwhile
		return true
	}
	// Nothing can have been queued: only this goroutine reads.
	s.workers.Add(-1)
	return false
}

// moveReading starts a new read loop if the handler of stanza seq still
// runs on the current one.
func (s *Session) moveReading(seq uint64) {
	if s.inline.CompareAndSwap(seq, 0) {
		go s.readLoop()
	}
}

// yieldReader is called where the session may wait for the peer: if a
// handler runs on the read loop, reading moves on, since the caller may be
// that handler (Go does not say which goroutine calls).
func (s *Session) yieldReader() {
	if seq := s.inline.Load(); seq != 0 {
		s.moveReading(seq)
	}
}

// handOff relieves the worker handling stanza seq: a new worker takes over
// the queue while the old one finishes its handler. It does nothing if that
// handler has returned meanwhile, or if maxWorkers are already relieved.
func (s *Session) handOff(seq uint64) {
	s.moveReading(seq) // if that handler runs on the read loop
	if s.handedOff.Add(1) > maxWorkers {
		s.relievedDone()
		return
	}
	if !s.busy.CompareAndSwap(seq, 0) {
		s.relievedDone()
		return
	}
	go s.work() // takes over the slot
}

// drainedMark is added to s.handedOff by the worker that finds the closed
// queue drained: from then on, the count coming back to drainedMark means
// that no relieved handler runs any more, and Handled may close.
const drainedMark = 1 << 24

// relievedDone uncounts a relieved worker whose handler has returned (or
// a relief that did not happen). If the queue is drained and it was the
// last, the session's end is complete: Handled closes, OnEnd runs.
func (s *Session) relievedDone() {
	if s.handedOff.Add(-1) == drainedMark {
		s.ended()
	}
}

// The session decides alone when a handler's wait must not hold up the
// queue: Go does not say which goroutine calls SendIQ, and a handler may
// call it with any context. Two signs of a wait are watched:
//
//   - a SendIQ call begins to wait while a handler runs: a timer checks,
//     handOffAfter later, whether that same handler is still running while
//     a response is awaited, and relieves it if so;
//   - the read loop finds the queue full while a response is awaited: the
//     response may be behind the stanzas it cannot queue, so the handler in
//     charge is relieved at once.
//
// Either may relieve a handler that is merely slow while another goroutine
// waits for a response; that costs ordering around that handler, never
// progress.

// awaitingIQ is called by SendIQ when it begins to wait for a response.
func (s *Session) awaitingIQ() {
	s.iqWaits.Add(1)
	s.yieldReader()
	if seq := s.busy.Load(); seq != 0 {
		s.watch(seq)
	}
}

// watch arms the watchdog for the handler of stanza seq, unless it is armed.
func (s *Session) watch(seq uint64) {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	if s.watchSeq != 0 {
		return
	}
	s.watchSeq = seq
	if s.watchdog == nil {
		s.watchdog = time.AfterFunc(handOffAfter, s.checkStall)
		return
	}
	s.watchdog.Reset(handOffAfter)
}

// checkStall runs when the watchdog fires: it relieves the handler it was
// armed for if that handler still runs and a response is still awaited,
// and watches the next handler if another one runs by now.
func (s *Session) checkStall() {
	s.watchMu.Lock()
	armed := s.watchSeq
	s.watchSeq = 0
	s.watchMu.Unlock()
	seq := s.busy.Load()
	if seq == 0 || s.iqWaits.Load() == 0 || s.closed.Load() {
		return
	}
	if seq == armed {
		s.handOff(seq)
		return
	}
	s.watch(seq)
}

// unstall is called by the read loop when the queue is full: if a handler
// runs while a response is awaited, the response may be behind the stanzas
// the loop cannot queue, so the handler is relieved now.
func (s *Session) unstall() {
	if seq := s.busy.Load(); seq != 0 && s.iqWaits.Load() > 0 {
		s.handOff(seq)
	}
}

// stopWatchdog stops the watchdog when the stream ends.
func (s *Session) stopWatchdog() {
	s.watchMu.Lock()
	if s.watchdog != nil {
		s.watchdog.Stop()
	}
	s.watchMu.Unlock()
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
	putStanza(st)
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

// ended closes Handled and calls Config.OnEnd once the stream has ended
// (Done is closed), the handler queue is drained and every relieved
// handler has returned. It runs once: on the worker that drained the
// queue, or on the last relieved one.
func (s *Session) ended() {
	if !s.endOnce.CompareAndSwap(false, true) {
		// A relief refused after the end brought the count back to
		// drainedMark a second time.
		return
	}
	<-s.done // closed by the read loop right after it closed the queue
	s.handled.close()
	if s.cfg.OnEnd != nil {
		s.cfg.OnEnd(s)
	}
}
