package xmlstream

import (
	"encoding/xml"
	"iter"
	"strings"
	"unsafe"
)

// kind is the type of one token of an Element.
type kind uint8

const (
	kindStart kind = iota + 1
	kindEnd
	kindText
)

// token is one entry of an Element's flat token list. It holds no
// pointers: names are symbols, text is a range of the arena.
//
// For a start token, span is the distance to its end token and a0:a1 is its
// range in Element.attrs. For a text token, a0:a1 is its range in the arena.
type token struct {
	kind   kind
	span   int32
	space  sym
	local  sym
	a0, a1 int32
}

// attr is one attribute of an Element: its name as symbols, its value as a
// range of the arena.
type attr struct {
	space, local sym
	off, n       int32
}

// Element is one complete element, namespace-resolved, in a compact reusable
// form: a flat list of start, text and end tokens, their attributes, and one
// byte arena holding the text and attribute values.
//
// Strings returned by its methods stay valid after the Element is reused:
// the arena is allocated afresh for every element read and never written
// again, and names come from tables that are only appended to. The
// Element's own token storage is reused by ReadElement, so views returned by
// Children and Child are only valid until the Element is reused. The zero
// Element is empty: an empty name, no attributes, no children.
type Element struct {
	toks  []token
	attrs []attr
	names []string // the Decoder's symbol table, for symbols not well known
	arena []byte
	size  int
}

// addToken appends a token, writing its fields in place (building the
// struct on the stack and copying it costs a store-forwarding stall).
func (e *Element) addToken(k kind, space, local sym, a0, a1 int32) {
	n := len(e.toks)
	if n == cap(e.toks) {
		// Double (append grows large slices by only 1.25x, which costs
		// five times the final size in copies).
		grown := make([]token, n, max(2*n, minTokens))
		copy(grown, e.toks)
		e.toks = grown
	}
	// The slot is taken through e.toks[:n+1], whose length the
	// compiler knows: no second bounds check.
	t := &e.toks[:n+1][n]
	e.toks = e.toks[:n+1]
	t.kind, t.span, t.space, t.local, t.a0, t.a1 = k, 0, space, local, a0, a1
}

// minTokens is the token storage an element grows to first, and that the
// Decoder lends an element with none (see lend): a stanza of a few
// children fits. Elements the session takes back keep what they grew.
const minTokens = 8

// growAttrs returns attrs one longer, in new storage, with room for
// minAttrs at least, since stanzas commonly carry four or five attributes
// in all and growing from empty took three allocations.
func growAttrs(attrs []attr) []attr {
	n := len(attrs)
	grown := make([]attr, n+1, max(2*n, minAttrs))
	copy(grown, attrs)
	return grown
}

// minAttrs is the attribute storage an element grows to first, and that
// the Decoder lends an element with none.
const minAttrs = 8

// maxKeptTokens bounds the token and attribute storage an Element keeps
// for reuse; storage grown for one huge element is dropped, so that a
// session does not hold on to it.
const maxKeptTokens = 4096

// reset empties e, keeping its storage unless it is large.
func (e *Element) reset() {
	e.toks = e.toks[:0]
	e.attrs = e.attrs[:0]
	if cap(e.toks) > maxKeptTokens {
		e.toks = nil
	}
	if cap(e.attrs) > maxKeptTokens {
		e.attrs = nil
	}
	e.names = nil
	e.arena = nil
	e.size = 0
}

func (e *Element) sym(id sym) string { return symName(e.names, id) }

// str returns the arena bytes off:off+n as a string, without copying: the
// arena is never written after the Element is complete.
func (e *Element) str(off, n int32) string {
	if n == 0 {
		return ""
	}
	return unsafe.String(&e.arena[off], n)
}

func (e *Element) name(t *token) xml.Name {
	return xml.Name{Space: e.sym(t.space), Local: e.sym(t.local)}
}

func (e *Element) xmlAttr(a *attr) xml.Attr {
	return xml.Attr{Name: xml.Name{Space: e.sym(a.space), Local: e.sym(a.local)}, Value: e.str(a.off, a.n)}
}

// Name returns the namespace-resolved name of e.
func (e *Element) Name() xml.Name {
	if len(e.toks) == 0 {
		return xml.Name{}
	}
	return e.name(&e.toks[0])
}

// rootAttrs returns the attributes of e's start tag.
func (e *Element) rootAttrs() []attr {
	if len(e.toks) == 0 {
		return nil
	}
	return e.attrs[e.toks[0].a0:e.toks[0].a1]
}

