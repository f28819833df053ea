package xmlstream

import (
	"encoding/binary"
	"encoding/xml"
	"slices"
	"unsafe"
)

// StartStanza opens an element named name (a stanza: iq, message,
// presence) with the attributes of a that a.Has marks, in the order id,
// to, from, xml:lang, type; a marked attribute with an empty value is
// written empty, as [Element.StanzaAttrs] reads it. It writes what
// [Writer.Start] writes for name and those attributes in that order, and
// refuses what Start refuses; but as the attribute names are its own,
// known valid and distinct, it checks only the element name and the
// values, and takes no attribute slice.
func (w *Writer) StartStanza(name xml.Name, a *StanzaAttrs) error {
	if w.err != nil {
		return w.err
	}
	if !knownStanzaName(name) {
		if err := checkName(name); err != nil {
			return err
		}
	}
	if name.Space == "" {
		name.Space = w.inheritedNS()
	}
	mark, wasOpen := len(w.buf), w.open
	w.closeStartTag()
	depth, defNS, nbinds := len(w.stack), w.currentDefaultNS(), len(w.binds)
	var el *openElem
	if depth < cap(w.stack) {
		// pushElem's usual case, without its call.
		w.stack = w.stack[:depth+1]
		el = &w.stack[depth]
	} else {
		el = w.pushElem()
	}
	el.name, el.prefix, el.defNS, el.nbinds = name, "", defNS, nbinds
	var err error
	if sameString(name.Space, defNS) {
		// The common case, the default namespace in scope: writeStart
		// would look up no prefix and declare nothing.
		w.grab()
		err = w.appendStanzaAttrs(name.Local, a)
	} else if err = w.writeStart(el, nil, formDecoded); err == nil {
		err = w.appendStanzaAttrs("", a)
	}
	if err != nil {
		w.unstart(depth, mark, wasOpen, nbinds)
		return err
	}
	w.open = true
	return nil
}

// EmptyStanza writes what [Writer.StartStanza] and [Writer.End] write
// for name and a, a stanza without content (most IQ results), and refuses
// what StartStanza refuses. In the default namespace in scope (nearly
// always) it writes `<name .../>` straight, as End would close it, and
// opens no element to close.
func (w *Writer) EmptyStanza(name xml.Name, a *StanzaAttrs) error {
	if w.err != nil {
		return w.err
	}
	if !knownStanzaName(name) {
		if err := checkName(name); err != nil {
			return err
		}
	}
	if name.Space == "" {
		name.Space = w.inheritedNS()
	}
	if !sameString(name.Space, w.currentDefaultNS()) {
		if err := w.StartStanza(name, a); err != nil {
			return err
		}
		return w.End()
	}
	mark, wasOpen := len(w.buf), w.open
	w.closeStartTag()
	w.grab()
	if err := w.appendStanzaAttrs(name.Local, a); err != nil {
		w.buf, w.open = w.buf[:mark], wasOpen
		return err
	}
	w.buf = append(w.buf, '/', '>')
	return w.maybeFlush()
}

// knownStanzaName reports whether name is one checkName accepts without
// a look: iq, message or presence in a namespace that cannot be xmlns's.
// Told by a length and a load or two, inlined, it spares StartStanza and
// EmptyStanza checkName's call for the names stanza writes.
func knownStanzaName(name xml.Name) bool {
	return stanzaLocal(name.Local) && len(name.Space) != len(xmlnsNS)
}

// stanzaLocal reports whether s is iq, message or presence.
func stanzaLocal(s string) bool {
	switch len(s) {
	case 2:
		return s == "iq"
	case 7:
		return s == "message"
	case 8:
		return s == "presence"
	}
	return false
}

// The attributes' heads, ` name="`, as words to store whole (langHead
// in two); headWord fills the rest of a word with what follows it.
var (
	idHead, toHead, fromHead, typeHead = headWord(` id="`), headWord(` to="`), headWord(` from="`), headWord(` type="`)
	langHead0, langHead1               = headWord(` xml:lan`), headWord(`g="`)
)

func headWord(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.LittleEndian.Uint64(b[:])
}

