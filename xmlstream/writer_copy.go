package xmlstream

import (
	"encoding/xml"
	"slices"
	"unsafe"
)

// StartStanzaCopy opens an element named name (an empty Space is the
// namespace in scope, as with [Writer.Start]) with the attributes of el's
// start tag in el's order, except that those a.Has marks take a's values:
// each in the place of el's attribute of that name, or, where el has
// none, after el's attributes, in the order from, to, id, xml:lang, type.
// It writes what [Writer.StartResolvedAttrs] writes for name and those
// attributes, and refuses what it refuses; el's attribute names are taken
// as checked, as [Element.WriteXML] takes them. Use it to re-encode a
// received stanza with the addresses changed and its sender's attribute
// order kept (which [Writer.StartStanza] does not keep). Where el's
// attributes are without namespace or in the xml namespace (nearly
// always), none is built as an xml.Attr: room is made once, the stanza
// attributes' heads are stored as words, and each value is checked and
// stored eight bytes at a time.
func (w *Writer) StartStanzaCopy(name xml.Name, el *Element, a *StanzaAttrs) error {
	return w.startStanzaCopy(name, el, a, nil)
}

// startStanzaCopy is StartStanzaCopy, keeping the attributes in keep if
// it is not nil and they take the fast path (see StartStanzaCopyKeep).
func (w *Writer) startStanzaCopy(name xml.Name, el *Element, a *StanzaAttrs, keep *CopiedAttrs) error {
	if w.err != nil {
		return w.err
	}
	as := el.rootAttrs()
	room, ok := stanzaCopyRoom(el, as, a)
	if !ok || name.Space == xmlNS {
		return w.startStanzaCopyGeneral(name, el, a)
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
	var err error
	from := 0 // where the attributes start
	if sameString(name.Space, defNS) {
		// The default namespace in scope: writeStart would look up no
		// prefix and declare nothing.
		w.grab()
		from = len(w.buf) + len("<") + len(name.Local)
		err = w.appendCopiedAttrs(name.Local, el, as, a, room)
	} else if err = w.writeStart(top, nil, formDecoded); err == nil {
		from = len(w.buf)
		err = w.appendCopiedAttrs("", el, as, a, room)
	}
	if err != nil {
		w.unstart(depth, mark, wasOpen, nbinds)
		return err
	}
	if keep != nil {
		keep.keep(w.buf[from:])
	}
	w.open = true
	return nil
}

// stanzaCopyRoom returns the room appendCopiedAttrs needs for as, el's
// attributes, and a, or false if an attribute of el is in a namespace
// other than the xml namespace (its prefix is then looked up or
// declared, on the general path).
func stanzaCopyRoom(el *Element, as []attr, a *StanzaAttrs) (int, bool) {
	// Each attribute's head, value and quotes: the head of a stanza
	// attribute is at most ` xml:lang="`, 11 bytes, and a head word
	// writes up to 5 bytes past its head (langHead1), which what follows
	// overwrites or leaves beyond the end.
	n := stanzaStartRoom("", a)
	for i := range as {
		switch as[i].space {
		case symEmpty, symXMLNSURI:
		default:
			return 0, false
		}
		n += len(` xml:=""`) + len(el.sym(as[i].local)) + int(as[i].n)
	}
	return n, true
}

// startStanzaCopyGeneral is StartStanzaCopy through StartResolvedAttrs,
// with the attributes built as xml.Attr values.
func (w *Writer) startStanzaCopyGeneral(name xml.Name, el *Element, a *StanzaAttrs) error {
	var small [8]xml.Attr
	return w.start(name, stanzaCopyAttrs(small[:0], el, a), true, formResolved)
}

// stanzaCopyAttrs appends to dst the attributes StartStanzaCopy writes,
// as xml.Attr values with resolved names.
func stanzaCopyAttrs(dst []xml.Attr, el *Element, a *StanzaAttrs) []xml.Attr {
	attrs := el.AppendAttrs(dst)
	has := a.Has
	for i := range attrs {
		n := &attrs[i].Name
		switch {
		case n.Space == "" && n.Local == "from" && has&HasFrom != 0:
			attrs[i].Value, has = a.From, has&^HasFrom
		case n.Space == "" && n.Local == "to" && has&HasTo != 0:
			attrs[i].Value, has = a.To, has&^HasTo
		case n.Space == "" && n.Local == "id" && has&HasID != 0:
			attrs[i].Value, has = a.ID, has&^HasID
		case n.Space == xmlNS && n.Local == "lang" && has&HasLang != 0:
			attrs[i].Value, has = a.Lang, has&^HasLang
		case n.Space == "" && n.Local == "type" && has&HasType != 0:
			attrs[i].Value, has = a.Type, has&^HasType
		}
	}
	if has&HasFrom != 0 {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "from"}, Value: a.From})
	}
	if has&HasTo != 0 {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "to"}, Value: a.To})
	}
	if has&HasID != 0 {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "id"}, Value: a.ID})
	}
	if has&HasLang != 0 {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Space: xmlNS, Local: "lang"}, Value: a.Lang})
	}
	if has&HasType != 0 {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "type"}, Value: a.Type})
	}
	return attrs
}

