package xmpp

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// start begins serving a negotiated stream.
func (s *Session) start() {
	s.endNegotiation() // release negotiation's storage
	s.dec.SetLimits(s.cfg.Limits)
	if s.fr != nil {
		s.boxStore.initElements(s.fr) // w keeps writing to the stage
	} else {
		s.boxStore.init(s.wdst)
		s.w.SetOutput(&s.boxStore)
	}
	s.box = &s.boxStore
	s.startSeam()
	s.startElementClock()
	s.startedSeam()
	s.startKeepAlive() // XEP-0478 idle-seconds
	go s.readLoop()
}

// readLoop is the one goroutine that reads the stream once it is negotiated.
// A handler that may block hands reading on to a new readLoop (see
// serveInline); only the last one ends the session.
func (s *Session) readLoop() {
	if s.readElements() {
		s.endReading()
	}
}

// endReading ends the session once the stream has ended.
func (s *Session) endReading() {
	if s.clock != nil {
		s.clock.stop()
	}
	s.endedSeam()
	s.readEnded.Store(true)
	if q := s.handlerQueue(); q != nil {
		close(q)
	}
	// Some worker must drain what is left and see the closed queue. If
	// none serves the queue now, this goroutine becomes that worker (after
	// Done below): reading has ended, so serving here holds nothing up, and
	// it saves starting a goroutine at every session's end. If one does, it
	// sees the closed queue itself (see work).
	drain := s.takeSlot()
	s.iq.failPending()
	s.stopWatchdog()
	s.ctx.end()
	close(s.done)
	// OnEnd runs once the worker that drains the closed queue has served
	// what was left (see work): what the peer sent before its closing tag
	// is handled before the session's owner cleans up.
	if drain {
		s.work()
	}
}

// readElements reads and dispatches elements until the stream ends (true)
// or reading has moved to another goroutine (false).
func (s *Session) readElements() bool {
	for {
		if s.clock != nil {
			s.clock.between(s.dec.InputOffset())
		}
		if s.fr == nil {
			// The element comes from the pool once the peer has sent
			// something: an idle stream does not hold one, with the
			// storage a large element once grew it to.
			s.dec.WaitInput()
		}
		var err error
		var el *xmlstream.Element
		if s.fr != nil {
			el = getElement()
			err = s.readElement(el)
		} else if el = reusedElement(); el != nil {
			// s.readElement's own frame left out: see ReadElement.
			err = s.dec.ReadElement(el)
		} else {
			// Read into a new element, allocated with its storage.
			el, err = s.dec.ReadNewElement()
		}
		if err != nil {
			if el != nil {
				putElement(el)
			}
			s.endRead(err)
			return true
		}
		if s.clock != nil {
			// Not reading while dispatching (which waits when the handler
			// queue is full): the next element's time starts at between.
			s.clock.pause()
		}
		if goOn, moved := s.dispatch(el); !goOn || moved {
			return !moved
		}
	}
}

