package xmlstream

import "encoding/xml"

// startElement is start for the start token t of e, an element a Decoder
// read: the name is checked only as checkDecoded does, and attributes
// without namespace (nearly all: id, to, from, type) are written straight
// from e's storage rather than built as xml.Attr values first.
func (w *Writer) startElement(e *Element, t *token, inherit bool) error {
	if w.err != nil {
		return w.err
	}
	name := e.name(t)
	if err := checkDecoded(name); err != nil {
		return err
	}
	if name.Space == "" && inherit {
		name.Space = w.inheritedNS()
	}
	mark, wasOpen := len(w.buf), w.open
	w.closeStartTag()
	depth, defNS, nbinds := len(w.stack), w.currentDefaultNS(), len(w.binds)
	el := w.pushElem()
	el.name, el.prefix, el.defNS, el.nbinds = name, "", defNS, nbinds
	if err := w.writeElementStart(el, e, e.attrs[t.a0:t.a1]); err != nil {
		w.unstart(depth, mark, wasOpen, nbinds)
		return err
	}
	w.open = true
	return nil
}

// writeElementStart is writeStart for attrs, attributes of e. Those
// without namespace and xml:lang (or another in the xml namespace, which
// is written with its reserved prefix) are written here; a tag with an
// attribute in another namespace takes writeStart's path, its attributes
// built as xml.Attr values.
func (w *Writer) writeElementStart(el *openElem, e *Element, attrs []attr) error {
	for i := range attrs {
		if s := attrs[i].space; s != symEmpty && s != symXMLNSURI {
			var small [8]xml.Attr
			as := small[:0]
			for j := range attrs {
				as = append(as, e.xmlAttr(&attrs[j]))
			}
			return w.writeStart(el, as, formDecoded)
		}
	}
	if err := w.writeStart(el, nil, formDecoded); err != nil {
		return err
	}
	for i := range attrs {
		a := &attrs[i]
		local, prefix := e.sym(a.local), ""
		if a.space == symXMLNSURI {
			prefix = "xml"
		} else if local == "xmlns" {
			continue // as writeStart: a declaration
		}
		if err := w.appendAttr(prefix, local, e.str(a.off, a.n)); err != nil {
			return err
		}
	}
	return nil
}
