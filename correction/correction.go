package correction

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0308.
const NS = "urn:xmpp:message-correct:0"

// Name is the name of the <replace/> element.
var Name = xml.Name{Space: NS, Local: "replace"}

var (
	// ErrNoID is returned for a <replace/> without an id.
	ErrNoID = errors.New("correction: a replace without id")
	// ErrInvalid is returned by Parse for an element that is not a
	// <replace/> of this namespace.
	ErrInvalid = errors.New("correction: not a urn:xmpp:message-correct:0 <replace/>")
	// ErrSeveral is returned by Of for a message with more than one
	// <replace/>: which message it corrects is ambiguous.
	ErrSeveral = errors.New("correction: more than one replace in a message")
	// ErrNotSender is returned by Check for a correction that does not
	// come from the sender of the original (§4).
	ErrNotSender = errors.New("correction: not from the sender of the original message")
)

// Replace is the <replace/> of a correction: ID is the id of the message
// it corrects.
type Replace struct{ ID string }

// WriteXML writes r, refusing an empty ID with ErrNoID.
func (r Replace) WriteXML(w xmlstream.Encoder) error {
	if r.ID == "" {
		return ErrNoID
	}
	return w.EmptyElement(Name, xml.Attr{Name: xml.Name{Local: "id"}, Value: r.ID})
}

// Parse reads a <replace/>. Children are ignored.
func Parse(el *xmlstream.Element) (Replace, error) {
	if el.Name() != Name {
		return Replace{}, ErrInvalid
	}
	id := el.Attr("id")
	if id == "" {
		return Replace{}, ErrNoID
	}
	return Replace{ID: id}, nil
}

// Of returns the <replace/> of a received message: ok is false when it has
// none or is an error.
func Of(msg *xmlstream.Element) (r Replace, ok bool, err error) {
	if msg.Attr("type") == string(stanza.ErrorMessage) {
		return Replace{}, false, nil
	}
	var found *xmlstream.Element
	for c := range msg.Children() {
		if c.Name() != Name {
			continue
		}
		if found != nil {
			return Replace{}, false, ErrSeveral
		}
		found = c
	}
	if found == nil {
		return Replace{}, false, nil
	}
	r, err = Parse(found)
	return r, err == nil, err
}

// Check reports whether a correction sent by from may replace a message
// whose sender was original: only when both are the same, non-empty, full
// JID (see the package documentation). Otherwise it returns ErrNotSender,
// and the correction must be ignored (or shown as a message of its own).
func Check(from, original jid.JID) error {
	if from.IsZero() || from.Resourcepart() == "" || !from.Equal(original) {
		return ErrNotSender
	}
	return nil
}

// Correct returns a correction of the message with id id sent to to: a
// chat message with a new id, body as its new content, and the
// <replace/>. The application re-sends every payload of the original it
// wants to keep (§4): add them to the result's Payload.
func Correct(to jid.JID, id, body string) *message.Message {
	m := message.Chat(to, body)
	m.Payload = []xmlstream.Marshaler{Replace{ID: id}}
	return m
}
