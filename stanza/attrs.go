package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// langName is the resolved name of the xml:lang attribute.
var langName = xml.Name{Space: nsXML, Local: "lang"}

// common holds the attributes shared by all stanza kinds (RFC 6120 §8.1)
// while they are written.
type common struct {
	space    string // namespace of the element; "" inherits the writer's default
	local    string
	id       string
	to, from jid.JID
	lang     string
	typ      string
}

// appendAttrs appends the present attributes of c to dst in a fixed order.
func (c *common) appendAttrs(dst []xml.Attr) []xml.Attr {
	if c.id != "" {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "id"}, Value: c.id})
	}
	if !c.to.IsZero() {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "to"}, Value: c.to.String()})
	}
	if !c.from.IsZero() {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "from"}, Value: c.from.String()})
	}
	if c.lang != "" {
		dst = append(dst, xml.Attr{Name: langName, Value: c.lang})
	}
	if c.typ != "" {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "type"}, Value: c.typ})
	}
	return dst
}

// startElement returns the start tag of c with freshly allocated attributes.
func (c *common) startElement() xml.StartElement {
	return xml.StartElement{
		Name: xml.Name{Space: c.space, Local: c.local},
		Attr: c.appendAttrs(make([]xml.Attr, 0, 5)),
	}
}

// writeStart writes the start tag of c; the attributes stay on the stack.
func (c *common) writeStart(w xmlstream.Encoder) error {
	var buf [5]xml.Attr
	return w.Start(xml.Name{Space: c.space, Local: c.local}, c.appendAttrs(buf[:0])...)
}

// writeEmpty writes c as an element without content.
func (c *common) writeEmpty(w xmlstream.Encoder) error {
	if err := c.writeStart(w); err != nil {
		return err
	}
	return w.End()
}
