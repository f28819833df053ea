package server

import (
	"context"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmlstream"
)

// The server keeps each account's vCard (XEP-0054) in memory, as the
// <vCard/> element the user last set: every child, known to the vcard
// package or not, is served back exactly. It is charged against
// Config.MaxVCardBytes by the bytes it takes written out.

// vcardRoutes returns the vCard routes of the account muxes: the user's own
// (get and set) and another user's (get; a set is forbidden, §2.2).
func (s *Server) vcardRoutes() (own, other mux.Option) {
	get := mux.Get(vcard.Name, mux.IQResponderFunc(s.vcardGet))
	own = mux.Options(get, mux.Set(vcard.Name, mux.IQResponderFunc(s.vcardSet)))
	return own, mux.Options(get, mux.Set(vcard.Name, mux.IQResponderFunc(vcardSetOther)))
}

// vcardGet answers a vCard get on an account's behalf (§2.1, §2.3). Anyone
// may read a vCard, as with the servers users know: §6 calls a published
// vCard world-readable. An account without one answers an empty <vCard/>
// to its owner (§2.1) and service-unavailable to others, the same answer
// as for an account that does not exist (§2.3).
func (s *Server) vcardGet(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	to := st.Header.To
	own := to.IsZero() || to == sess.RemoteAddr().Bare()
	if to.IsZero() {
		to = sess.RemoteAddr().Bare()
	}
	s.state.mu.Lock()
	var card *xmlstream.Element
	a := s.state.local(to)
	if a != nil {
		card = a.vcard
	}
	s.state.mu.Unlock()
	switch {
	case card != nil:
		return card, nil // never changed once stored: safe to write unlocked
	case own && a != nil:
		return vcard.Card{}, nil
	}
	return nil, stanza.NewError(stanza.ServiceUnavailable)
}

// vcardSet replaces the vCard of the account the session is logged in to
// (§2.2): the authenticated address decides, not what the stanza says. A
// vCard larger than the budget is refused with not-acceptable, nothing
// changed; an empty one removes the stored one.
func (s *Server) vcardSet(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	el, _ := st.Element.Child(vcard.NS, "vCard")
	size, err := writtenSize(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest}
	}
	var stored *xmlstream.Element
	if _, any := el.FirstChild(); any || el.Text() != "" {
		stored = el.Clone()
	} else {
		size = 0
	}
	var b []byte
	if stored != nil {
		if b, err = marshal(stored); err != nil {
			return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest}
		}
	}
	s.state.mu.Lock()
	a := s.state.local(sess.RemoteAddr())
	switch {
	case a == nil:
		s.state.mu.Unlock()
		return nil, errGone
	case size > s.state.lim.vcardBytes:
		s.state.mu.Unlock()
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.NotAcceptable, Text: "vCard too large"}
	}
	user := a.bare.Localpart()
	s.state.write(a, "vCard", func(ctx context.Context, st store.Store) error { return st.SetVCard(ctx, user, b) })
	written := a.lastWrite
	a.vcard, a.vcardBytes = stored, size
	s.state.mu.Unlock()
	// Answered once the card is in the store, waiting outside the lock
	// (journal.go); a refusal leaves the new card in memory only.
	if written.wait() != nil {
		return nil, errStore
	}
	return nil, nil
}

// vcardSetOther refuses a set on another user's vCard (§2.2).
func vcardSetOther(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
	return nil, stanza.NewError(stanza.Forbidden)
}

// writtenSize returns the bytes el takes when the server writes it.
func writtenSize(el *xmlstream.Element) (int, error) {
	var n byteCounter
	w := xmlstream.NewWriter(&n)
	if err := el.WriteXML(w.Encoder()); err != nil {
		return 0, err
	}
	err := w.Flush()
	return int(n), err
}

// byteCounter is an io.Writer that only counts.
type byteCounter int

func (c *byteCounter) Write(p []byte) (int, error) {
	*c += byteCounter(len(p))
	return len(p), nil
}
