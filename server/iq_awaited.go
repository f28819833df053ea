package server

import (
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// A request forwarded to a client (forwardIQ) whose stream drops after
// the request was written stays in the stream's queue of unacknowledged
// stanzas while the stream is kept for resumption (XEP-0198): the session
// that resumes the stream sends it again if the client had not received
// it, and the client's response (or its stream management's copy of a
// response lost in the drop) comes on that session, where no SendIQ waits
// for it. So the request waits for such a response, and is answered with
// an error only when the resource is gone for good (the window passed,
// RFC 6121 §8.5.3.2.3) or Config.IQTimeout passes, as on a live stream.

// awaitedIQ is a forwarded request whose response may come on a resumed
// session.
type awaitedIQ struct {
	resp chan *xmlstream.Element // the response, once (buffered)
	gone chan struct{}           // closed when the resource is disconnected
}

// awaitedIQs are the forwarded requests waiting, by target and id.
type awaitedIQs struct {
	mu sync.Mutex
	m  map[jid.JID]map[string]*awaitedIQ
}

// add registers the request id sent to full, before it is sent.
func (w *awaitedIQs) add(full jid.JID, id string) *awaitedIQ {
	a := &awaitedIQ{resp: make(chan *xmlstream.Element, 1), gone: make(chan struct{})}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = make(map[jid.JID]map[string]*awaitedIQ)
	}
	ids := w.m[full]
	if ids == nil {
		ids = make(map[string]*awaitedIQ)
		w.m[full] = ids
	}
	ids[id] = a
	return a
}

// remove forgets the request once it is answered.
func (w *awaitedIQs) remove(full jid.JID, id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ids := w.m[full]; ids != nil {
		delete(ids, id)
		if len(ids) == 0 {
			delete(w.m, full)
		}
	}
}

// deliver hands a response that no SendIQ waited for to the request it
// answers, and reports whether there was one. Only the full JID the
// request was sent to can answer it; the ids are unpredictable.
func (w *awaitedIQs) deliver(from jid.JID, id string, el *xmlstream.Element) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.m[from][id]
	if a == nil {
		return false
	}
	delete(w.m[from], id)
	if len(w.m[from]) == 0 {
		delete(w.m, from)
	}
	a.resp <- el.Clone() // buffered, and delivered once
	return true
}

// goneFor ends the wait of every request sent to full: its resource is
// disconnected.
func (w *awaitedIQs) goneFor(full jid.JID) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, a := range w.m[full] {
		close(a.gone)
		delete(w.m[full], id)
	}
	delete(w.m, full)
}

// strayResponse takes an IQ response a client session received without a
// SendIQ waiting for it: the answer, on a resumed stream, to a request
// forwarded before the drop. Others (answers to roster pushes, which are
// not waited for) are dropped, as RFC 6120 §8.2.3 lets a response that
// matches no request be.
func (s *Server) strayResponse(sess *xmpp.Session, st *xmpp.Stanza) {
	full := sess.RemoteAddr()
	if from := st.Header.From; !from.IsZero() && from != full && from != full.Bare() {
		return // not the client's to send: dropped as before
	}
	if st.Header.IQType() != stanza.ResultIQ && st.Header.IQType() != stanza.ErrorIQ {
		return
	}
	s.awaited.deliver(full, st.Header.ID, st.Element)
}
