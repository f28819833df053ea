package xmpp

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrNotRequest is returned by SendIQ for an IQ whose type is not get or set.
var ErrNotRequest = errors.New("xmpp: SendIQ needs an IQ of type get or set")

// iqTracker holds the IQ requests waiting for their responses.
type iqTracker struct {
	mu      sync.Mutex
	pending *pendingTable // made by the first request
	ended   bool          // failPending ran: no request is added any more
	// spare is the last finished request's pendingIQ, for the next: a
	// session's own spare costs two atomic operations per request where
	// pendingPool's Get and Put cost about a hundred instructions.
	spare atomic.Pointer[pendingIQ]
}

// pendingIQ is one request in flight.
type pendingIQ struct {
	id string // the request's id, its key in the table
	to jid.JID
	// resp takes the response, or nil when the stream ends first. Only
	// who takes p out of the table sends (deliver, failPending), once, so
	// the buffer always has room: the read loop never blocks on it, and
	// the caller waits on this one channel (and its context) alone.
	resp chan *xmlstream.Element
	// isError tells an error response from a result, as the read loop's
	// header did (set before the send on resp, read after the receive):
	// reading the element's type again cost a scan of its attributes.
	isError bool
	// idBuf holds the id SendIQ made for the request, which id then
	// points into rather than to an allocation of its own: the id lives
	// no longer than p's turn in the table and the request's write (see
	// SendIQ), and p is reused only after both.
	idBuf [idLen]byte
}

// idLen is the length of the ids stanza.AppendID makes.
const idLen = 16

var pendingPool = sync.Pool{New: func() any { return &pendingIQ{resp: make(chan *xmlstream.Element, 1)} }}

// getPending returns a pendingIQ for a request: the spare, or one from
// pendingPool when another request has it.
func (t *iqTracker) getPending() *pendingIQ {
	if p := t.spare.Swap(nil); p != nil {
		return p
	}
	return pendingPool.Get().(*pendingIQ)
}

// putPending takes back p, whose request has finished and whose channel is
// empty: as the spare, or into pendingPool if there is one.
func (t *iqTracker) putPending(p *pendingIQ) {
	if !t.spare.CompareAndSwap(nil, p) {
		pendingPool.Put(p)
	}
}

// init does nothing: the map is made by the first request, since many
// sessions (a server's) never send one.
func (t *iqTracker) init() {}

// SendIQ sends an IQ request (type get or set) with payload as its child
// (nil for none) and waits for the response. If iq.ID is empty an
// unpredictable id is used.
//
// The response must come from the entity the request was sent to: it must
// match the id, be of type result or error, and come from iq.To (or, for a
// request without 'to' or to the account's own bare JID, from the account or
// its server, as RFC 6120 §10.3.3 and RFC 6121 allow). Anything else with the
// same id is ignored, so a third party cannot answer in the peer's name.
//
// A result comes back as the whole <iq/> element, which the caller owns (it
// is returned, see [Stanza] for the rule) and may keep. An
// error response comes back as the element and a *[stanza.Error]. If ctx is
// done first, SendIQ returns ctx's error at once and the stream stays open; a
// response arriving later is dropped.
func (s *Session) SendIQ(ctx context.Context, iq stanza.IQ, payload xmlstream.Marshaler) (*xmlstream.Element, error) {
	if !iq.Type.IsRequest() {
		return nil, ErrNotRequest
	}
	p := s.iq.getPending()
	if iq.ID == "" {
		// The id's own slice: should AppendID ever outgrow idBuf, the
		// string still points at what it wrote.
		id := stanza.AppendID(p.idBuf[:0])
		iq.ID = unsafe.String(unsafe.SliceData(id), len(id))
	}
	p.id, p.to, p.isError = iq.ID, iq.To, false
	if err := s.iq.add(p); err != nil {
		s.iq.putPending(p)
		return nil, err
	}
	// The closure holds iq's address, not a copy of its 128 bytes.
	req := &iq
	err := s.write(ctx, func(w xmlstream.Encoder) error {
		if err := req.WriteStart(w); err != nil {
			return err
		}
		if payload != nil {
			if err := payload.WriteXML(w); err != nil {
				return err
			}
		}
		if err := w.End(); err != nil {
			return err
		}
		// Under the write lock; unlockWrite reads and clears it (a
		// failed encoding never sets it, so it cannot outlive this write).
		s.sendingIQ = true
		return nil
	})
	if err != nil {
		if !s.iq.remove(p) {
			<-p.resp // the stream ended meanwhile: failPending sent nil
		}
		s.iq.putPending(p)
		return nil, err
	}
	s.awaitingIQ()
	defer s.iqWaits.Add(-1)
	var el *xmlstream.Element
	if done := ctx.Done(); done == nil {
		el = <-p.resp
	} else {
		select {
		case el = <-p.resp:
		case <-done:
			if !s.iq.remove(p) {
				// The response, or the end of the stream, raced with
				// the cancellation: it is in the channel or about to be
				// (whoever took p out of the table sends at once).
				if el := <-p.resp; el != nil {
					putElement(el)
				}
			}
			s.iq.putPending(p)
			return nil, ctx.Err()
		}
	}
	isError := p.isError
	s.iq.putPending(p)
	if el == nil {
		return nil, ErrClosed
	}
	if !isError {
		return el, nil
	}
	return el, responseError(el)
}

