package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// accountMuxes returns the handlers of requests the server answers for an
// account: the user's own (roster and discovery) and other users' (only
// discovery: an account's roster is its owner's business).
func (s *Server) accountMuxes() (own, other *mux.ServeMux) {
	own = mux.New(accountDisco(),
		mux.IQFunc(stanza.GetIQ, rosterQueryName, s.rosterGet),
		mux.IQFunc(stanza.SetIQ, rosterQueryName, s.rosterSet),
	)
	return own, mux.New(accountDisco())
}

// rosterGet answers a roster get (RFC 6121 §2.1.3) and makes the resource
// interested in roster pushes.
func (s *Server) rosterGet(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	var items []rosterItem
	s.state.mu.Lock()
	res := s.state.sender(sess)
	if res != nil {
		res.interested = true
		for _, it := range s.state.local(res.full).sortedItems() {
			items = append(items, *it)
		}
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil
	}
	return sess.Send(ctx, rosterResult{iq: st.Header.IQ().Result(), items: items})
}

// rosterSet answers a roster set (RFC 6121 §2.3, §2.5) and pushes the change.
func (s *Server) rosterSet(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	set, err := parseRosterSet(st.Element)
	if err != nil {
		return err
	}
	var out outbox
	s.state.mu.Lock()
	res := s.state.sender(sess)
	if res != nil {
		err = s.state.setRoster(s.state.local(res.full), set, &out)
	}
	s.state.mu.Unlock()
	if res == nil {
		return nil
	}
	if err != nil {
		return err
	}
	if err := sess.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty)); err != nil {
		return err
	}
	s.send(out)
	return nil
}
