package xmlstream

import "unsafe"

// readStartTag reads a start tag from its name (pos is just after '<') to
// its '>' and reports whether it was an empty-element tag. The attributes,
// namespace declarations included, are appended to el.attrs with their
// prefix in space and their value in the scratch buffer. startTag tries a
// fast path first (see tryAttrs).
func (d *Decoder) readStartTag(el *Element) (prefix, local sym, empty bool, err error) {
	if prefix, local, err = d.readName(); err != nil {
		return
	}
	a0 := len(el.attrs)
	for {
		sawSpace, err := d.skipSpace()
		if err != nil {
			return 0, 0, false, d.eof(err)
		}
		switch d.buf[d.pos] {
		case '>':
			d.pos++
			return prefix, local, false, nil
		case '/':
			d.pos++
			return prefix, local, true, d.expect('>', "'>' after '/'")
		}
		if !sawSpace {
			return 0, 0, false, d.notWellFormed("expected white space before an attribute")
		}
		if len(el.attrs)-a0 >= d.lim.MaxAttrs {
			return 0, 0, false, d.policy("more than %d attributes", d.lim.MaxAttrs)
		}
		if err := d.readAttr(el); err != nil {
			return 0, 0, false, err
		}
	}
}

// readAttr reads one attribute, name="value", into el.attrs.
func (d *Decoder) readAttr(el *Element) error {
	prefix, local, err := d.readName()
	if err != nil {
		return err
	}
	if err := d.readEq(); err != nil {
		return err
	}
	quote := d.buf[d.pos]
	if quote != '"' && quote != '\'' {
		return d.notWellFormed("attribute value without quotes")
	}
	d.pos++
	off := len(d.scratch)
	if err := d.readAttrValue(quote); err != nil {
		return err
	}
	a := attr{space: prefix, local: local, off: int32(off), n: int32(len(d.scratch) - off)}
	if len(el.attrs) == cap(el.attrs) {
		el.attrs = growAttrs(el.attrs)[:len(el.attrs)]
	}
	el.attrs = append(el.attrs, a)
	return nil
}

// readEq consumes Eq (S? '=' S?) and makes the next byte available.
func (d *Decoder) readEq() error {
	if _, err := d.skipSpace(); err != nil {
		return d.eof(err)
	}
	if err := d.expect('=', "'=' after attribute name"); err != nil {
		return err
	}
	if _, err := d.skipSpace(); err != nil {
		return d.eof(err)
	}
	return nil
}

// unusualAttrs is startTag's work on the attributes of a tag that are not
// the usual ones (see startTag): it pushes the bindings of any namespace
// declarations and removes them (see declare), then resolves the others.
// The element's prefix is checked in between, so that, of errors in both,
// the element's is reported first, as for a tag without declarations.
func (d *Decoder) unusualAttrs(el *Element, a0 int, prefix sym) error {
	decls := 0
	for i := a0; i < len(el.attrs); i++ {
		if isDecl(&el.attrs[i]) {
			decls++
		}
	}
	if decls > 0 {
		if err := d.declare(el, a0, decls); err != nil {
			return err
		}
	}
	if prefix != symEmpty {
		if _, err := d.resolvePrefix(prefix); err != nil {
			return err
		}
	}
	var seen uint64
	for i := a0; i < len(el.attrs); i++ {
		a := &el.attrs[i]
		bit := uint64(1) << (a.local & 63)
		if a.space != symEmpty || seen&bit != 0 {
			return d.resolveAttrs(el.attrs[a0:])
		}
		seen |= bit
	}
	return nil
}

