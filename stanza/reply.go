package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// WriteErrorReply writes the error reply to the received stanza orig
// (RFC 6120 §8.3.1): the same kind, namespace and id, to set to orig's from
// and from set to orig's to, type error, holding e. The original payload is
// not included (use [WriteErrorReplyWithPayload] for that).
//
// It returns ErrNotStanza if orig is not a stanza, and ErrNoReply if orig is
// an error or an IQ result, which must never be answered with an error.
func WriteErrorReply(w xmlstream.Encoder, orig *xmlstream.Element, e Error) error {
	return writeErrorReply(w, orig, &e, false)
}

// WriteErrorReplyWithPayload is like [WriteErrorReply] but first copies the
// child elements of orig into the reply, as RFC 6120 §8.3.1 allows, so that
// the sender can tell which request failed.
func WriteErrorReplyWithPayload(w xmlstream.Encoder, orig *xmlstream.Element, e Error) error {
	return writeErrorReply(w, orig, &e, true)
}

func writeErrorReply(w xmlstream.Encoder, orig *xmlstream.Element, e *Error, payload bool) error {
	name := orig.Name()
	k, ok := KindOf(name)
	if !ok {
		return ErrNotStanza
	}
	if typ := orig.Attr("type"); typ == "error" || k == KindIQ && typ == string(ResultIQ) {
		return ErrNoReply
	}
	var buf [4]xml.Attr
	if err := w.Start(name, replyAttrs(buf[:0], orig)...); err != nil {
		return err
	}
	if payload {
		if err := copyPayload(w, orig); err != nil {
			return err
		}
	}
	if err := e.writeIn(w, name.Space); err != nil {
		return err
	}
	return w.End()
}

// replyAttrs appends the attributes of an error reply to orig.
func replyAttrs(dst []xml.Attr, orig *xmlstream.Element) []xml.Attr {
	if id, ok := orig.AttrNS("", "id"); ok {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "id"}, Value: id})
	}
	if from, ok := orig.AttrNS("", "from"); ok {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "to"}, Value: from})
	}
	if to, ok := orig.AttrNS("", "to"); ok {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "from"}, Value: to})
	}
	return append(dst, xml.Attr{Name: xml.Name{Local: "type"}, Value: "error"})
}

// copyPayload writes the child elements of orig.
func copyPayload(w xmlstream.Encoder, orig *xmlstream.Element) error {
	for c := range orig.Children() {
		if err := c.WriteXML(w); err != nil {
			return err
		}
	}
	return nil
}
