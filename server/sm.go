package server

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0198 stream management in the server: package sm counts, keeps the
// stanzas the client has not acknowledged and the streams kept for
// resumption; this file keeps the resource of a kept stream, hands it to
// the session that resumes the stream, and settles what the client never
// acknowledged.

// detach keeps the resource of a session whose stream is kept for
// resumption: it stays connected (and available, if it was), and its
// queue takes what is routed to it without writing it until a session
// resumes the stream.
func (r *registry) detach(res *resource, sess *xmpp.Session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := res.q
	q.mu.Lock()
	if q.sess == sess {
		q.sess = nil
	}
	q.mu.Unlock()
}

// resume gives the resource of the stream sess resumed to sess, and
// returns it, or nil if it is gone. What the previous session's XEP-0352
// state held back is sent first (resumeHeld), then what was queued
// meanwhile. A resource of that name bound afresh since (its stream
// dropped, sm.Server.Drop) is not the stream's: it stays with its
// session, and the resumed one gets none (resources are kept by name, so
// it would otherwise take over the new binding).
func (r *registry) resume(sess *xmpp.Session) *resource {
	if f := beforeResume.Load(); f != nil {
		(*f)()
	}
	full := sess.RemoteAddr()
	r.mu.Lock()
	a := r.local(full)
	var res *resource
	if a != nil {
		res = a.resources[full.Resourcepart()]
	}
	if res != nil && res.sess != sess && !sm.SameStream(res.sess, sess) {
		res = nil
	}
	if res == nil {
		r.mu.Unlock()
		return nil
	}
	old := res.sess
	res.sess = sess
	start := false
	q := res.q
	q.mu.Lock()
	if !q.closed {
		q.sess = sess
		start = q.startLocked()
	}
	q.mu.Unlock()
	r.mu.Unlock()
	if old != nil && old != sess {
		resumeHeld(old, sess, r.writeTimeout)
	}
	if start && r.start != nil {
		r.start(q)
	}
	return res
}

// beforeResume, if set (by tests only), runs when a resumed session,
// past <resumed/>, is about to take its stream's resource.
var beforeResume atomic.Pointer[func()]

// resumeHeld sends on sess what XEP-0352 held back on old when its stream
// dropped: never sent, so stream management has no copy of it, and a
// resumed stream starts active (XEP-0352 §5.2). Through sess's Senders,
// so that stream management counts it.
func resumeHeld(old, sess *xmpp.Session, timeout time.Duration) {
	held := csi.TakeHeld(old)
	if len(held) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_ = sess.Release(ctx, func() []xmpp.Held { return held }) // a failed write ends the session
}

// smEnded is sm.ServerConfig.Unacknowledged: a stream's stream management
// is over. What the client never acknowledged is undeliverable, but for
// the offline messages among it: they are still in the store, and are
// delivered again (offline_flush.go). A stream that was kept for
// resumption takes its resource with it now.
func (s *Server) smEnded(e sm.Ending) {
	full := e.Session.RemoteAddr()
	var out outbox
	rest := e.Unacked
	s.state.mu.Lock()
	if a := s.state.local(full); a != nil {
		idx, released, ok := s.state.offlineUnacked(a, e)
		if !ok {
			// An offline message is being sent on this session: its
			// writer calls this again once it knows the receipt.
			s.state.mu.Unlock()
			return
		}
		rest = rest[:0:0]
		for _, i := range idx {
			rest = append(rest, e.Unacked[i])
		}
		if released {
			if res := firstTakerExcept(a, e.Session); res != nil {
				s.state.flushOffline(a, res, &out)
			}
		}
	}
	s.state.mu.Unlock()
	s.send(out)
	for _, el := range rest {
		s.undeliverable(el, e.Session, 0)
	}
	if !e.Detached {
		return
	}
	s.state.mu.Lock()
	var res *resource
	if a := s.state.local(full); a != nil {
		if r := a.resources[full.Resourcepart()]; r != nil && r.sess == e.Session {
			res = r
		}
	}
	s.state.mu.Unlock()
	if res == nil {
		return // replaced by a new binding meanwhile
	}
	s.closeQueue(res.q)
	s.disconnect(res)
}

// undeliverable handles a stanza that was sent to a client that never
// acknowledged it (XEP-0198 §4) as one sent to a resource that is not
// connected (RFC 6121 §8.5.3.2): a chat or normal message goes to another
// available resource of the account than that of the session from, else
// to offline storage (§8.5.2.2.1, XEP-0160), and only when neither takes
// it back to its sender with service-unavailable, in the name of the
// address it was sent to; an error, a headline or a presence is dropped
// (counted). A message given to another resource whose queue then fails
// it (full, or its session gone too) goes on the same way (tries counts
// the redeliveries, bounded as a bounce's are): it is never dropped
// unanswered. An IQ request is dropped here because it has been answered
// already: requests reach a client only through forwardIQ, whose SendIQ
// fails with the session and answers the requester (RFC 6121
// §8.5.3.2.3), or from the server itself.
func (s *Server) undeliverable(el *xmlstream.Element, from *xmpp.Session, tries int) {
	h, err := stanza.ParseHeader(el)
	if err != nil || h.IsError() || !s.answerable(&h) {
		s.stats.Dropped.Add(1)
		return
	}
	if typ := h.MessageType(); typ == stanza.ChatMessage || typ == stanza.NormalMessage || typ == "" {
		if tries < maxRedeliveries {
			if res := s.state.redeliveryTargetExcept(h.To, from); res != nil {
				s.enqueue(res, queued{m: el, size: el.Size() + smallStanza, fail: &redelivery{el: el, tries: tries + 1}})
				return
			}
		}
		if s.storeOfflineExcept(h.To, el, time.Now(), from) == nil {
			return
		}
	}
	s.state.mu.Lock()
	sender := s.state.connected(h.From)
	s.state.mu.Unlock()
	if sender == nil {
		// From another server, or from this one itself (a roster push):
		// nobody here to tell.
		s.stats.Dropped.Add(1)
		return
	}
	s.replyLater(sender, el, h.To, stanza.ServiceUnavailable)
}

// redelivery is the failure of a message undeliverable gave to another
// resource: if that one's queue does not write it either, it is handled
// again as undeliverable, rather than dropped.
type redelivery struct {
	el    *xmlstream.Element
	tries int
}

func (r *redelivery) failed(s *Server, _ stanza.Condition) { s.undeliverable(r.el, nil, r.tries) }
func (*redelivery) delivered()                             {}

// answerable reports whether a stanza that could not be delivered gets an
// error back (RFC 6121 §8.5.3.2.1 and §8.5.3.2.3).
func (s *Server) answerable(h *stanza.Header) bool {
	return h.Kind == stanza.KindMessage && h.Type != string(stanza.HeadlineMessage)
}

// waitAcks waits, for at most Config.WriteTimeout, until the client of
// sess has acknowledged enough for one more stanza to be sent (XEP-0198).
func (s *Server) waitAcks(sess *xmpp.Session) error {
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.WriteTimeout)
	defer cancel()
	return sm.WaitRoom(ctx, sess)
}

// sendCounted sends m on sess. With stream management on, a stanza that
// reached its queue of unacknowledged stanzas is the stream's from then on
// (sent again on resumption, or settled by smEnded) even if the write
// failed: the error is then nil, so that the delivery queue does not keep
// it too and send it twice.
func sendCounted(ctx context.Context, sess *xmpp.Session, m xmlstream.Marshaler) error {
	_, err := sm.Send(ctx, sess, m)
	if errors.Is(err, sm.ErrNotEnabled) {
		return sess.Send(ctx, m)
	}
	return err
}