// Attr returns the value of the attribute with no namespace and the given
// local name, or "" if e has no such attribute. It does not allocate.
func (e *Element) Attr(local string) string {
	v, _ := e.AttrNS("", local)
	return v
}

// AttrNS returns the value of the attribute with the given namespace and
// local name, and whether e has it. The xml: prefix stands for the namespace
// "http://www.w3.org/XML/1998/namespace".
func (e *Element) AttrNS(space, local string) (string, bool) {
	for _, a := range e.rootAttrs() {
		if e.sym(a.local) == local && e.sym(a.space) == space {
			return e.str(a.off, a.n), true
		}
	}
	return "", false
}

// Attrs returns a copy of e's attributes, namespace declarations excluded.
func (e *Element) Attrs() []xml.Attr {
	as := e.rootAttrs()
	if len(as) == 0 {
		return nil
	}
	out := make([]xml.Attr, len(as))
	for i := range as {
		out[i] = e.xmlAttr(&as[i])
	}
	return out
}

// StartElement returns e's start tag with resolved names and copied attributes.
func (e *Element) StartElement() xml.StartElement {
	return xml.StartElement{Name: e.Name(), Attr: e.Attrs()}
}

// FirstChild returns the name of e's first child element, if it has one.
func (e *Element) FirstChild() (xml.Name, bool) {
	for i := 1; i < len(e.toks); i++ {
		switch e.toks[i].kind {
		case kindStart:
			return e.name(&e.toks[i]), true
		case kindEnd:
			return xml.Name{}, false
		}
	}
	return xml.Name{}, false
}

// children calls yield with the index of each direct child start token.
func (e *Element) children(yield func(i int) bool) {
	if len(e.toks) == 0 {
		return
	}
	end := int(e.toks[0].span)
	for i := 1; i < end; i++ {
		if e.toks[i].kind != kindStart {
			continue
		}
		if !yield(i) {
			return
		}
		i += int(e.toks[i].span)
	}
}

// view returns the child element whose start token is at index i.
func (e *Element) view(i int) *Element {
	end := i + int(e.toks[i].span) + 1
	return &Element{toks: e.toks[i:end:end], attrs: e.attrs, names: e.names, arena: e.arena}
}

// Children returns e's direct child elements, as views valid until e is reused.
func (e *Element) Children() iter.Seq[*Element] {
	return func(yield func(*Element) bool) {
		e.children(func(i int) bool { return yield(e.view(i)) })
	}
}

// Child returns the first direct child of e with the given namespace and
// local name, as a view valid until e is reused.
//
// Child is small enough to be inlined: a view the caller does not keep then
// lives in the caller's frame rather than being allocated.
func (e *Element) Child(space, local string) (*Element, bool) {
	v, ok := e.child(space, local)
	if !ok {
		return nil, false
	}
	return &v, true
}

// child is Child returning the view by value.
func (e *Element) child(space, local string) (Element, bool) {
	found := -1
	e.children(func(i int) bool {
		t := &e.toks[i]
		if e.sym(t.local) == local && e.sym(t.space) == space {
			found = i
			return false
		}
		return true
	})
	if found < 0 {
		return Element{}, false
	}
	end := found + int(e.toks[found].span) + 1
	return Element{toks: e.toks[found:end:end], attrs: e.attrs, names: e.names, arena: e.arena}, true
}

// Text returns the character data directly inside e (children's text
// excluded), with entity and character references resolved.
func (e *Element) Text() string {
	if len(e.toks) == 0 {
		return ""
	}
	end := int(e.toks[0].span)
	first, n := -1, 0
	for i := 1; i < end; i++ {
		switch e.toks[i].kind {
		case kindText:
			if first < 0 {
				first = i
			}
			n++
		case kindStart:
			i += int(e.toks[i].span)
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		t := &e.toks[first]
		return e.str(t.a0, t.a1-t.a0)
	}
	var b strings.Builder
	for i := 1; i < end; i++ {
		switch t := &e.toks[i]; t.kind {
		case kindText:
			b.WriteString(e.str(t.a0, t.a1-t.a0))
		case kindStart:
			i += int(t.span)
		}
	}
	return b.String()
}

// Size returns the number of wire bytes e took, markup included. It is zero
// for an Element that was not read by a Decoder, and for views.
func (e *Element) Size() int { return e.size }

// attrRange returns the range of e.attrs used by e's tokens.
func (e *Element) attrRange() (lo, hi int) {
	lo, hi = -1, 0
	for _, t := range e.toks {
		if t.kind != kindStart {
			continue
		}
		if lo < 0 {
			lo = int(t.a0)
		}
		hi = int(t.a1)
	}
	return max(lo, 0), hi
}
