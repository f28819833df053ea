package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

var elementPool = sync.Pool{New: func() any { return new(xmlstream.Element) }}

func getElement() *xmlstream.Element { return elementPool.Get().(*xmlstream.Element) }

func putElement(el *xmlstream.Element) { elementPool.Put(el) }

// start begins serving a negotiated stream.
func (s *Session) start() {
	s.negEl = xmlstream.Element{} // release negotiation's storage
	s.dec.SetLimits(s.cfg.Limits)
	s.box = newOutbox(s.wdst)
	s.w.SetOutput(s.box)
	s.queue = make(chan *Stanza, s.cfg.HandlerQueue)
	s.startElementClock()
	go s.readLoop()
}

// readLoop is the one goroutine that reads the stream once it is negotiated.
func (s *Session) readLoop() {
	defer func() {
		if s.clock != nil {
			s.clock.stop()
		}
		close(s.queue)
		s.ensureWorker() // to drain what is left
		s.iq.failPending()
		s.cancel()
		close(s.done)
	}()
	for {
		el := getElement()
		if s.clock != nil {
			s.clock.between(s.dec.InputOffset())
		}
		if err := s.dec.ReadElement(el); err != nil {
			putElement(el)
			s.endRead(err)
			return
		}
		if !s.dispatch(el) {
			return
		}
	}
}

// dispatch routes one element, reporting whether reading should go on.
func (s *Session) dispatch(el *xmlstream.Element) bool {
	if s.cfg.WebSocket && el.Name() == framingCloseName {
		s.peerClosed(el)
		putElement(el)
		return false
	}
	if el.Name() == streamErrorName {
		serr, err := stream.ParseError(el)
		if err != nil {
			serr = stream.UndefinedCondition
		}
		s.setErr(serr)
		s.closeTransport()
		return false
	}
	h, err := stanza.ParseHeader(el)
	switch {
	case errors.Is(err, stanza.ErrNotStanza):
		// Not a stanza (for example a stream-management element): the handler decides.
	case err != nil:
		s.rejectStanza(el, &h, err)
		return true
	case !s.checkFrom(&h):
		s.sendStreamError(stream.InvalidFrom)
		s.setErr(&LocalStreamError{Err: stream.InvalidFrom, Cause: errors.New("stanza from " + h.From.String())})
		s.closeTransport()
		putElement(el)
		return false
	case h.Kind == stanza.KindIQ && (h.Type == string(stanza.ResultIQ) || h.Type == string(stanza.ErrorIQ)):
		if s.deliver(&h, el) {
			return true
		}
		s.log.Debug("xmpp: dropping unexpected IQ response", "id", h.ID, "from", h.From.String())
		putElement(el)
		return true
	}
	st := stanzaPool.Get().(*Stanza)
	st.Header, st.Element = h, el
	select {
	case s.queue <- st:
		s.ensureWorker()
		return true
	case <-s.stop:
		putElement(el)
		stanzaPool.Put(st)
		return false
	}
}

// rejectStanza answers a stanza with a bad header (RFC 6120 §8.3), unless it
// is itself an error, which must never be answered.
func (s *Session) rejectStanza(el *xmlstream.Element, h *stanza.Header, err error) {
	var se stanza.Error
	if h.Type != "error" && errors.As(err, &se) {
		ctx, cancel := context.WithTimeout(s.ctx, replyTimeout)
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
	switch {
	case errors.Is(err, xmlstream.ErrStreamEnd):
		s.peerClosed(nil)
		return
	case s.closed.Load():
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
	defer func() { <-s.wsem }()
	if s.outClosed {
		return
	}
	s.outClosed = true
	_ = serr.WriteXML(s.w.Encoder())
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

var framingCloseName = xml.Name{Space: stream.NSFraming, Local: "close"}

// SeeOtherURIError ends a WebSocket session whose server closed it with a
// see-other-uri (RFC 7395 §3.6.1): the client should connect there instead.
type SeeOtherURIError struct{ URI string }

func (e *SeeOtherURIError) Error() string { return "xmpp: server redirects to " + e.URI }

// peerClosed answers the peer's end of stream (its closing tag, or <close/>
// given as el) with ours, then closes the transport.
func (s *Session) peerClosed(el *xmlstream.Element) {
	if el != nil {
		if c, err := stream.ParseClose(el); err == nil && c.SeeOtherURI != "" {
			s.setErr(&SeeOtherURIError{URI: c.SeeOtherURI})
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), replyTimeout)
	_ = s.sendClose(ctx)
	cancel()
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
	switch s.cfg.NS {
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
