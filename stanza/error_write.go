package stanza

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// condition returns the condition to write: undefined-condition when e has none.
func (e *Error) condition() Condition {
	if e.Condition == "" {
		return UndefinedCondition
	}
	return e.Condition
}

// errorType returns the type to write: the condition's usual one when e has none.
func (e *Error) errorType() ErrorType {
	if e.Type == "" {
		return e.condition().DefaultType()
	}
	return e.Type
}

// appendAttrs appends the type and by attributes of <error/>.
func (e *Error) appendAttrs(dst []xml.Attr) []xml.Attr {
	dst = append(dst, xml.Attr{Name: xml.Name{Local: "type"}, Value: string(e.errorType())})
	if !e.By.IsZero() {
		dst = append(dst, xml.Attr{Name: xml.Name{Local: "by"}, Value: e.By.String()})
	}
	return dst
}

// WriteXML writes e as an <error/> element in the namespace of the element
// it is written in (the stanza's). A missing type is written as the
// condition's usual one and a missing condition as undefined-condition.
// It implements xmlstream.Marshaler.
func (e Error) WriteXML(w xmlstream.Encoder) error {
	return e.writeIn(w, "")
}

// writeIn writes e as an <error/> element in namespace space.
func (e *Error) writeIn(w xmlstream.Encoder, space string) error {
	var buf [2]xml.Attr
	if err := w.Start(xml.Name{Space: space, Local: "error"}, e.appendAttrs(buf[:0])...); err != nil {
		return err
	}
	if err := e.writeCondition(w); err != nil {
		return err
	}
	if err := e.writeText(w); err != nil {
		return err
	}
	if !e.App.IsZero() {
		if err := e.App.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

func (e *Error) writeCondition(w xmlstream.Encoder) error {
	var uri string
	if e.Condition.carriesURI() {
		uri = e.URI
	}
	return w.TextElement(xml.Name{Space: NSError, Local: string(e.condition())}, uri)
}

func (e *Error) writeText(w xmlstream.Encoder) error {
	if e.Text == "" && e.Lang == "" {
		return nil // an empty <text/> with a language still round-trips
	}
	var buf [1]xml.Attr
	attrs := buf[:0]
	if e.Lang != "" {
		attrs = append(attrs, xml.Attr{Name: langName, Value: e.Lang})
	}
	return w.TextElement(xml.Name{Space: NSError, Local: "text"}, e.Text, attrs...)
}
