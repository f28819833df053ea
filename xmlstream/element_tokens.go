package xmlstream

import (
	"encoding/xml"
	"io"
)

// tokenReader is the xml.TokenReader view of an Element.
type tokenReader struct {
	e    *Element
	next int
	buf  []byte // CharData of the last token; reused
}

// Tokens returns e as an xml.TokenReader: StartElement ... EndElement of e,
// names namespace-resolved, no xmlns attributes. As with xml.Decoder.Token,
// the bytes of a CharData token are only valid until the next call to Token.
//
// encoding/xml's token form cannot tell an attribute in a namespace named
// "xmlns" or "xml" from a declaration or an xml: attribute, and readers of
// tokens (encoding/xml, [Writer.Copy]) take them for those: such an
// attribute is lost or moved to the XML namespace there. To re-encode e,
// use [Element.WriteXML], which keeps it.
func (e *Element) Tokens() xml.TokenReader {
	return &tokenReader{e: e}
}

// Token returns the next token, or io.EOF after the last one.
func (r *tokenReader) Token() (xml.Token, error) {
	e := r.e
	if r.next >= len(e.toks) {
		return nil, io.EOF
	}
	t := &e.toks[r.next]
	r.next++
	switch t.kind {
	case kindStart:
		var as []xml.Attr
		if t.a0 < t.a1 {
			as = make([]xml.Attr, t.a1-t.a0)
			for i := range as {
				as[i] = e.xmlAttr(&e.attrs[int(t.a0)+i])
			}
		}
		return xml.StartElement{Name: e.name(t), Attr: as}, nil
	case kindEnd:
		return xml.EndElement{Name: e.name(t)}, nil
	default:
		r.buf = append(r.buf[:0], e.arena[t.a0:t.a1]...)
		return xml.CharData(r.buf), nil
	}
}

// Decode decodes e into v the way encoding/xml's Decoder.Decode does, reading
// from Tokens().
func (e *Element) Decode(v any) error {
	return xml.NewTokenDecoder(e.Tokens()).Decode(v)
}

// WriteXML encodes e to w, namespace-correct (names are re-encoded from their
// resolved form, not copied as raw bytes): an element in no namespace is
// written with xmlns="" inside a default namespace.
func (e *Element) WriteXML(enc Encoder) error { return e.writeXML(enc.w, false) }

// writeXML encodes e; with inherit, elements in no namespace take the
// default namespace in scope, as Writer.Start does.
func (e *Element) writeXML(w *Writer, inherit bool) error {
	for i := range e.toks {
		t := &e.toks[i]
		var err error
		switch t.kind {
		case kindStart:
			if trustDecoded {
				err = w.startElement(e, t, inherit)
			} else {
				err = e.startChecked(w, t, inherit)
			}
		case kindEnd:
			err = w.End()
		default:
			err = w.Text(e.str(t.a0, t.a1-t.a0))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// startChecked writes the start token t through Start's checks, for tests
// that compare startElement with them.
func (e *Element) startChecked(w *Writer, t *token, inherit bool) error {
	var small [8]xml.Attr
	as := small[:0]
	for j := t.a0; j < t.a1; j++ {
		as = append(as, e.xmlAttr(&e.attrs[j]))
	}
	return w.start(e.name(t), as, inherit, formResolved)
}
