package stream

import (
	"encoding/xml"
	"io"

	"github.com/canto-im/xmpp/xmlstream"
)

// AppCondition is an application-specific stream error condition
// (RFC 6120 §4.9.4), such as XEP-0198's <handled-count-too-high/>: an
// element outside [NSError], kept as tokens so that it survives parsing and
// writing: its resolved name, its attributes and the tokens of its content.
type AppCondition struct {
	XMLName xml.Name
	Attr    []xml.Attr
	// Inner holds the content between the start and end tags: CharData,
	// StartElement and EndElement tokens, with resolved names.
	Inner []xml.Token
}

// NewAppCondition returns an empty application-specific condition element.
func NewAppCondition(space, local string, attr ...xml.Attr) AppCondition {
	return AppCondition{XMLName: xml.Name{Space: space, Local: local}, Attr: attr}
}

// IsZero reports whether a holds no element.
func (a AppCondition) IsZero() bool { return a.XMLName.Local == "" }

// WriteXML writes a. It implements xmlstream.Marshaler.
func (a AppCondition) WriteXML(w *xmlstream.Writer) error {
	if err := w.Start(a.XMLName, a.Attr...); err != nil {
		return err
	}
	for _, t := range a.Inner {
		if err := w.EncodeToken(t); err != nil {
			return err
		}
	}
	return w.End()
}

// appFromElement copies the element e as an application-specific condition.
func appFromElement(e *xmlstream.Element) (AppCondition, error) {
	r := e.Tokens()
	tok, err := r.Token()
	if err != nil {
		return AppCondition{}, err
	}
	start, ok := tok.(xml.StartElement)
	if !ok {
		return AppCondition{}, ErrUnexpectedElement
	}
	a := AppCondition{XMLName: start.Name, Attr: start.Attr}
	for depth := 0; ; {
		tok, err := r.Token()
		if err == io.EOF {
			return a, io.ErrUnexpectedEOF
		}
		if err != nil {
			return a, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			a.Inner = append(a.Inner, t)
		case xml.EndElement:
			if depth == 0 {
				return a, nil
			}
			depth--
			a.Inner = append(a.Inner, t)
		case xml.CharData:
			a.Inner = append(a.Inner, t.Copy())
		}
	}
}