// appendStanzaAttrs appends '<' and local, unless local is empty, and the
// attributes of a that a.Has marks. Where every value goes between double
// quotes as itself (nearly always), room is made once and each head and
// value is stored in place; otherwise the attributes are written as
// appendAttr writes them.
func (w *Writer) appendStanzaAttrs(local string, a *StanzaAttrs) error {
	has := a.Has
	// w.buf grows in place, so that it is stored back whole only when it
	// grows: a store of w.buf's own reslice stores its length alone,
	// without the write barrier's check.
	if room := stanzaStartRoom(local, a); cap(w.buf)-len(w.buf) < room {
		w.buf = slices.Grow(w.buf, room)
	}
	d, off := unsafe.Pointer(unsafe.SliceData(w.buf)), len(w.buf)
	if n := len(local); n != 0 {
		*(*byte)(unsafe.Add(d, off)) = '<'
		// The stanza names (iq, message, presence) are stored here as
		// putShort would, without its call.
		p, q := unsafe.Pointer(unsafe.StringData(local)), unsafe.Add(d, off+1)
		switch {
		case n < 4:
			first, mid, last := *(*byte)(p), *(*byte)(unsafe.Add(p, n>>1)), *(*byte)(unsafe.Add(p, n-1))
			*(*byte)(q), *(*byte)(unsafe.Add(q, n>>1)), *(*byte)(unsafe.Add(q, n-1)) = first, mid, last
		case n <= 8:
			lo := binary.LittleEndian.Uint32((*[4]byte)(p)[:])
			hi := binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(p, n-4))[:])
			binary.LittleEndian.PutUint32((*[4]byte)(q)[:], lo)
			binary.LittleEndian.PutUint32((*[4]byte)(unsafe.Add(q, n-4))[:], hi)
		case n <= 16:
			putShort(d, off+1, local)
		default:
			copy(unsafe.Slice((*byte)(q), n), local)
		}
		off += 1 + n
	}
	tag := off // what appendStanzaAttrsEscaped appends to
	if has&HasID != 0 {
		putWordAt((*byte)(d), off, idHead)
		off += len(` id="`)
		if off = putQuoted(d, off, a.ID); off < 0 {
			return w.appendStanzaAttrsEscaped(tag, a)
		}
	}
	if has&HasTo != 0 {
		putWordAt((*byte)(d), off, toHead)
		off += len(` to="`)
		if off = putQuoted(d, off, a.To); off < 0 {
			return w.appendStanzaAttrsEscaped(tag, a)
		}
	}
	if has&HasFrom != 0 {
		putWordAt((*byte)(d), off, fromHead)
		off += len(` from="`)
		if off = putQuoted(d, off, a.From); off < 0 {
			return w.appendStanzaAttrsEscaped(tag, a)
		}
	}
	if has&HasLang != 0 {
		putWordAt((*byte)(d), off, langHead0)
		putWordAt((*byte)(d), off+8, langHead1)
		off += len(` xml:lang="`)
		if off = putQuoted(d, off, a.Lang); off < 0 {
			return w.appendStanzaAttrsEscaped(tag, a)
		}
	}
	if has&HasType != 0 {
		putWordAt((*byte)(d), off, typeHead)
		off += len(` type="`)
		if off = putQuoted(d, off, a.Type); off < 0 {
			return w.appendStanzaAttrsEscaped(tag, a)
		}
	}
	w.buf = w.buf[:off]
	return nil
}

// stanzaStartRoom is the room appendStanzaAttrs stores '<', local and a
// in: those bytes, the values, the heads and closing quotes, and the
// bytes a head's last word writes past the head (at most 5, in
// langHead1), which what follows overwrites or leaves beyond the end.
func stanzaStartRoom(local string, a *StanzaAttrs) int {
	const heads = len(` id=""`) + len(` to=""`) + len(` from=""`) + len(` xml:lang=""`) + len(` type=""`)
	return len("<") + len(local) + len(a.ID) + len(a.To) + len(a.From) + len(a.Lang) + len(a.Type) + heads + 5
}

// appendStanzaAttrsEscaped is appendStanzaAttrs through appendAttr, for
// values with something to escape or refuse, after the tag's first tag
// bytes in w.buf's room ('<' and the name, if any).
func (w *Writer) appendStanzaAttrsEscaped(tag int, a *StanzaAttrs) error {
	w.buf = w.buf[:tag]
	has := a.Has
	if has&HasID != 0 {
		if err := w.appendAttr("", "id", a.ID); err != nil {
			return err
		}
	}
	if has&HasTo != 0 {
		if err := w.appendAttr("", "to", a.To); err != nil {
			return err
		}
	}
	if has&HasFrom != 0 {
		if err := w.appendAttr("", "from", a.From); err != nil {
			return err
		}
	}
	if has&HasLang != 0 {
		if err := w.appendAttr("xml", "lang", a.Lang); err != nil {
			return err
		}
	}
	if has&HasType != 0 {
		return w.appendAttr("", "type", a.Type)
	}
	return nil
}
