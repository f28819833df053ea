package xmlstream

import "encoding/xml"

// AppendAttrs appends e's attributes to dst, as Attrs returns them, and
// returns the extended slice. A caller that writes a start tag at once (a
// router stamping a stanza's 'from') can keep them in a buffer of its own
// instead of a new slice per element.
func (e *Element) AppendAttrs(dst []xml.Attr) []xml.Attr {
	as := e.rootAttrs()
	for i := range as {
		dst = append(dst, e.xmlAttr(&as[i]))
	}
	return dst
}
