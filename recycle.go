//go:build !race

package xmpp

import "github.com/canto-im/xmpp/xmlstream"

// Recycling in normal builds: what the session takes back is reused. See
// recycle_race.go for race builds.

// putElement takes back a received element (see getElement).
func putElement(el *xmlstream.Element) { keepElement(el) }

// putStanza takes back a queued stanza once its handler returned.
func putStanza(st *Stanza) {
	*st = Stanza{}
	// Read first: cores that find the spare taken then share its cache
	// line, where a CompareAndSwap would take it from the others each time.
	if spareStanza.Load() != nil || !spareStanza.CompareAndSwap(nil, st) {
		stanzaPool.Put(st)
	}
}

// negElement returns the element the session reads its own negotiation
// elements into, taking back the previous one. It is allocated once per
// session rather than kept in the Session, which it would make a size
// class larger for as long as the stream lasts.
func (s *Session) negElement() *xmlstream.Element {
	if s.negEl == nil {
		s.negEl = xmlstream.NewElement()
	}
	return s.negEl
}

// endNegotiation takes back the negotiation element for good, releasing
// its storage.
func (s *Session) endNegotiation() {
	s.negEl = nil
}
