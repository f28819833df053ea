package hints

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0334.
const NS = "urn:xmpp:hints"

// Hint is one of the hints of XEP-0334 §4, by its element's local name.
type Hint string

// The hints of XEP-0334 §4.
const (
	// NoPermanentStore: keep no permanent or semi-permanent record (no
	// archive, no log); storing for later delivery is fine (§4.1).
	NoPermanentStore Hint = "no-permanent-store"
	// NoStore: do not store at all, not even for offline delivery (§4.2).
	NoStore Hint = "no-store"
	// NoCopy: do not copy to other addresses than the one the message is
	// for, for example as carbons; only for messages to full JIDs (§4.3).
	NoCopy Hint = "no-copy"
	// Store: store the message even though storage rules would skip it
	// (§4.4).
	Store Hint = "store"
)

// ErrUnknown refuses an element that is not one of the four hints.
var ErrUnknown = errors.New("hints: not a urn:xmpp:hints hint")

// Name returns the name of h's element.
func (h Hint) Name() xml.Name { return xml.Name{Space: NS, Local: string(h)} }

// known reports whether h is one of the hints of §4.
func (h Hint) known() bool {
	switch h {
	case NoPermanentStore, NoStore, NoCopy, Store:
		return true
	}
	return false
}

// WriteXML writes h as its empty element; an unknown hint gives
// [ErrUnknown] and writes nothing.
func (h Hint) WriteXML(e xmlstream.Encoder) error {
	if !h.known() {
		return ErrUnknown
	}
	return e.EmptyElement(h.Name())
}

// Parse reads a hint element. Content is ignored: the schema has none.
func Parse(el *xmlstream.Element) (Hint, error) {
	name := el.Name()
	h := Hint(name.Local)
	if name.Space != NS || !h.known() {
		return "", ErrUnknown
	}
	return h, nil
}

// Has reports whether the message msg carries hint h. Hints in a message
// of type error are ignored (XEP-0334 §5), so Has is false for those.
func Has(msg *xmlstream.Element, h Hint) bool {
	if msg.Attr("type") == "error" || !h.known() {
		return false
	}
	_, ok := msg.Child(NS, string(h))
	return ok
}
