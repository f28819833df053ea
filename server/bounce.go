package server

import (
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// bounce is the failure of a routed message: the copies of one message
// (one per resource it went to, RFC 6121 §8.5.2.1.1) share it, and when
// none of them was written the sender gets one error (RFC 6120 §8.3,
// RFC 6121 §8.5), so that whatever the server accepted is delivered or
// answered. A copy that was written to one resource is enough: the user
// has the message. A chat or normal message whose resource went away
// before it was written goes first to another available resource of the
// account, as if it had come after the resource left (RFC 6121 §8.5.3.2.1
// and §8.5.2.1.1).
type bounce struct {
	sender *resource           // where the error goes
	el     *xmlstream.Element  // the message (its name and id)
	from   jid.JID             // the address the message was sent to
	m      xmlstream.Marshaler // the message as delivered, for redelivery
	copies atomic.Int32        // copies not settled yet
	ok     atomic.Bool         // a copy was written
	// tries counts redeliveries; only the goroutine settling the last
	// copy touches it, after the queue that failed it.
	tries int
}

// maxRedeliveries bounds how often a message follows an account's
// resources as they leave.
const maxRedeliveries = 2

// newBounce returns the failure of a message el from sender to 'to', going
// to n resources, or nil for a message of type error, which is never
// answered (RFC 6120 §8.3.1).
func newBounce(sender *resource, el *xmlstream.Element, to jid.JID, n int) *bounce {
	if sender == nil || el.Attr("type") == string(stanza.ErrorMessage) {
		return nil
	}
	b := new(bounce)
	b.init(sender, el, to, n)
	return b
}

// init makes the zero b the bounce newBounce returns.
func (b *bounce) init(sender *resource, el *xmlstream.Element, to jid.JID, n int) {
	b.sender, b.el, b.from = sender, el, to
	b.copies.Store(int32(n))
}

func (b *bounce) delivered() {
	b.ok.Store(true)
	b.copies.Add(-1)
}

func (b *bounce) failed(s *Server, c stanza.Condition) {
	if b.copies.Add(-1) != 0 || b.ok.Load() {
		return
	}
	if c == stanza.ServiceUnavailable && b.m != nil && b.tries < maxRedeliveries {
		if res := s.state.redeliveryTarget(b.from); res != nil {
			b.tries++
			b.copies.Store(1)
			s.enqueue(res, queued{m: b.m, size: sizeOf(b.m), fail: b})
			return
		}
	}
	if c == stanza.ServiceUnavailable && b.m != nil && s.storeOffline(b.from, b.m, time.Now()) == nil {
		// No resource left to take it: kept offline (RFC 6121
		// §8.5.2.2.1), as if it had come after the resources left.
		return
	}
	s.replyLater(b.sender, b.el, b.from, c)
}

// redeliveryTarget returns the available resource of the account 'to'
// names that takes a redelivered message (see firstTakerExcept), or nil.
func (r *registry) redeliveryTarget(to jid.JID) *resource { return r.redeliveryTargetExcept(to, nil) }

// redeliveryTargetExcept is redeliveryTarget leaving out the resource of
// the session not.
func (r *registry) redeliveryTargetExcept(to jid.JID, not *xmpp.Session) *resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.local(to.Bare())
	if a == nil {
		return nil
	}
	return firstTakerExcept(a, not)
}

// replyLater queues an error answer to a stanza of sender's. An error is
// never answered in turn: if the sender's own queue is full or its session
// gone, the answer is dropped (and counted).
func (s *Server) replyLater(sender *resource, el *xmlstream.Element, from jid.JID, c stanza.Condition) {
	s.replyLaterError(sender, replyTo(el, from, sender.full, stanza.NewError(c)))
}

func (s *Server) replyLaterError(sender *resource, r errorReply) {
	s.stats.Bounced.Add(1)
	s.log.Debug("server: bouncing", "to", sender.full.String(), "from", r.from.String(), "condition", string(r.err.Condition))
	s.enqueue(sender, queued{m: r, size: smallStanza})
}