// responseError returns the stanza error of an error response, or nil.
func responseError(el *xmlstream.Element) error {
	if el.Attr("type") != string(stanza.ErrorIQ) {
		return nil
	}
	e, err := stanza.ParseError(el)
	if err != nil {
		return err
	}
	return &e
}

// add enters p as the request with id p.id. It fails once the stream has
// ended (failPending ran), so that no request waits for a response that
// cannot come.
func (t *iqTracker) add(p *pendingIQ) error {
	// Unlocked without a defer, which cost as much as the rest of it.
	t.mu.Lock()
	if t.ended {
		t.mu.Unlock()
		return ErrClosed
	}
	if t.pending == nil {
		t.pending = new(pendingTable)
	}
	if t.pending.find(p.id) != nil {
		t.mu.Unlock()
		return errors.New("xmpp: an IQ with id " + p.id + " is already waiting")
	}
	t.pending.add(p)
	t.mu.Unlock()
	return nil
}

// remove takes p out of the table if it is still there, reporting whether
// it was.
func (t *iqTracker) remove(p *pendingIQ) bool {
	t.mu.Lock()
	ok := t.pending.remove(p)
	t.mu.Unlock()
	return ok
}

// deliver hands a result or error IQ to its waiting request, reporting
// whether one was waiting and the sender matched.
func (s *Session) deliver(h *stanza.Header, el *xmlstream.Element) bool {
	t := &s.iq
	t.mu.Lock()
	var p *pendingIQ
	if t.pending != nil {
		p = t.pending.find(h.ID)
	}
	// The usual answer, from whom the request went to, without a call.
	if p == nil || h.From != p.to && !s.responseFrom(p.to, h.From) {
		t.mu.Unlock()
		return false
	}
	t.pending.remove(p)
	t.mu.Unlock()
	p.isError = stanza.IQType(h.Type) == stanza.ErrorIQ // not h.IQType(): a copy of *h
	p.resp <- el
	return true
}

// responseFrom reports whether a response from 'from' may answer a request
// sent to 'to' on this stream.
func (s *Session) responseFrom(to, from jid.JID) bool {
	switch {
	case from == to:
		return true
	case from.IsZero():
		// Only the peer at the other end of this stream can send without
		// 'from'; it answers for itself and, on a client stream, for the
		// account it serves.
		return to.IsZero() || to == s.remote || to == s.local.Bare()
	case to.IsZero():
		// Handled by the server on behalf of the account (RFC 6120 §10.3.3).
		return from == s.local.Bare() || from == s.local.Domain()
	}
	return false
}

// failPending ends every waiting request (the stream is gone): each gets
// nil instead of a response, and no request is added from now on.
func (t *iqTracker) failPending() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ended = true
	if t.pending != nil {
		t.pending.takeAll(func(p *pendingIQ) {
			p.resp <- nil // buffered, and empty: p was in the table
		})
	}
}