// appendCopiedAttrs appends '<' and local, unless local is empty, and
// the attributes StartStanzaCopy writes, in room stanzaCopyRoom found:
// each head and value stored in place where every value goes between
// double quotes as itself (nearly always); otherwise the attributes are
// written as appendAttr writes them.
func (w *Writer) appendCopiedAttrs(local string, el *Element, as []attr, a *StanzaAttrs, room int) error {
	buf := slices.Grow(w.buf, len("<")+len(local)+room)
	if local != "" {
		buf = append(buf, '<')
		buf = append(buf, local...)
		w.buf = buf
	}
	d, off := unsafe.Pointer(unsafe.SliceData(buf)), len(buf)
	has := a.Has
	arena := unsafe.SliceData(el.arena)
	for i := range as {
		b := &as[i]
		value := arenaValue(arena, b)
		if b.space == symEmpty {
			var head uint64
			var n int
			switch b.local {
			case symFrom:
				head, n = fromHead, len(` from="`)
				if has&HasFrom != 0 {
					value, has = a.From, has&^HasFrom
				}
			case symTo:
				head, n = toHead, len(` to="`)
				if has&HasTo != 0 {
					value, has = a.To, has&^HasTo
				}
			case symID:
				head, n = idHead, len(` id="`)
				if has&HasID != 0 {
					value, has = a.ID, has&^HasID
				}
			case symType:
				head, n = typeHead, len(` type="`)
				if has&HasType != 0 {
					value, has = a.Type, has&^HasType
				}
			default:
				name := el.sym(b.local)
				if name == "xmlns" {
					continue // a declaration, as writeElementStart takes it
				}
				n = putAttrHead(d, off, "", name)
			}
			if head != 0 {
				putWordAt((*byte)(d), off, head)
			}
			off += n
		} else if b.local == symLang { // in the xml namespace (stanzaCopyRoom)
			putWordAt((*byte)(d), off, langHead0)
			putWordAt((*byte)(d), off+8, langHead1)
			off += len(` xml:lang="`)
			if has&HasLang != 0 {
				value, has = a.Lang, has&^HasLang
			}
		} else {
			off += putAttrHead(d, off, "xml", el.sym(b.local))
		}
		if !putPlainQuoted(d, off, value) {
			return w.appendCopiedAttrsEscaped(el, a)
		}
		off += len(value) + 1
	}
	if has != 0 {
		var ok bool
		if off, ok = putAddedAttrs(d, off, a, has); !ok {
			return w.appendCopiedAttrsEscaped(el, a)
		}
	}
	w.buf = buf[:off]
	return nil
}

// putAttrHead stores ` prefix:name="` (` name="` without prefix) at
// d+off and returns its length.
func putAttrHead(d unsafe.Pointer, off int, prefix, name string) int {
	b := unsafe.Slice((*byte)(unsafe.Add(d, off)), len(` :=""`)+len(prefix)+len(name))
	b[0] = ' '
	i := 1
	if prefix != "" {
		i += copy(b[i:], prefix)
		b[i] = ':'
		i++
	}
	i += copy(b[i:], name)
	b[i], b[i+1] = '=', '"'
	return i + 2
}

// putAddedAttrs stores, at d+off, the attributes of a that has marks, in
// the order from, to, id, xml:lang, type, and returns the offset past
// them, or false if a value is not plain between double quotes.
func putAddedAttrs(d unsafe.Pointer, off int, a *StanzaAttrs, has StanzaAttr) (int, bool) {
	if has&HasFrom != 0 {
		putWordAt((*byte)(d), off, fromHead)
		off += len(` from="`)
		if !putPlainQuoted(d, off, a.From) {
			return off, false
		}
		off += len(a.From) + 1
	}
	if has&HasTo != 0 {
		putWordAt((*byte)(d), off, toHead)
		off += len(` to="`)
		if !putPlainQuoted(d, off, a.To) {
			return off, false
		}
		off += len(a.To) + 1
	}
	if has&HasID != 0 {
		putWordAt((*byte)(d), off, idHead)
		off += len(` id="`)
		if !putPlainQuoted(d, off, a.ID) {
			return off, false
		}
		off += len(a.ID) + 1
	}
	if has&HasLang != 0 {
		putWordAt((*byte)(d), off, langHead0)
		putWordAt((*byte)(d), off+8, langHead1)
		off += len(` xml:lang="`)
		if !putPlainQuoted(d, off, a.Lang) {
			return off, false
		}
		off += len(a.Lang) + 1
	}
	if has&HasType != 0 {
		putWordAt((*byte)(d), off, typeHead)
		off += len(` type="`)
		if !putPlainQuoted(d, off, a.Type) {
			return off, false
		}
		off += len(a.Type) + 1
	}
	return off, true
}

// appendCopiedAttrsEscaped is appendCopiedAttrs through appendAttr, for
// values with something to escape or refuse.
func (w *Writer) appendCopiedAttrsEscaped(el *Element, a *StanzaAttrs) error {
	var small [8]xml.Attr
	for _, b := range stanzaCopyAttrs(small[:0], el, a) {
		prefix := ""
		if b.Name.Space == xmlNS {
			prefix = "xml"
		} else if b.Name.Local == "xmlns" {
			continue // a declaration, as writeElementStart takes it
		}
		if err := w.appendAttr(prefix, b.Name.Local, b.Value); err != nil {
			return err
		}
	}
	return nil
}

// StartStanzaCopy opens a stanza with a received element's attributes,
// some of them changed (see [Writer.StartStanzaCopy]).
func (e Encoder) StartStanzaCopy(name xml.Name, el *Element, a *StanzaAttrs) error {
	return e.w.StartStanzaCopy(name, el, a)
}
