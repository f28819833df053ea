package stanza

import (
	"encoding/xml"
	"io"
)

// UnmarshalXML decodes an <error/> element with encoding/xml, by the same
// rules as [ParseError].
func (e *Error) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b errorBuilder
	b.attrs(attrValue(start.Attr, "", "type"), attrValue(start.Attr, "", "by"))
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			*e = b.result()
			return nil
		case xml.StartElement:
			if err := unmarshalChild(d, t, &b); err != nil {
				return err
			}
		}
	}
}

// unmarshalChild reads one child of <error/>.
func unmarshalChild(d *xml.Decoder, t xml.StartElement, b *errorBuilder) error {
	if t.Name.Space == NSError {
		text, err := directText(d)
		if err != nil {
			return err
		}
		b.defined(t.Name.Local, attrValue(t.Attr, nsXML, "lang"), text)
		return nil
	}
	if !b.wantApp() || !isAppNS(t.Name.Space) {
		return d.Skip()
	}
	a, err := readAppCondition(t, d, true)
	if err != nil {
		return err
	}
	b.app(a)
	return nil
}

// directText reads up to the end of the current element and returns the
// character data directly inside it, skipping child elements.
func directText(d *xml.Decoder) (string, error) {
	var text []byte
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			if err := d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return string(text), nil
		}
	}
}

// attrValue returns the value of the attribute {space}local in attr.
func attrValue(attr []xml.Attr, space, local string) string {
	for _, a := range attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

// MarshalXML encodes e as an <error/> element with encoding/xml. The
// element takes its name from start (as encoding/xml derives it from the
// field), and is called error when start has none.
func (e Error) MarshalXML(enc *xml.Encoder, start xml.StartElement) error {
	if start.Name.Local == "" {
		start.Name.Local = "error"
	}
	start.Attr = e.appendAttrs(nil)
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, t := range e.childTokens() {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	if !e.App.IsZero() {
		if err := e.App.encode(enc); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// childTokens returns the condition and text elements of e as tokens.
func (e *Error) childTokens() []xml.Token {
	cond := xml.StartElement{Name: xml.Name{Space: NSError, Local: string(e.condition())}}
	toks := []xml.Token{cond}
	if e.URI != "" && e.Condition.carriesURI() {
		toks = append(toks, xml.CharData(e.URI))
	}
	toks = append(toks, cond.End())
	if e.Text != "" {
		text := xml.StartElement{Name: xml.Name{Space: NSError, Local: "text"}}
		if e.Lang != "" {
			text.Attr = []xml.Attr{{Name: langName, Value: e.Lang}}
		}
		toks = append(toks, text, xml.CharData(e.Text), text.End())
	}
	return toks
}
