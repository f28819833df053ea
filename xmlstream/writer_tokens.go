package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// Marshaler is implemented by types that encode themselves without encoding/xml.
type Marshaler interface{ WriteXML(e Encoder) error }

// EncodeToken writes one token: StartElement, EndElement or CharData.
// Comment, ProcInst and Directive are refused with ErrTokenRefused, since
// RFC 6120 §11.1 forbids them on a stream.
func (w *Writer) EncodeToken(t xml.Token) error {
	switch t := t.(type) {
	case xml.StartElement:
		return w.Start(t.Name, t.Attr...)
	case xml.EndElement:
		n := len(w.stack)
		if n == 0 {
			return ErrNoOpenElement
		}
		open := w.stack[n-1].name
		if t.Name.Local != open.Local || t.Name.Space != "" && t.Name.Space != open.Space {
			return ErrEndMismatch
		}
		return w.End()
	case xml.CharData:
		return w.Text(unsafe.String(unsafe.SliceData(t), len(t)))
	default:
		return ErrTokenRefused
	}
}

// Copy writes every token of r until io.EOF. If r ends while elements it
// started are still open, Copy returns an error wrapping io.ErrUnexpectedEOF.
// Start tags are read as [Writer.Start] reads them, in encoding/xml's form,
// which cannot express an attribute in a namespace named "xmlns" or "xml"
// (see [Element.Tokens]).
func (w *Writer) Copy(r xml.TokenReader) error {
	depth := len(w.stack)
	for {
		t, err := r.Token()
		if t != nil {
			if werr := w.EncodeToken(t); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			if len(w.stack) > depth {
				return fmt.Errorf("xmlstream: token reader ended inside an element: %w", io.ErrUnexpectedEOF)
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Encode writes v. A v that implements Marshaler writes itself; anything
// else goes through encoding/xml's Marshal (not for hot paths) and is
// re-encoded namespace-correctly, elements without a namespace taking the
// one in scope as with encoding/xml.
func (w *Writer) Encode(v any) error {
	if m, ok := v.(Marshaler); ok {
		return m.WriteXML(w.Encoder())
	}
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	// The bytes come from encoding/xml, not a peer: no limit must bite.
	n := len(b) + 1
	d := NewDecoder(bytes.NewReader(b), Limits{MaxElementBytes: n, MaxDepth: n, MaxAttrs: n, MaxNameBytes: n, MaxAttrValueBytes: n})
	var el Element
	for {
		err := d.ReadElement(&el)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		// encoding/xml leaves out the namespace of elements that have
		// none: like it, let them take the one in scope.
		if err := el.writeXML(w, true); err != nil {
			return err
		}
	}
}
