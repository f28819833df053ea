package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Presence is the header of a <presence/> stanza (RFC 6120 §8.2.2): its
// attributes, without payload. Embed it in a struct that adds the payload
// fields (show, status, priority, extensions) to use it with encoding/xml.
//
// XMLName.Space is the namespace WriteStart and WriteEmpty write it in; the
// empty namespace inherits the default namespace in scope (the stream's).
// encoding/xml takes the element name from the struct tag, so it always
// writes the element without a namespace (inheriting the stream's), and it
// fills XMLName on decoding only when the header is not embedded.
type Presence struct {
	XMLName xml.Name     `xml:"presence"`
	ID      string       `xml:"id,attr,omitempty"`
	To      jid.JID      `xml:"to,attr"`
	From    jid.JID      `xml:"from,attr"`
	Lang    string       `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Type    PresenceType `xml:"type,attr,omitempty"`
}

// name is the element name of p as it is written.
func (p *Presence) name() xml.Name { return xml.Name{Space: p.XMLName.Space, Local: "presence"} }

// attrs sets a to the attributes of the header as they are written.
func (p *Presence) attrs(a *xmlstream.StanzaAttrs) {
	setStanzaAttrs(a, p.ID, p.To, p.From, p.Lang, string(p.Type))
}

// StartElement returns the opening tag of p.
func (p Presence) StartElement() xml.StartElement {
	var a xmlstream.StanzaAttrs
	p.attrs(&a)
	return startElement(p.name(), &a)
}

// WriteStart writes the opening tag of p to w, leaving it open for the
// payload; close it with w.End. It does not allocate.
func (p Presence) WriteStart(w xmlstream.Encoder) error {
	if !p.Type.Valid() {
		return ErrInvalidType
	}
	var a xmlstream.StanzaAttrs
	p.attrs(&a)
	return w.StartStanza(p.name(), &a)
}

// WriteEmpty writes p as a complete presence without payload.
// (It is deliberately not WriteXML: a struct embedding the header would
// then be an xmlstream.Marshaler that writes the header alone and drops
// the payload.)
func (p Presence) WriteEmpty(w xmlstream.Encoder) error {
	if !p.Type.Valid() {
		return ErrInvalidType
	}
	var a xmlstream.StanzaAttrs
	p.attrs(&a)
	return writeEmpty(w, p.name(), &a)
}

// ErrorReply returns the header of an error reply to p: addresses swapped,
// the same id and namespace, type error. Add the [Error] as its payload.
func (p Presence) ErrorReply() Presence {
	return Presence{XMLName: p.XMLName, ID: p.ID, To: p.From, From: p.To, Type: ErrorPresence}
}

// Wrap returns a Marshaler that writes p with payload as its children, in
// order (nil entries are skipped), for sending with a session:
//
//	s.Send(ctx, stanza.Presence{}.Wrap(show, status))
func (p Presence) Wrap(payload ...xmlstream.Marshaler) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := p.WriteStart(w); err != nil {
			return err
		}
		return writePayload(w, payload)
	})
}

// writePayload writes the children of a wrapped stanza and closes it.
func writePayload(w xmlstream.Encoder, payload []xmlstream.Marshaler) error {
	for _, m := range payload {
		if m == nil {
			continue
		}
		if err := m.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}
