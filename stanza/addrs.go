package stanza

import (
	"hash/maphash"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Addrs remembers, for one reader of a stream, the to and from addresses
// that recur on its stanzas, parsed: every stanza a client receives is
// addressed to it, and replies come from the entity asked. Comparing an
// address with the remembered one costs a fraction of parsing it again
// (PRECIS, or the ASCII fast path that proves it unneeded). A value is
// remembered once it came twice in a row, in a copy of its own, so that a
// stream whose addresses all differ allocates nothing more and no
// remembered address holds a received element's storage. An Addrs is 32
// bytes, as it is part of every session. The zero value is ready for use;
// an Addrs must not be used by several goroutines at once.
type Addrs struct {
	to, from lastAddr
}

// lastAddr is what one address attribute last held.
type lastAddr struct {
	r    *remembered // nil for none
	miss uint32      // hash of the last value that was not r's
}

// remembered is an address value (a copy) and its JID.
type remembered struct {
	raw string
	j   jid.JID
}

var addrSeed = maphash.MakeSeed()

// ParseHeader is [ParseHeader], taking a to or from address equal to the
// one a remembers for that attribute from it instead of parsing it again.
// Parsing depends on the string alone, so the result is the same.
func (a *Addrs) ParseHeader(e *xmlstream.Element) (Header, error) {
	var h Header
	err := parseHeader(e, a, &h)
	return h, err
}

// ParseHeaderInto is [Addrs.ParseHeader] into *h, which it overwrites, for
// a caller that keeps the Header in storage of its own: a Header returned
// costs two copies of its 120 bytes on the way.
func (a *Addrs) ParseHeaderInto(e *xmlstream.Element, h *Header) error {
	return parseHeader(e, a, h)
}

// into sets *j to the JID remembered for s, reporting whether there is
// one. l may be nil (nothing remembered).
func (l *lastAddr) into(j *jid.JID, s string) bool {
	if l != nil {
		if r := l.r; r != nil && r.raw == s {
			*j = r.j
			return true
		}
	}
	return false
}

// missed notes s, a valid address that lookup did not have: remembered if
// it is the value that missed last time too.
func (l *lastAddr) missed(s string) {
	h := uint32(maphash.String(addrSeed, s))
	if h != l.miss {
		l.miss = h
		return
	}
	raw := strings.Clone(s)
	j, err := jid.Parse(raw) // shares raw, not the element, when normalised
	if err != nil {
		return // cannot happen: s parsed
	}
	l.r, l.miss = &remembered{raw: raw, j: j}, 0
}
