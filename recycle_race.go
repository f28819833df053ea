//go:build race

package xmpp

import "github.com/canto-im/xmpp/xmlstream"

// Recycling in race builds, which is how tests of concurrent code run:
// what the session takes back is poisoned instead of reused. Every element
// is overwritten in place (with its Children views) so that it reads as an
// empty element, and never handed out again, so that code still holding
// one past its lifetime (see Stanza) reads garbage deterministically and
// fails its tests, instead of reading the next stanza's data now and then.

// putElement takes back a received element: poisoned, never reused.
func putElement(el *xmlstream.Element) { el.Invalidate() }

// putStanza takes back a queued stanza: emptied, never reused.
func putStanza(st *Stanza) { *st = Stanza{} }

// negElement returns a fresh element for the session's own negotiation
// reads, poisoning the previous one.
func (s *Session) negElement() *xmlstream.Element {
	if s.negEl != nil {
		s.negEl.Invalidate()
	}
	s.negEl = new(xmlstream.Element)
	return s.negEl
}

// endNegotiation poisons the last negotiation element.
func (s *Session) endNegotiation() {
	if s.negEl != nil {
		s.negEl.Invalidate()
	}
	s.negEl = nil
}
