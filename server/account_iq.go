package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/lastactivity"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// accountMuxes returns the handlers of requests the server answers for an
// account: the user's own (roster and discovery) and other users' (only
// discovery: an account's roster is its owner's business).
func (s *Server) accountMuxes() (own, other *mux.ServeMux) {
	last := mux.Get(lastactivity.Name, mux.IQResponderFunc(s.lastActivity))
	ownVCard, otherVCard := s.vcardRoutes()
	ownMAM, otherMAM := s.mamRoutes()
	ownPrivate, otherPrivate := s.privateRoutes()
	info := accountDisco(s.pep, s.archive)
	own = mux.New(info, last, ownVCard,
		mux.Get(rosterQueryName, mux.IQResponderFunc(s.rosterGet)),
		mux.Set(rosterQueryName, mux.IQResponderFunc(s.rosterSet)),
		s.blockingRoutes(), s.carbonsRoutes(), s.pepRoutes(), ownMAM, ownPrivate,
	)
	return own, mux.New(info, last, otherVCard, s.pepRoutes(), otherMAM, otherPrivate)
}

// rosterGet answers a roster get (RFC 6121 §2.1.3, with versioning §2.6)
// and makes the resource interested in roster pushes.
func (s *Server) rosterGet(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	q, _ := st.Element.Child(NSRoster, "query")
	ver, hasVer := q.AttrNS("", "ver")
	var answer xmlstream.Marshaler
	s.state.mu.Lock()
	res := s.state.sender(sess)
	if res != nil {
		answer = rosterAnswer(s.state.local(res.full), res, ver, hasVer)
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil, errGone
	}
	return answer, nil
}

// rosterSet answers a roster set (RFC 6121 §2.3, §2.5) and pushes the change.
func (s *Server) rosterSet(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	set, err := parseRosterSet(st.Element)
	if err != nil {
		return nil, err
	}
	var out outbox
	var written *storeWrite
	s.state.mu.Lock()
	res := s.state.sender(sess)
	if res != nil {
		a := s.state.local(res.full)
		before := a.lastWrite
		err = s.state.setRoster(a, set, &out)
		written = a.since(before)
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil, errGone
	}
	if err != nil {
		return nil, err
	}
	// Answered once the change is in the store (journal.go); the wait
	// holds up this session only.
	werr := written.wait()
	// The pushes, the sender's own included, go out before the result that
	// the mux writes when this returns.
	s.send(out)
	if werr != nil {
		return nil, errStore
	}
	return nil, nil
}

// errGone fails a request from a session that a newer one with the
// same resource replaced: it is on its way out, and its requests get
// service-unavailable rather than an answer about state it no longer owns.
var errGone = stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable, Text: "session replaced"}
