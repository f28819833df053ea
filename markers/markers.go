package markers

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0333.
const NS = "urn:xmpp:chat-markers:0"

// MarkableName is the name of the <markable/> element.
var MarkableName = xml.Name{Space: NS, Local: "markable"}

// Kind is the kind of a marker. The zero Kind is none.
type Kind uint8

// The kinds of marker. Only Displayed remains in version 1.0.0 (see the
// package documentation).
const (
	Received     Kind = iota + 1 // the message reached a client (before 0.5.0)
	Displayed                    // the message was displayed to the user
	Acknowledged                 // the user acted on the message (before 0.5.0)
)

var kinds = [...]string{Received: "received", Displayed: "displayed", Acknowledged: "acknowledged"}

// String returns the element name of k, or "" for none.
func (k Kind) String() string {
	if int(k) < len(kinds) {
		return kinds[k]
	}
	return ""
}

var (
	// ErrNoID is returned for a marker without an id (§4.2 requires one).
	ErrNoID = errors.New("markers: a marker without id")
	// ErrInvalid is returned for an element that is not a marker.
	ErrInvalid = errors.New("markers: not a chat marker")
	// ErrSeveral is returned by Of for a message with more than one marker.
	ErrSeveral = errors.New("markers: more than one marker in a message")
)

// Markable is the <markable/> a sender adds to a message that it wants
// markers for.
type Markable struct{}

// WriteXML writes <markable xmlns='urn:xmpp:chat-markers:0'/>.
func (Markable) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(MarkableName) }

// IsMarkable reports whether a received message carries <markable/> (and
// is not an error), that is whether it may be answered with a marker.
func IsMarkable(msg *xmlstream.Element) bool {
	if msg.Attr("type") == string(stanza.ErrorMessage) {
		return false
	}
	_, ok := msg.Child(NS, MarkableName.Local)
	return ok
}

// Marker is a <displayed/> (or <received/>, <acknowledged/>): the message
// with id ID reached that point.
type Marker struct {
	Kind Kind
	ID   string
}

// WriteXML writes m, refusing a marker without kind (ErrInvalid) or id
// (ErrNoID).
func (m Marker) WriteXML(w xmlstream.Encoder) error {
	name := m.Kind.String()
	if name == "" {
		return ErrInvalid
	}
	if m.ID == "" {
		return ErrNoID
	}
	return w.EmptyElement(xml.Name{Space: NS, Local: name}, xml.Attr{Name: xml.Name{Local: "id"}, Value: m.ID})
}

// name is the element name of m.
func (m Marker) name() xml.Name { return xml.Name{Space: NS, Local: m.Kind.String()} }

// Parse reads a marker element. Children are ignored.
func Parse(el *xmlstream.Element) (Marker, error) {
	n := el.Name()
	if n.Space != NS {
		return Marker{}, ErrInvalid
	}
	for k := Received; k <= Acknowledged; k++ {
		if n.Local == kinds[k] {
			id := el.Attr("id")
			if id == "" {
				return Marker{}, ErrNoID
			}
			return Marker{Kind: k, ID: id}, nil
		}
	}
	return Marker{}, ErrInvalid
}

// Of returns the marker a received message carries: ok is false when it
// carries none or is an error. A message with two markers gives ErrSeveral.
func Of(msg *xmlstream.Element) (m Marker, ok bool, err error) {
	if msg.Attr("type") == string(stanza.ErrorMessage) {
		return Marker{}, false, nil
	}
	var found *xmlstream.Element
	for c := range msg.Children() {
		if c.Name().Space != NS || c.Name().Local == MarkableName.Local {
			continue
		}
		if found != nil {
			return Marker{}, false, ErrSeveral
		}
		found = c
	}
	if found == nil {
		return Marker{}, false, nil
	}
	m, err = Parse(found)
	return m, err == nil, err
}
