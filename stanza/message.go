package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Message is the header of a <message/> stanza (RFC 6120 §8.2.1): its
// attributes, without payload. Embed it in a struct that adds the payload
// fields to decode or encode whole messages with encoding/xml.
//
// XMLName.Space is the namespace WriteStart and WriteEmpty write it in; the
// empty namespace inherits the default namespace in scope (the stream's).
// encoding/xml takes the element name from the struct tag, so it always
// writes the element without a namespace (inheriting the stream's), and it
// fills XMLName on decoding only when the header is not embedded.
type Message struct {
	XMLName xml.Name    `xml:"message"`
	ID      string      `xml:"id,attr,omitempty"`
	To      jid.JID     `xml:"to,attr"`
	From    jid.JID     `xml:"from,attr"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Type    MessageType `xml:"type,attr,omitempty"`
}

// name is the element name of m as it is written.
func (m *Message) name() xml.Name { return xml.Name{Space: m.XMLName.Space, Local: "message"} }

// attrs sets a to the attributes of the header as they are written.
func (m *Message) attrs(a *xmlstream.StanzaAttrs) {
	setStanzaAttrs(a, m.ID, m.To, m.From, m.Lang, string(m.Type))
}

// StartElement returns the opening tag of m, for use with an xml.Encoder or
// an xmlstream.Writer's EncodeToken.
func (m Message) StartElement() xml.StartElement {
	var a xmlstream.StanzaAttrs
	m.attrs(&a)
	return startElement(m.name(), &a)
}

// WriteStart writes the opening tag of m to w, leaving it open for the
// payload; close it with w.End. It does not allocate.
func (m Message) WriteStart(w xmlstream.Encoder) error {
	if !m.Type.Valid() {
		return ErrInvalidType
	}
	var a xmlstream.StanzaAttrs
	m.attrs(&a)
	return w.StartStanza(m.name(), &a)
}

// WriteEmpty writes m as a complete message without payload.
// (It is deliberately not WriteXML: a struct embedding the header would
// then be an xmlstream.Marshaler that writes the header alone and drops
// the payload.)
func (m Message) WriteEmpty(w xmlstream.Encoder) error {
	if !m.Type.Valid() {
		return ErrInvalidType
	}
	var a xmlstream.StanzaAttrs
	m.attrs(&a)
	return writeEmpty(w, m.name(), &a)
}

// ErrorReply returns the header of an error reply to m: addresses swapped,
// the same id and namespace, type error. Add the [Error] as its payload.
func (m Message) ErrorReply() Message {
	return Message{XMLName: m.XMLName, ID: m.ID, To: m.From, From: m.To, Type: ErrorMessage}
}

// Wrap returns a Marshaler that writes m with payload as its children, in
// order (nil entries are skipped), for sending with a session:
//
//	s.Send(ctx, stanza.Message{To: to, Type: stanza.ChatMessage}.Wrap(body, thread))
func (m Message) Wrap(payload ...xmlstream.Marshaler) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := m.WriteStart(w); err != nil {
			return err
		}
		return writePayload(w, payload)
	})
}
