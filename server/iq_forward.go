package server

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// maxForwardedIQs bounds the requests one resource may have forwarded and
// waiting for their responses; beyond it requests are refused with
// resource-constraint (each waiting request holds a goroutine until its
// response or Config.IQTimeout).
const maxForwardedIQs = 64

// forwardIQ passes a request to the resource it is for, through that
// resource's delivery queue, and its response back through the
// requester's: the requester's handler returns at once and never waits on
// the target's socket. The session gives a handler only requests: a
// response reaches the server only as the answer to its own SendIQ. So the
// request goes out as the server's own, under a fresh id (two senders may
// use the same one), and the response is re-encoded for the requester with
// the original id.
func (s *Server) forwardIQ(_ context.Context, sess *xmpp.Session, target *resource, st *xmpp.Stanza) error {
	s.state.mu.Lock()
	from := s.state.sender(sess)
	to := s.state.connected(st.Header.To)
	s.state.mu.Unlock()
	if from == nil {
		return nil // the requester is gone
	}
	if to == nil || to != target {
		return stanza.NewError(stanza.ServiceUnavailable) // §8.5.3.2.3
	}
	if from.iqs.Add(1) > maxForwardedIQs {
		from.iqs.Add(-1)
		return stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "too many requests waiting"}
	}
	f := &forwardedIQ{requester: from, h: st.Header, el: st.Element.Clone(), name: st.Element.Name()}
	s.enqueue(to, queued{m: f, size: f.el.Size() + smallStanza, fail: f})
	return nil
}

// forwardedIQ is a request in the target's delivery queue, and the failure
// that answers it if it cannot be written.
type forwardedIQ struct {
	requester *resource
	h         stanza.Header
	el        *xmlstream.Element // the request, until it is written
	name      xml.Name           // the request's name, for an error answer
}

// WriteXML writes the request's payload; the queue writes the request with
// writeTo instead.
func (f *forwardedIQ) WriteXML(w xmlstream.Encoder) error { return writeChildren(w, f.el) }

// writeTo sends the request from a goroutine that then waits for the
// response, and returns once the request is written (so that the queue's
// order holds) or could not be.
func (f *forwardedIQ) writeTo(_ context.Context, s *Server, sess *xmpp.Session) error {
	h := f.h
	iq := stanza.IQ{ID: stanza.NewID(), To: h.To, From: h.From, Lang: h.Lang, Type: stanza.IQType(h.Type)}
	written := make(chan struct{})
	unwritten := make(chan error, 1)
	el := f.el
	payload := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		defer close(written)
		return writeChildren(w, el)
	})
	full := sess.RemoteAddr()
	started := s.goTracked(func() {
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.IQTimeout)
		defer cancel()
		// Awaited before it is sent: a response may come on a resumed
		// session as soon as the request is out (iq_awaited.go).
		w := s.awaited.add(full, iq.ID)
		defer s.awaited.remove(full, iq.ID)
		resp, err := sess.SendIQ(ctx, iq, payload)
		select {
		case <-written:
		default:
			unwritten <- err // the queue answers it
			return
		}
		if resp == nil && errors.Is(err, xmpp.ErrClosed) && s.sm.Detached(sess) {
			// XEP-0198: the stream is kept for resumption, and the
			// request with it; the response comes on the session that
			// resumes it, or the resource goes when the window ends.
			select {
			case resp = <-w.resp:
				err = nil
			case <-w.gone:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		f.answered(s, resp, err)
	})
	if !started {
		return ErrClosed
	}
	select {
	case <-written:
		// While the response is awaited (up to IQTimeout) only the
		// request's name and id are kept.
		f.el = nil
		return nil
	case err := <-unwritten:
		return err
	}
}

// answered passes the response (or the failure to get one) back to the
// requester, if it is still there (RFC 6120 §8.5.3.2.3 lets a response
// to a resource that is gone be dropped).
func (f *forwardedIQ) answered(s *Server, resp *xmlstream.Element, err error) {
	defer f.requester.iqs.Add(-1)
	h := f.h
	if resp != nil {
		m := stamped{el: resp, from: h.To, to: h.From, id: h.ID}
		if !fitsClients(m, clientMaxElementBytes-stanzaHeadroom) {
			// The requester's client would have to refuse it and end its
			// stream: it gets an error in place of the response.
			s.guard.oversize.Add(1)
			s.replyLaterError(f.requester, f.errorReply(stanza.Error{Type: stanza.Modify, Condition: stanza.PolicyViolation, Text: "response too large"}))
			return
		}
		s.enqueue(f.requester, queued{m: m, size: resp.Size() + smallStanza})
		return
	}
	if s.ctx.Err() != nil {
		return // shutting down
	}
	se := stanza.NewError(stanza.ServiceUnavailable) // the target's session ended
	if errors.Is(err, context.DeadlineExceeded) {
		se = stanza.Error{Type: stanza.Wait, Condition: stanza.RecipientUnavailable, Text: "no response"}
	}
	s.replyLaterError(f.requester, f.errorReply(se))
}

// errorReply answers the request with se.
func (f *forwardedIQ) errorReply(se stanza.Error) errorReply {
	// To the request's 'from': the requester's full JID for a client, the
	// address at its domain that sent it for a component.
	return errorReply{name: f.name, id: f.h.ID, from: f.h.To, to: f.h.From, err: se}
}

func (f *forwardedIQ) failed(s *Server, c stanza.Condition) {
	f.requester.iqs.Add(-1)
	s.replyLaterError(f.requester, f.errorReply(stanza.NewError(c)))
}

func (*forwardedIQ) delivered() {}
