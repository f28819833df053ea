package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// IQ is the header of an <iq/> stanza (RFC 6120 §8.2.3): its attributes,
// without payload. Embed it in a struct that adds the payload element to use
// it with encoding/xml. An IQ must have an ID and a Type.
//
// XMLName.Space is the namespace WriteStart and WriteEmpty write it in; the
// empty namespace inherits the default namespace in scope (the stream's).
// encoding/xml takes the element name from the struct tag, so it always
// writes the element without a namespace (inheriting the stream's), and it
// fills XMLName on decoding only when the header is not embedded.
type IQ struct {
	XMLName xml.Name `xml:"iq"`
	ID      string   `xml:"id,attr,omitempty"`
	To      jid.JID  `xml:"to,attr"`
	From    jid.JID  `xml:"from,attr"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Type    IQType   `xml:"type,attr,omitempty"`
}

// name is the element name of iq as it is written.
func (iq *IQ) name() xml.Name { return xml.Name{Space: iq.XMLName.Space, Local: "iq"} }

// attrs sets a to the attributes of the header as they are written.
func (iq *IQ) attrs(a *xmlstream.StanzaAttrs) {
	setStanzaAttrs(a, iq.ID, iq.To, iq.From, iq.Lang, string(iq.Type))
}

// check reports what makes iq unfit to be sent.
func (iq *IQ) check() error {
	if !iq.Type.Valid() {
		return ErrInvalidType
	}
	if iq.ID == "" {
		return ErrMissingID
	}
	return nil
}

// StartElement returns the opening tag of iq.
func (iq IQ) StartElement() xml.StartElement {
	var a xmlstream.StanzaAttrs
	iq.attrs(&a)
	return startElement(iq.name(), &a)
}

// WriteStart writes the opening tag of iq to w, leaving it open for the
// payload; close it with w.End. It refuses an IQ without a valid type or id.
// It does not allocate.
func (iq IQ) WriteStart(w xmlstream.Encoder) error {
	if err := iq.check(); err != nil {
		return err
	}
	var a xmlstream.StanzaAttrs
	iq.attrs(&a)
	return w.StartStanza(iq.name(), &a)
}

// WriteEmpty writes iq as a complete element without payload, as most
// results are. It refuses an IQ without a valid type or id.
// (It is deliberately not WriteXML: a struct embedding the header would
// then be an xmlstream.Marshaler that writes the header alone and drops
// the payload.)
func (iq IQ) WriteEmpty(w xmlstream.Encoder) error {
	if err := iq.check(); err != nil {
		return err
	}
	var a xmlstream.StanzaAttrs
	iq.attrs(&a)
	return writeEmpty(w, iq.name(), &a)
}

// Result returns the header of the result to the request iq: addresses
// swapped, the same id and namespace, type result (RFC 6120 §8.2.3).
func (iq IQ) Result() IQ {
	return IQ{XMLName: iq.XMLName, ID: iq.ID, To: iq.From, From: iq.To, Type: ResultIQ}
}

// ErrorReply returns the header of an error reply to the request iq:
// addresses swapped, the same id and namespace, type error. Add the [Error]
// as its payload.
func (iq IQ) ErrorReply() IQ {
	return IQ{XMLName: iq.XMLName, ID: iq.ID, To: iq.From, From: iq.To, Type: ErrorIQ}
}

// Wrap returns a Marshaler that writes iq with payload as its only child
// (nil for none), for sending with a session:
//
//	s.Send(ctx, st.Header.IQ().Result().Wrap(answer))
func (iq IQ) Wrap(payload xmlstream.Marshaler) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := iq.WriteStart(w); err != nil {
			return err
		}
		if payload != nil {
			if err := payload.WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	})
}
