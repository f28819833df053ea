package xmlstream

import (
	"encoding/xml"
	"errors"
)

// CopiedAttrs are the attributes of a start tag that
// [Writer.StartStanzaCopyKeep] wrote, as it wrote them, kept to open
// other elements with ([Writer.StartCopied]) without looking at el or
// checking the values again: a server that writes a message it routes
// twice (archived, then delivered) builds its start tag once. The zero
// value keeps none.
type CopiedAttrs struct {
	big   string // the attributes, if longer than small holds
	n     int    // their length in small otherwise
	ok    bool
	small [copiedSmall]byte
}

// copiedSmall is how many bytes of attributes a CopiedAttrs holds in
// itself: a routed message's (to, type, id, from, xml:lang) nearly always
// fit, kept without an allocation of their own where the CopiedAttrs is
// part of the message.
const copiedSmall = 128

// keep sets c to attrs.
func (c *CopiedAttrs) keep(attrs []byte) {
	if len(attrs) <= len(c.small) {
		c.big, c.n = "", copy(c.small[:], attrs)
	} else {
		c.big, c.n = string(attrs), 0
	}
	c.ok = true
}

// appendTo appends the kept attributes to buf.
func (c *CopiedAttrs) appendTo(buf []byte) []byte {
	if c.big != "" {
		return append(buf, c.big...)
	}
	return append(buf, c.small[:c.n]...)
}

// Kept reports whether c holds attributes to start an element with.
func (c *CopiedAttrs) Kept() bool { return c.ok }

// ErrNotKept is returned by [Writer.StartCopied] given a CopiedAttrs that
// keeps nothing.
var ErrNotKept = errors.New("xmlstream: no copied attributes kept")

// StartStanzaCopyKeep is [Writer.StartStanzaCopy], keeping in keep the
// attributes it wrote, unless they took the general path (an attribute
// in a namespace other than the xml namespace, whose prefix depends on
// where the tag is written): keep is then left as it was. Attributes of
// up to 128 bytes are kept in keep itself, longer ones in a string it
// allocates.
func (w *Writer) StartStanzaCopyKeep(name xml.Name, el *Element, a *StanzaAttrs, keep *CopiedAttrs) error {
	return w.startStanzaCopy(name, el, a, keep)
}

// StartCopied opens an element named name (an empty Space is the
// namespace in scope, as with [Writer.Start]) with the attributes c
// keeps: it writes what StartStanzaCopy wrote with name for the element
// and values c was kept from, written here. Those attributes are in no
// namespace or in the xml one, whose prefix is reserved, so they are the
// same bytes wherever they are written; they were checked when kept.
func (w *Writer) StartCopied(name xml.Name, c *CopiedAttrs) error {
	if w.err != nil {
		return w.err
	}
	if !c.ok {
		return ErrNotKept
	}
	if err := checkName(name); err != nil {
		return err
	}
	if name.Space == "" {
		name.Space = w.inheritedNS()
	}
	mark, wasOpen := len(w.buf), w.open
	w.closeStartTag()
	depth, defNS, nbinds := len(w.stack), w.currentDefaultNS(), len(w.binds)
	top := w.pushElem()
	top.name, top.prefix, top.defNS, top.nbinds = name, "", defNS, nbinds
	if sameString(name.Space, defNS) && name.Space != xmlNS {
		// The default namespace in scope: writeStart would look up no
		// prefix and declare nothing.
		w.grab()
		buf := append(w.buf, '<')
		buf = append(buf, name.Local...)
		w.buf = c.appendTo(buf)
	} else if err := w.writeStart(top, nil, formDecoded); err != nil {
		w.unstart(depth, mark, wasOpen, nbinds)
		return err
	} else {
		w.buf = c.appendTo(w.buf)
	}
	w.open = true
	return nil
}

// StartStanzaCopyKeep opens a stanza as StartStanzaCopy does, keeping its
// attributes (see [Writer.StartStanzaCopyKeep]).
func (e Encoder) StartStanzaCopyKeep(name xml.Name, el *Element, a *StanzaAttrs, keep *CopiedAttrs) error {
	return e.w.StartStanzaCopyKeep(name, el, a, keep)
}

// StartCopied opens an element with kept attributes (see
// [Writer.StartCopied]).
func (e Encoder) StartCopied(name xml.Name, c *CopiedAttrs) error {
	return e.w.StartCopied(name, c)
}
