package retraction

import (
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xtime"
)

// NS is the namespace of XEP-0424 and the feature a client that supports
// it advertises (§2); NSTombstone, the feature of an archive that keeps
// tombstones (§4). Name and RetractedName are its elements.
const (
	NS          = "urn:xmpp:message-retract:1"
	NSTombstone = NS + "#tombstone"
)

var (
	Name          = xml.Name{Space: NS, Local: "retract"}
	RetractedName = xml.Name{Space: NS, Local: "retracted"}
)

// Errors Parse and ParseRetracted give.
var (
	ErrNotRetraction = errors.New("retraction: not the expected urn:xmpp:message-retract:1 element")
	ErrNoID          = errors.New("retraction: missing, empty or oversized 'id'")
	ErrBadStamp      = errors.New("retraction: 'stamp' is not an XEP-0082 date and time")
)

// Retract is the <retract/> request (§3): forget the message whose id is ID.
type Retract struct{ ID string }

// Retracted is the tombstone an archive puts in place of a retracted
// message (§4).
type Retracted struct {
	ID    string    // the 'id' of the retraction's <message/>
	By    string    // who retracted it, for moderation (XEP-0425); "" for none
	Stamp time.Time // when; zero for none (written in UTC)
}

var (
	idAttr    = xml.Name{Local: "id"}
	byAttr    = xml.Name{Local: "by"}
	stampAttr = xml.Name{Local: "stamp"}
)

// WriteXML writes r; an empty ID gives ErrNoID.
func (r Retract) WriteXML(e xmlstream.Encoder) error {
	if r.ID == "" {
		return ErrNoID
	}
	return e.EmptyElement(Name, xml.Attr{Name: idAttr, Value: r.ID})
}

// Parse reads a <retract/>. Its id is bounded by stanzaid.MaxIDBytes.
func Parse(el *xmlstream.Element) (Retract, error) {
	if el.Name() != Name {
		return Retract{}, ErrNotRetraction
	}
	id, err := readID(el)
	return Retract{ID: id}, err
}

func readID(el *xmlstream.Element) (string, error) {
	id := el.Attr("id")
	if id == "" || len(id) > stanzaid.MaxIDBytes {
		return "", ErrNoID
	}
	return id, nil
}

// WriteXML writes t; an empty ID gives ErrNoID.
func (t Retracted) WriteXML(e xmlstream.Encoder) error {
	if t.ID == "" {
		return ErrNoID
	}
	var a [3]xml.Attr
	attr := append(a[:0], xml.Attr{Name: idAttr, Value: t.ID})
	if t.By != "" {
		attr = append(attr, xml.Attr{Name: byAttr, Value: t.By})
	}
	if !t.Stamp.IsZero() {
		attr = append(attr, xml.Attr{Name: stampAttr, Value: xtime.FormatDateTime(t.Stamp)})
	}
	return e.EmptyElement(RetractedName, attr...)
}

// ParseRetracted reads a <retracted/> tombstone. Its text, which the
// schema allows and nothing defines, is ignored.
func ParseRetracted(el *xmlstream.Element) (Retracted, error) {
	if el.Name() != RetractedName {
		return Retracted{}, ErrNotRetraction
	}
	id, err := readID(el)
	if err != nil {
		return Retracted{}, err
	}
	t := Retracted{ID: id, By: el.Attr("by")}
	if s, ok := el.AttrNS("", "stamp"); ok {
		if t.Stamp, err = xtime.ParseDateTime(s); err != nil {
			return Retracted{}, ErrBadStamp
		}
		t.Stamp = t.Stamp.UTC()
	}
	return t, nil
}