// dispatch routes one element, reporting whether reading should go on and
// whether it has moved to another goroutine (after a handler run inline).
func (s *Session) dispatch(el *xmlstream.Element) (goOn, moved bool) {
	if s.fr != nil {
		if closed, err := s.fr.t.ParseClose(el); closed {
			putElement(el)
			if err != nil {
				s.setErr(err)
			}
			s.peerClosed()
			return false, false
		}
	}
	if el.Name() == streamErrorName {
		serr, err := stream.ParseError(el)
		if err != nil {
			serr = stream.UndefinedCondition
		}
		s.setErr(serr)
		s.closeTransport()
		return false, false
	}
	sm := s.seam
	if sm != nil && sm.stanzaRecv != nil {
		if taken, goOn := s.received(el); taken {
			return goOn, false
		}
	}
	var h stanza.Header
	err := s.addrs.ParseHeaderInto(el, &h)
	notStanza := err != nil && errors.Is(err, stanza.ErrNotStanza)
	if notStanza && sm != nil && sm.nsOnly {
		// Every Receiver takes a namespace of its own (stream management
		// alone): the header tells a stanza, which only the count sees
		// (below), without reading the name again.
		if taken, goOn := s.offer(el, el.Name().Space, sm.recv); taken {
			return goOn, false
		}
	}
	// A stanza is counted for the StanzaCounters (sm.counted) once it is
	// known not to end the stream.
	switch {
	case notStanza:
		// Not a stanza (for example a stream-management element): the handler decides.
	case h.NS != s.ns && s.ns == stanza.NSClient:
		// A jabber:server stanza on a client stream: not the stream's
		// content namespace (RFC 6120 §4.8.2, §4.9.3.10). Checked on client
		// streams only; XEP-0114 streams stay as lenient as they were.
		s.sendStreamError(stream.InvalidNamespace)
		s.setErr(&LocalStreamError{Err: stream.InvalidNamespace, Cause: errors.New("stanza in namespace " + h.NS)})
		s.closeTransport()
		putElement(el)
		return false, false
	case err != nil:
		sm.counted()
		s.rejectStanza(el, &h, err)
		return true, false
	case h.Kind == stanza.KindIQ && stanza.IQType(h.Type).IsRequest() && !oneChild(el):
		// RFC 6120 §8.2.3: a get or set carries exactly one payload.
		sm.counted()
		s.rejectStanza(el, &h, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest,
			Text: "an IQ request must have exactly one child element"})
		return true, false
	case !s.checkFrom(&h):
		s.sendStreamError(stream.InvalidFrom)
		s.setErr(&LocalStreamError{Err: stream.InvalidFrom, Cause: errors.New("stanza from " + h.From.String())})
		s.closeTransport()
		putElement(el)
		return false, false
	default:
		sm.counted()
		// h.Type rather than h.IQType(), whose value receiver copied
		// the whole Header at each call.
		if t := stanza.IQType(h.Type); h.Kind == stanza.KindIQ && (t == stanza.ResultIQ || t == stanza.ErrorIQ) {
			if s.deliver(&h, el) {
				return true, false
			}
			if !s.cfg.DeliverStrayIQResponses {
				s.log.Debug("xmpp: dropping unexpected IQ response", "id", h.ID, "from", h.From.String())
				putElement(el)
				return true, false
			}
		}
	}
	st := getStanza()
	st.Header, st.Element = h, el
	// A session whose handler keeps up has no queue, whose length (a
	// call to the runtime, for a channel) is then not looked at.
	queued := false
	if q := s.handlerQueue(); q != nil {
		queued = len(q) != 0
	}
	if !queued && s.iqWaits.Load() == 0 && s.workers.Load() == 0 && s.workers.CompareAndSwap(0, 1) {
		// Nothing is queued or being handled: run the handler here, and
		// save starting a goroutine for it.
		s.replyThrough.Store(s.dec.Buffered() == 0)
		moved := s.serveInline(st)
		return true, moved
	}
	q := s.makeQueue()
	select {
	case q <- st:
		s.ensureWorker()
		return true, false
	default:
	}
	s.unstall() // the queue is full
	select {
	case q <- st:
		s.ensureWorker()
		return true, false
	case <-s.stop.ch():
	}
	// The transport closed while the queue was full. The stanza arrived
	// whole and the Receivers have seen it (stream management counted it
	// as handled, and the peer will not send it again): it must still be
	// handled, and after those queued. Waiting here for room would hold
	// the session's end (Done, the SendIQ calls that fail with it, the
	// handlers' context) for as long as a handler keeps the queue full,
	// and giving up after a while would lose the stanza; so reading ends
	// now and the stanza is left to the worker that finds the queue closed,
	// which serves it last (see work). A handler that never returns thus
	// holds only its own goroutine, as it would anyway, never this one.
	s.late = st
	return false, false
}

// oneChild reports whether el has exactly one child element.
func oneChild(el *xmlstream.Element) bool {
	n := 0
	for range el.Children() {
		if n++; n > 1 {
			return false
		}
	}
	return n == 1
}

// rejectStanza answers a stanza with a bad header (RFC 6120 §8.3), unless it
// is itself an error, which must never be answered.
func (s *Session) rejectStanza(el *xmlstream.Element, h *stanza.Header, err error) {
	var se stanza.Error
	if !h.IsError() && errors.As(err, &se) {
		if se.By.IsZero() && s.state.Has(Received) {
			se.By = s.local // the server generated it (RFC 6120 §8.3.2)
		}
		ctx, cancel := context.WithTimeout(s.ctx.get(), replyTimeout)
		werr := s.write(ctx, func(w xmlstream.Encoder) error { return stanza.WriteErrorReply(w, el, se) })
		cancel()
		if werr != nil {
			s.log.Debug("xmpp: answering a bad stanza", "err", werr)
		}
	}
	putElement(el)
}

