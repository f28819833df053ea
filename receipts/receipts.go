package receipts

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0184.
const NS = "urn:xmpp:receipts"

// Names of the two elements of the protocol (§7).
var (
	RequestName  = xml.Name{Space: NS, Local: "request"}
	ReceivedName = xml.Name{Space: NS, Local: "received"}
)

// ErrNoID is returned for a <received/> without an id (§7 requires one),
// and by SendWithReceipt for a message without an id.
var ErrNoID = errors.New("receipts: no id")

// ErrInvalid is returned by ParseReceived for an element that is not a
// <received/> of this namespace.
var ErrInvalid = errors.New("receipts: not a urn:xmpp:receipts <received/>")

// Request is the <request/> a sender adds to a message to ask for a receipt.
type Request struct{}

// WriteXML writes <request xmlns='urn:xmpp:receipts'/>.
func (Request) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(RequestName) }

// Received is the <received/> of an ack message: ID is the id of the
// message it acknowledges.
type Received struct{ ID string }

// WriteXML writes r, refusing an empty ID with ErrNoID.
func (r Received) WriteXML(w xmlstream.Encoder) error {
	if r.ID == "" {
		return ErrNoID
	}
	return w.EmptyElement(ReceivedName, xml.Attr{Name: xml.Name{Local: "id"}, Value: r.ID})
}

// ParseReceived reads a <received/>. Children are ignored.
func ParseReceived(el *xmlstream.Element) (Received, error) {
	if el.Name() != ReceivedName {
		return Received{}, ErrInvalid
	}
	id := el.Attr("id")
	if id == "" {
		return Received{}, ErrNoID
	}
	return Received{ID: id}, nil
}
