package stanzaid

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0359; OriginIDName and StanzaIDName, its
// elements.
const NS = "urn:xmpp:sid:0"

var (
	OriginIDName = xml.Name{Space: NS, Local: "origin-id"}
	StanzaIDName = xml.Name{Space: NS, Local: "stanza-id"}
)

// Errors for what §3 forbids.
var (
	ErrNotSID  = errors.New("stanzaid: not an urn:xmpp:sid:0 element of the expected name")
	ErrNoID    = errors.New("stanzaid: missing or empty 'id'") // rule 6
	ErrNoBy    = errors.New("stanzaid: <stanza-id/> without a valid 'by'")
	ErrContent = errors.New("stanzaid: element or text inside an id element") // rule 6
)

// MaxIDBytes bounds an id Parse accepts. §2 recommends UUIDs (36 bytes);
// a peer that sends more than this is not identifying a message.
const MaxIDBytes = 256

// OriginID is the <origin-id/> a sending client adds (§2.2).
type OriginID struct{ ID string }

// StanzaID is the <stanza-id/> an archiving or reflecting entity adds
// (§2.1): ID is unique and stable within By.
type StanzaID struct {
	ID string
	By jid.JID
}

var (
	// The tags of the two markers, whose names are checked once here:
	// each write checks only the values.
	originIDTag = mustTag(xmlstream.NewEmptyTag(OriginIDName, "id"))
	stanzaIDTag = mustTag(xmlstream.NewEmptyTag(StanzaIDName, "id", "by"))
)

func mustTag(t *xmlstream.EmptyTag, err error) *xmlstream.EmptyTag {
	if err != nil {
		panic(err) // constant names: a test fails first
	}
	return t
}

// WriteXML writes o; an empty ID gives ErrNoID.
func (o OriginID) WriteXML(e xmlstream.Encoder) error {
	if o.ID == "" {
		return ErrNoID
	}
	return e.EmptyTag(originIDTag, o.ID)
}

// WriteXML writes s; an empty ID gives ErrNoID, a zero By ErrNoBy.
func (s StanzaID) WriteXML(e xmlstream.Encoder) error {
	if s.ID == "" {
		return ErrNoID
	}
	if s.By.IsZero() {
		return ErrNoBy
	}
	return e.EmptyTag(stanzaIDTag, s.ID, s.By.String())
}

// ParseOriginID reads an <origin-id/>.
func ParseOriginID(el *xmlstream.Element) (OriginID, error) {
	id, err := readID(el, OriginIDName)
	return OriginID{ID: id}, err
}

// ParseStanzaID reads a <stanza-id/>; its 'by' must be a valid JID, which
// comes back normalised.
func ParseStanzaID(el *xmlstream.Element) (StanzaID, error) {
	id, err := readID(el, StanzaIDName)
	if err != nil {
		return StanzaID{}, err
	}
	by, err := jid.Parse(el.Attr("by"))
	if err != nil || by.IsZero() {
		return StanzaID{}, ErrNoBy
	}
	return StanzaID{ID: id, By: by}, nil
}

func readID(el *xmlstream.Element, name xml.Name) (string, error) {
	if el.Name() != name {
		return "", ErrNotSID
	}
	id := el.Attr("id")
	if id == "" || len(id) > MaxIDBytes {
		return "", ErrNoID
	}
	if _, ok := el.FirstChild(); ok || el.Text() != "" {
		return "", ErrContent
	}
	return id, nil
}