// replyTimeout bounds how long the read loop waits to write a reply or a
// stream error when the peer does not read.
const replyTimeout = 5 * time.Second

// endRead ends the session after ReadElement failed.
func (s *Session) endRead(err error) {
	if errors.Is(err, xmlstream.ErrStreamEnd) {
		s.peerClosed()
		return
	}
	s.readFailed(err)
}

// readFailed ends the session after reading failed other than at the
// peer's closing tag. It is endRead's own function because the stream
// errors it handles take half a kilobyte of frame: in endRead, that frame
// was below peerClosed's writing of the closing tag, the usual end, and
// made the read loop's stack be copied there.
func (s *Session) readFailed(err error) {
	if s.closed.Load() {
		// We closed the transport ourselves (Close timed out, or a write failed).
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = ErrClosed
		}
		s.setErr(err)
		return
	}
	if serr, ok := stream.FromDecodeError(err); ok {
		s.sendStreamError(serr)
		s.setErr(&LocalStreamError{Err: serr, Cause: err})
		s.closeTransport()
		return
	}
	s.setErr(err)
	s.closeTransport()
}

// sendStreamError writes a stream error and the closing tag (RFC 6120 §4.9.1.1).
func (s *Session) sendStreamError(serr stream.Error) {
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	defer cancel()
	if err := s.lockWrite(ctx); err != nil {
		return
	}
	defer s.wl.unlock()
	if s.outClosed {
		return
	}
	s.outClosed = true
	_ = serr.WriteXML(s.w.Encoder())
	_ = s.endElement()
	_ = s.writeCloseTag()
	if s.w.Flush() == nil {
		_ = s.drain(ctx)
	}
}

// fail ends the session because of a local error (a failed write).
func (s *Session) fail(err error) {
	s.setErr(err)
	s.closeTransport()
}

// LocalStreamError is the session's error when this side ended the stream
// with a stream error, for example because the peer sent XML that RFC 6120
// forbids. errors.Is matches it against the [stream.Error] sent.
type LocalStreamError struct {
	Err   stream.Error // what was sent
	Cause error        // what was wrong
}

func (e *LocalStreamError) Error() string {
	return "xmpp: sent stream error " + string(e.Err.Condition) + ": " + e.Cause.Error()
}

// Unwrap returns the stream error sent and its cause.
func (e *LocalStreamError) Unwrap() []error { return []error{e.Err, e.Cause} }

// peerClosed answers the peer's end of stream (its closing tag, or its
// transport's close element) with ours, then closes the transport. A
// sender waiting for room in the outbox (the peer does not read) holds the
// write lock the closing tag needs; it fails with ErrClosed now rather
// than once the leaving peer has read enough, so that what it sends can go
// elsewhere (see outbox.waitRoom).
func (s *Session) peerClosed() {
	if s.box != nil {
		s.box.stopWaiting()
	}
	// Bounded by a timeout rather than a context with a deadline: making
	// one deepens the read loop's stack enough to have it copied, and
	// this side's closing tag, if it went first, needs no wait at all.
	_ = s.sendCloseWithin(replyTimeout)
	s.closeTransport()
}

// checkFrom enforces RFC 6120 §8.1.2.1 on the receiving side: a client may
// only send as itself, so its stanzas' 'from' is its full JID (filled in
// when absent, or given as its bare JID), and a component only as
// addresses of its own domain (XEP-0114). It reports false for a forged
// 'from', which ends the stream with invalid-from.
func (s *Session) checkFrom(h *stanza.Header) bool {
	if !s.state.Has(Received) || s.remote.IsZero() {
		return true
	}
	switch s.ns {
	case stanza.NSClient:
		if h.From.IsZero() || h.From == s.remote || h.From == s.remote.Bare() {
			h.From = s.remote
			return true
		}
		return false
	case stanza.NSComponent:
		if h.From.IsZero() {
			h.From = s.remote
		}
		return h.From.Domain() == s.remote.Domain()
	}
	return true
}
