package xmlstream

import (
	"encoding/binary"
	"encoding/xml"
	"errors"
	"slices"
	"unsafe"
)

// An EmptyTag is the name of an empty element and the names of its
// attributes (in no namespace), checked once by [NewEmptyTag], for
// [Encoder.EmptyTag] to write with values many times, checking only the
// values: a marker such as XEP-0359's <stanza-id id='…' by='…'/>, written
// into every message a server routes.
type EmptyTag struct {
	name  xml.Name
	names []string
	heads []uint64 // ` name="` as a word, for names of up to 5 bytes
}

// ErrTagValues is returned by [Encoder.EmptyTag] given a number of values
// other than its tag's number of attributes.
var ErrTagValues = errors.New("xmlstream: an empty tag's values do not match its attributes")

// NewEmptyTag returns the tag of an empty element named name (an empty
// Space is the namespace in scope, as with [Writer.Start]) with
// attributes in no namespace named names, in that order. It refuses
// what Start refuses for them: a name that is not an NCName, an element
// in the xmlns namespace, an attribute named twice (or xmlns, which
// Start takes for a declaration, with ErrInvalidName too).
func NewEmptyTag(name xml.Name, names ...string) (*EmptyTag, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	t := &EmptyTag{name: name, names: slices.Clone(names)}
	for i, n := range names {
		if !isNCName(n) || n == "xmlns" || slices.Contains(names[:i], n) {
			return nil, ErrInvalidName
		}
		var h uint64
		if len(n) <= 5 {
			h = headWord(" " + n + `="`)
		}
		t.heads = append(t.heads, h)
	}
	return t, nil
}

// EmptyTag writes the element of t with values, one for each of its
// attributes in order: what [Encoder.EmptyElement] writes for t's name and
// those attributes, refusing what it refuses. Where the element takes no
// prefix and the values go between double quotes as themselves (nearly
// always), room is made once and each head and value is stored in place,
// the values checked eight bytes at a time.
func (e Encoder) EmptyTag(t *EmptyTag, values ...string) error {
	return e.w.emptyTag(t, values)
}

func (w *Writer) emptyTag(t *EmptyTag, values []string) error {
	if w.err != nil {
		return w.err
	}
	if len(values) != len(t.names) {
		return ErrTagValues
	}
	space := t.name.Space
	if space == "" {
		space = w.inheritedNS()
	}
	defNS := w.currentDefaultNS()
	declare := !sameString(space, defNS)
	if space == xmlNS || declare && w.lookupPrefix(space, true) != "" {
		return w.emptyTagGeneral(t, values) // a prefix
	}
	mark, wasOpen := len(w.buf), w.open
	w.grab()
	w.closeStartTag()
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, t.name.Local...)
	if declare {
		if err := w.appendNSDecl(space); err != nil {
			w.buf, w.open = w.buf[:mark], wasOpen
			return err
		}
	}
	room := len(`/>`) + 8 // a head word writes up to 7 bytes past its head
	for i, v := range values {
		room += len(` =""`) + len(t.names[i]) + len(v)
	}
	buf := slices.Grow(w.buf, room)
	d, off := unsafe.Pointer(unsafe.SliceData(buf)), len(buf)
	for i, v := range values {
		if h := t.heads[i]; h != 0 {
			putWordAt((*byte)(d), off, h)
			off += len(` =""`) - 1 + len(t.names[i])
		} else {
			off += putAttrHead(d, off, "", t.names[i])
		}
		if !putPlainQuoted(d, off, v) {
			w.buf, w.open = w.buf[:mark], wasOpen
			return w.emptyTagGeneral(t, values)
		}
		off += len(v) + 1
	}
	binary.LittleEndian.PutUint16(unsafe.Slice((*byte)(unsafe.Add(d, off)), 2), '/'|'>'<<8)
	w.buf = buf[:off+2]
	return w.maybeFlush()
}

// emptyTagGeneral is EmptyTag through Start and End.
func (w *Writer) emptyTagGeneral(t *EmptyTag, values []string) error {
	var small [4]xml.Attr
	attrs := small[:0]
	for i, n := range t.names {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: n}, Value: values[i]})
	}
	if err := w.Start(t.name, attrs...); err != nil {
		return err
	}
	return w.End()
}
