package pubsub

import (
	"bytes"
	"encoding/xml"
	"fmt"

	"github.com/canto-im/xmpp/xmlstream"
)

// Item is one published item (XEP-0060 §6.5, §7.1).
type Item struct {
	ID string // the item's id; empty lets the service choose on publish
	// Publisher is the publisher's JID when the service says (§12.13);
	// only events and item results carry it.
	Publisher string
	// Payload is the item's content: an element the application writes
	// when publishing. A parsed item holds a *xmlstream.Element it owns
	// (a clone), or nil when the item has no payload.
	Payload xmlstream.Marshaler
}

// Element returns the parsed payload, or nil if there is none or the
// payload was not parsed.
func (it Item) Element() *xmlstream.Element {
	el, _ := it.Payload.(*xmlstream.Element)
	return el
}

// Equal reports whether two items have the same id, publisher and payload
// (compared by what they write).
func (it Item) Equal(o Item) bool {
	if it.ID != o.ID || it.Publisher != o.Publisher || (it.Payload == nil) != (o.Payload == nil) {
		return false
	}
	if it.Payload == nil {
		return true
	}
	a, err1 := marshalString(it.Payload)
	b, err2 := marshalString(o.Payload)
	return err1 == nil && err2 == nil && a == b
}

func marshalString(m xmlstream.Marshaler) (string, error) {
	var buf bytes.Buffer
	w := xmlstream.NewWriter(&buf)
	if err := m.WriteXML(w.Encoder()); err != nil {
		return "", err
	}
	err := w.Flush()
	return buf.String(), err
}

// writeItem writes it as <item/> in namespace ns.
func (it Item) writeXML(e xmlstream.Encoder, ns string) error {
	attrs := make([]xml.Attr, 0, 2)
	if it.ID != "" {
		attrs = append(attrs, attr("id", it.ID))
	}
	if it.Publisher != "" {
		attrs = append(attrs, attr("publisher", it.Publisher))
	}
	name := xml.Name{Space: ns, Local: "item"}
	if it.Payload == nil {
		return e.EmptyElement(name, attrs...)
	}
	return e.Element(name, attrs, it.Payload.WriteXML)
}

// parseItem reads an <item/>: its attributes and its first child (§7.1.1:
// one payload element), cloned so that it outlives el.
func parseItem(el *xmlstream.Element) (Item, error) {
	it := Item{ID: el.Attr("id"), Publisher: el.Attr("publisher")}
	n := 0
	for c := range el.Children() {
		if n++; n > 1 {
			return Item{}, fmt.Errorf("%w: item %q has more than one payload", ErrInvalid, it.ID)
		}
		it.Payload = c.Clone()
	}
	return it, nil
}
