//go:build !race

package xmpp

import "github.com/canto-im/xmpp/xmlstream"

// Recycling in normal builds: what the session takes back is reused. See
// recycle_race.go for race builds.

// putElement takes back a received element (see getElement).
func putElement(el *xmlstream.Element) { elementPool.Put(el) }

// putStanza takes back a queued stanza once its handler returned.
func putStanza(st *Stanza) {
	*st = Stanza{}
	stanzaPool.Put(st)
}

// negElement returns the element the session reads its own negotiation
// elements into, taking back the previous one. It comes from the pool the
// read loop's elements come from, with the storage an earlier element grew,
// rather than kept in the Session, which it would make a size class larger
// for as long as the stream lasts; a new one would allocate that storage
// again in every negotiation.
func (s *Session) negElement() *xmlstream.Element {
	if s.negEl == nil {
		s.negEl = getElement()
	}
	return s.negEl
}

// endNegotiation gives the negotiation element back to the pool for good:
// like the elements handlers are lent, it was lent to the features only
// until their calls returned.
func (s *Session) endNegotiation() {
	if s.negEl != nil {
		putElement(s.negEl)
		s.negEl = nil
	}
}
