package stanza

import (
	"encoding/xml"
	"io"
	"slices"

	"github.com/canto-im/xmpp/xmlstream"
)

// AppCondition is an application-specific error condition (RFC 6120 §8.3.2):
// an element outside [NSError] that refines the defined condition. It is
// kept as tokens so that any such element survives decoding and encoding:
// its resolved name, its attributes, and the tokens of its content.
// Attribute names are resolved as [xmlstream.Element.Attrs] gives them: a
// Space of "xmlns" or "xml" is a namespace of that name (as
// [xmlstream.Writer.StartResolved] writes it), never a namespace
// declaration or the xml: prefix.
type AppCondition struct {
	XMLName xml.Name
	Attr    []xml.Attr
	// Inner holds the content between the start and end tags: CharData,
	// StartElement and EndElement tokens, with resolved names (an element
	// with an empty Space is in no namespace, as a Decoder reports it).
	Inner []xml.Token
}

// NewAppCondition returns an empty application-specific condition element.
func NewAppCondition(space, local string, attr ...xml.Attr) AppCondition {
	return AppCondition{XMLName: xml.Name{Space: space, Local: local}, Attr: attr}
}

// IsZero reports whether a holds no element.
func (a AppCondition) IsZero() bool { return a.XMLName.Local == "" }

// WriteXML writes a. It implements xmlstream.Marshaler.
func (a AppCondition) WriteXML(w xmlstream.Encoder) error {
	if err := w.StartResolvedAttrs(a.XMLName, a.Attr...); err != nil {
		return err
	}
	for _, t := range a.Inner {
		var err error
		if s, ok := t.(xml.StartElement); ok {
			// Resolved: an empty Space is no namespace (written as
			// xmlns=""), not the condition's namespace inherited.
			err = w.StartResolved(s.Name, s.Attr...)
		} else {
			err = w.EncodeToken(t)
		}
		if err != nil {
			return err
		}
	}
	return w.End()
}

// encode writes a with an encoding/xml Encoder.
func (a AppCondition) encode(e *xml.Encoder) error {
	if err := e.EncodeToken(xml.StartElement{Name: a.XMLName, Attr: a.Attr}); err != nil {
		return err
	}
	for _, t := range a.Inner {
		if s, ok := t.(xml.StartElement); ok && s.Name.Space == "" && !slices.ContainsFunc(s.Attr, isDefaultDecl) {
			// encoding/xml writes an empty Space as nothing, which
			// inherits the condition's namespace: an element in no
			// namespace says so.
			s.Attr = append([]xml.Attr{{Name: xml.Name{Local: "xmlns"}}}, s.Attr...)
			t = s
		}
		if err := e.EncodeToken(t); err != nil {
			return err
		}
	}
	return e.EncodeToken(xml.EndElement{Name: a.XMLName})
}

// readAppCondition reads the element that start opened from r, up to and
// including its end tag, copying every token it keeps. Comments, processing
// instructions and directives (which encoding/xml may report) are dropped.
// With decls, r is encoding/xml's Decoder, whose start tags carry the
// namespace declarations as attributes with Space "xmlns", which is also
// how it reports an attribute in a namespace named "xmlns": both are
// dropped. Without, r is an Element's Tokens, which carry no declarations,
// and every attribute is kept.
func readAppCondition(start xml.StartElement, r xml.TokenReader, decls bool) (AppCondition, error) {
	attrs := keepAttrs
	if decls {
		attrs = copyAttrs
	}
	a := AppCondition{XMLName: start.Name, Attr: attrs(start.Attr)}
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
			a.Inner = append(a.Inner, xml.StartElement{Name: t.Name, Attr: attrs(t.Attr)})
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

// copyAttrs copies attr without namespace declarations, which are not
// attributes once names are resolved.
func copyAttrs(attr []xml.Attr) []xml.Attr {
	var out []xml.Attr
	for _, a := range attr {
		if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
			continue
		}
		out = append(out, a)
	}
	return out
}

// isDefaultDecl reports whether a declares the default namespace.
func isDefaultDecl(a xml.Attr) bool { return a.Name.Space == "" && a.Name.Local == "xmlns" }

// keepAttrs keeps attr, which Element.Tokens made for this token alone,
// its values in the element's arena, which is never written again.
func keepAttrs(attr []xml.Attr) []xml.Attr { return attr }

// appFromElement copies the application-specific condition e.
func appFromElement(e *xmlstream.Element) (AppCondition, error) {
	r := e.Tokens()
	tok, err := r.Token()
	if err != nil {
		return AppCondition{}, err
	}
	start, ok := tok.(xml.StartElement)
	if !ok {
		return AppCondition{}, ErrNotError
	}
	return readAppCondition(start, r, false)
}

// ParseAppCondition copies the element e as an application-specific
// condition, for other error types that carry one (stream errors).
func ParseAppCondition(e *xmlstream.Element) (AppCondition, error) { return appFromElement(e) }
