package stream

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// Names of the WebSocket framing elements (RFC 7395 §3).
var (
	openName  = xml.Name{Space: NSFraming, Local: "open"}
	closeName = xml.Name{Space: NSFraming, Local: "close"}
)

// ParseOpen reads the stream header carried by an <open/> element on a
// WebSocket connection (RFC 7395 §3.4), with the checks of [ReadHeader]:
// an element other than {urn:ietf:params:xml:ns:xmpp-framing}open gives
// invalid-namespace. The Header's NS is empty, since on WebSocket each
// stanza declares its own namespace.
func ParseOpen(e *xmlstream.Element) (Header, error) {
	if e.Name() != openName {
		return Header{}, &Error{Condition: InvalidNamespace.Condition, Text: "not an open element in " + NSFraming}
	}
	var h Header
	return h, h.readAttrs(e, nil, false)
}

// WriteOpen writes h as an <open/> element (RFC 7395 §3.4). NS is not
// written: on WebSocket each stanza declares its own namespace.
func (h Header) WriteOpen(w xmlstream.Encoder) error {
	var buf [5]xml.Attr
	attrs := buf[:0]
	add := func(space, local, value string) {
		if value != "" {
			attrs = append(attrs, xml.Attr{Name: xml.Name{Space: space, Local: local}, Value: value})
		}
	}
	add("", "to", h.To.String())
	add("", "from", h.From.String())
	add("", "id", h.ID)
	add("", "version", h.Version)
	add(nsXML, "lang", h.Lang)
	if err := w.Start(openName, attrs...); err != nil {
		return err
	}
	return w.End()
}

// Close is the <close/> element that ends a stream on a WebSocket
// connection (RFC 7395 §3.6).
type Close struct {
	// SeeOtherURI, when set, redirects the client to another WebSocket
	// endpoint (RFC 7395 §3.6.1); empty for a plain close.
	SeeOtherURI string
}

// ParseClose reads a <close/> element; any other element gives
// ErrUnexpectedElement.
func ParseClose(e *xmlstream.Element) (Close, error) {
	if e.Name() != closeName {
		return Close{}, ErrUnexpectedElement
	}
	return Close{SeeOtherURI: e.Attr("see-other-uri")}, nil
}

// WriteXML writes c. It implements xmlstream.Marshaler.
func (c Close) WriteXML(w xmlstream.Encoder) error {
	var buf [1]xml.Attr
	attrs := buf[:0]
	if c.SeeOtherURI != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "see-other-uri"}, Value: c.SeeOtherURI})
	}
	if err := w.Start(closeName, attrs...); err != nil {
		return err
	}
	return w.End()
}
