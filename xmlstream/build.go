package xmlstream

import "encoding/xml"

// The element builders below write the small shapes that most wire types
// are made of. They allocate nothing: attributes are passed on the stack and
// a body is a function value the builder only calls. On an error they take
// back what they wrote while it is still buffered, like a failed single
// method (see [Writer]).

// TextElement writes <name attr...>text</name>, or <name attr.../> when
// text is empty. Text is escaped.
func (e Encoder) TextElement(name xml.Name, text string, attr ...xml.Attr) error {
	m := e.w.Mark()
	if err := e.w.Start(name, attr...); err != nil {
		return err
	}
	if text != "" {
		if err := e.w.Text(text); err != nil {
			e.w.Rollback(m)
			return err
		}
	}
	return e.w.End()
}

// EmptyElement writes <name attr.../>.
func (e Encoder) EmptyElement(name xml.Name, attr ...xml.Attr) error {
	if err := e.w.Start(name, attr...); err != nil {
		return err
	}
	return e.w.End()
}

// Element writes <name attr...>, lets body write the children (nil writes
// none) and closes the element. body must leave as many elements open as it
// found. If body fails, what was written since the start tag is taken back
// unless part of it has already reached the destination.
//
// This is the form that allocates nothing: a func literal passed here does
// not escape. To nest a [Marshaler], call e.Marshal(m) from body.
func (e Encoder) Element(name xml.Name, attr []xml.Attr, body func(Encoder) error) error {
	m := e.w.Mark()
	if err := e.w.Start(name, attr...); err != nil {
		return err
	}
	if body != nil {
		if err := body(e); err != nil {
			e.w.Rollback(m)
			return err
		}
		if e.w.Depth() != m.depth+1 {
			e.w.Rollback(m)
			return ErrEndMismatch
		}
	}
	return e.w.End()
}

// TextElement is [Encoder.TextElement] as a value: a [Marshaler] writing
// <Name Attr...>Text</Name>, for sending an element that holds only text.
type TextElement struct {
	Name xml.Name
	Text string
	Attr []xml.Attr
}

// WriteXML writes t.
func (t TextElement) WriteXML(e Encoder) error { return e.TextElement(t.Name, t.Text, t.Attr...) }

// EmptyElement is [Encoder.EmptyElement] as a value: a [Marshaler] writing
// <Name Attr.../>.
type EmptyElement struct {
	Name xml.Name
	Attr []xml.Attr
}

// WriteXML writes t.
func (t EmptyElement) WriteXML(e Encoder) error { return e.EmptyElement(t.Name, t.Attr...) }