// startTag reads a start tag (pos is just after '<') into el: it resolves
// namespaces, appends the start token and the attributes, and for an
// empty-element tag also the end token. It returns the element to push
// unless the tag was empty.
func (d *Decoder) startTag(el *Element) (open openTag, empty bool, err error) {
	a0, s0, pos := len(el.attrs), len(d.scratch), d.pos
	// The element's name, if the stream used it before (see shortName),
	// or else as fastName reads it; written out here rather than called,
	// which cost a fifth more.
	var prefix, local sym
	i, ok := d.pos, false
	if !fastTags {
		i = len(d.buf) // the name and attributes are read by readStartTag
	} else if shortNames && i+8 <= len(d.buf) {
		x := wordAt(unsafe.SliceData(d.buf), i)
		if id, n := stanzaName(x); n > 0 && n <= d.lim.MaxNameBytes && i+n < d.end {
			local, ok = id, true
			i += n
		} else if key, n := shortName(x); n > 0 && n <= d.lim.MaxNameBytes && i+n < d.end {
			local, ok = d.syms.cachedName(key, n)
			i += n
		}
	}
	if !ok && fastTags {
		prefix, local, i, ok = d.fastName(d.buf[:d.end], d.pos)
	}
	if ok {
		empty, ok = d.tryAttrs(el, i)
	}
	if !ok || len(el.attrs)-a0 > d.lim.MaxAttrs {
		// The general path reads the tag again, and reports any error.
		el.attrs, d.scratch, d.pos = el.attrs[:a0], d.scratch[:s0], pos
		var err error
		if prefix, local, empty, err = d.readStartTag(el); err != nil {
			return openTag{}, false, err
		}
	}
	if d.syms.overflow() {
		return openTag{}, false, d.policy("more than %d distinct names in one element", maxNewNames)
	}
	mark := len(d.ns)
	// The usual attributes, without prefix and with local names of
	// distinct low six bits, none of them xmlns (told by its bit), declare
	// nothing and need nothing of resolveAttrs: told in one pass, without
	// a call, and without tryAttrs counting declarations. They are indexed
	// from a0 in el.attrs: slicing it there first cost more than the loop.
	var seen uint64
	usual := true
	for i, attrs := a0, el.attrs; i < len(attrs); i++ {
		a := &attrs[i]
		bit := uint64(1) << (a.local & 63)
		if a.space != symEmpty || seen&bit != 0 {
			usual = false
			break
		}
		seen |= bit
	}
	if !usual || seen&(1<<symXMLNS) != 0 {
		// A tag whose one attribute declares the default namespace (a
		// child's xmlns, most often) is declare's work written out:
		// nothing to compare, nothing kept. A reserved namespace is
		// left to declare, which refuses it.
		attrs, done := el.attrs, false
		if len(attrs) == a0+1 && attrs[a0].space == symEmpty && attrs[a0].local == symXMLNS {
			a := &attrs[a0]
			if uri := d.syms.internURI(d.scratch[a.off : a.off+a.n]); uri != symXMLNSURI && uri != symXMLNSNSURI {
				d.ns = append(d.ns, nsBinding{prefix: symEmpty, uri: uri})
				d.defaultNS = uri
				d.scratch = d.scratch[:a.off]
				el.attrs = el.attrs[:a0]
				done = true
			}
		}
		if !done {
			if err := d.unusualAttrs(el, a0, prefix); err != nil {
				return openTag{}, false, err
			}
		}
	}
	// An element without a prefix (most are) is in the default
	// namespace, kept at hand (defaultNS).
	space := d.defaultNS
	if prefix != symEmpty {
		if space, err = d.resolvePrefix(prefix); err != nil {
			return openTag{}, false, err
		}
	}
	tok := len(el.toks)
	el.addToken(kindStart, space, local, int32(a0), int32(len(el.attrs)))
	open = openTag{prefix: prefix, local: local, tok: int32(tok), nsMark: int32(mark)}
	if empty {
		// The end tag's work (see markup), with the name at hand.
		d.endScope(mark)
		el.toks[tok].span = 1
		el.addToken(kindEnd, space, local, 0, 0)
	}
	return open, empty, nil
}

// endTag reads an end tag (pos is just after "</") and checks it closes the
// innermost open element.
func (d *Decoder) endTag(open openTag) error {
	if d.tryEndTag(open) {
		return nil
	}
	return d.readEndTag(open)
}

// readEndTag is endTag without tryEndTag, which the caller tried: the rest
// of the fast path (tryEndTagName), then the general one.
func (d *Decoder) readEndTag(open openTag) error {
	if d.tryEndTagName(open) {
		return nil
	}
	prefix, local, err := d.readName()
	if err != nil {
		return err
	}
	if prefix != open.prefix || local != open.local {
		return d.notWellFormed("end tag does not match start tag <%s>", d.qname(open.prefix, open.local))
	}
	if _, err := d.skipSpace(); err != nil {
		return d.eof(err)
	}
	return d.expect('>', "'>' to end the end tag")
}

func (d *Decoder) qname(prefix, local sym) string {
	if prefix == symEmpty {
		return d.syms.name(local)
	}
	return d.syms.name(prefix) + ":" + d.syms.name(local)
}
