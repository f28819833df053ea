package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// langName is the resolved name of the xml:lang attribute.
var langName = xml.Name{Space: nsXML, Local: "lang"}

// setStanzaAttrs sets a to the attributes shared by all stanza kinds
// (RFC 6120 §8.1), those not empty marked present, as they are written.
// It stores each field in place: a StanzaAttrs returned (88 bytes, on
// the stack) was zeroed, built in a temporary and copied twice.
func setStanzaAttrs(a *xmlstream.StanzaAttrs, id string, to, from jid.JID, lang, typ string) {
	// The set is made in a local (a register), not stored into a.Has
	// at each attribute.
	var has xmlstream.StanzaAttr
	if id != "" {
		has |= xmlstream.HasID
	}
	if !to.IsZero() {
		has |= xmlstream.HasTo
	}
	if !from.IsZero() {
		has |= xmlstream.HasFrom
	}
	if lang != "" {
		has |= xmlstream.HasLang
	}
	if typ != "" {
		has |= xmlstream.HasType
	}
	a.ID, a.To, a.From, a.Lang, a.Type, a.Has = id, to.String(), from.String(), lang, typ, has
}

// startElement returns the start tag named name with the present
// attributes of a, in the order StartStanza writes them, freshly allocated.
func startElement(name xml.Name, a *xmlstream.StanzaAttrs) xml.StartElement {
	attr := make([]xml.Attr, 0, 5)
	if a.Has&xmlstream.HasID != 0 {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "id"}, Value: a.ID})
	}
	if a.Has&xmlstream.HasTo != 0 {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "to"}, Value: a.To})
	}
	if a.Has&xmlstream.HasFrom != 0 {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "from"}, Value: a.From})
	}
	if a.Has&xmlstream.HasLang != 0 {
		attr = append(attr, xml.Attr{Name: langName, Value: a.Lang})
	}
	if a.Has&xmlstream.HasType != 0 {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "type"}, Value: a.Type})
	}
	return xml.StartElement{Name: name, Attr: attr}
}

// writeEmpty writes the stanza named name with the attributes of a as an
// element without content.
func writeEmpty(w xmlstream.Encoder, name xml.Name, a *xmlstream.StanzaAttrs) error {
	return w.EmptyStanza(name, a)
}
