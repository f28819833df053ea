package xmlstream

// nsBinding is one namespace declaration in scope; prefix symEmpty is the
// default namespace.
type nsBinding struct {
	prefix, uri sym
}

// lookupNS returns the namespace bound to prefix in scope. The default
// namespace is symEmpty (no namespace) when none is declared.
func (d *Decoder) lookupNS(prefix sym) (sym, bool) {
	if prefix == symXML {
		return symXMLNSURI, true
	}
	for i := len(d.ns) - 1; i >= 0; i-- {
		if d.ns[i].prefix == prefix {
			return d.ns[i].uri, true
		}
	}
	return symEmpty, prefix == symEmpty
}

// endScope ends the namespace scope of an element: the bindings from mark
// on, which its tag declared, go. Small enough to be inlined: most tags
// declare nothing, and cost one comparison.
func (d *Decoder) endScope(mark int) {
	if mark != len(d.ns) {
		d.cutScope(mark)
	}
}

// cutScope is endScope for a tag that declared namespaces: the default
// namespace in scope is looked up again.
func (d *Decoder) cutScope(mark int) {
	d.ns = d.ns[:mark]
	d.defaultNS = symEmpty
	for i := mark - 1; i >= 0; i-- {
		if d.ns[i].prefix == symEmpty {
			d.defaultNS = d.ns[i].uri
			break
		}
	}
}

// isDecl reports whether a, with its prefix in space, is a namespace
// declaration.
func isDecl(a *attr) bool {
	return a.space == symXMLNS || a.space == symEmpty && a.local == symXMLNS
}

// declare pushes the bindings of the decls namespace declarations among
// el.attrs[a0:] and removes them (and their values from the scratch
// buffer). It checks the constraints of Namespaces in XML 1.0 §3.
func (d *Decoder) declare(el *Element, a0, decls int) error {
	attrs := el.attrs[a0:]
	for i := range attrs {
		a := &attrs[i]
		if !isDecl(a) {
			continue
		}
		for j := range i {
			if b := &attrs[j]; b.space == a.space && b.local == a.local {
				return d.notWellFormed("duplicate namespace declaration")
			}
		}
		uri := d.syms.internURI(d.scratch[a.off : a.off+a.n])
		prefix := symEmpty
		if a.space != symEmpty {
			prefix = a.local
		}
		// The default namespace (the usual declaration) may be bound
		// to anything but the two reserved namespaces: told here
		// without checkBinding's call.
		if prefix != symEmpty || uri == symXMLNSURI || uri == symXMLNSNSURI {
			if err := d.checkBinding(prefix, uri); err != nil {
				return err
			}
		}
		d.ns = append(d.ns, nsBinding{prefix: prefix, uri: uri})
		if prefix == symEmpty {
			d.defaultNS = uri
		}
	}
	if decls == len(attrs) {
		// Only declarations (a child's xmlns, most often): nothing
		// to keep. Two statements, each storing a length only: as
		// one, they stored both slices whole, with write barriers.
		d.scratch = d.scratch[:attrs[0].off]
		el.attrs = el.attrs[:a0]
		return nil
	}
	// Keep the other attributes, moving their values down in the scratch
	// buffer over those of the declarations.
	n, dst := 0, attrs[0].off
	for i := range attrs {
		a := attrs[i]
		if isDecl(&a) {
			continue
		}
		copy(d.scratch[dst:], d.scratch[a.off:a.off+a.n])
		a.off = dst
		attrs[n] = a
		n++
		dst += a.n
	}
	el.attrs, d.scratch = el.attrs[:a0+n], d.scratch[:dst]
	return nil
}

// checkBinding enforces the reserved prefixes and namespaces.
func (d *Decoder) checkBinding(prefix, uri sym) error {
	switch {
	case prefix == symXMLNS:
		return d.notWellFormed("the xmlns prefix must not be declared")
	case prefix == symXML && uri != symXMLNSURI:
		return d.notWellFormed("the xml prefix bound to another namespace")
	case prefix != symXML && uri == symXMLNSURI:
		return d.notWellFormed("the XML namespace bound to another prefix")
	case uri == symXMLNSNSURI:
		return d.notWellFormed("the xmlns namespace must not be declared")
	case prefix != symEmpty && uri == symEmpty:
		return d.notWellFormed("prefix %q declared with an empty namespace", d.syms.name(prefix))
	}
	return nil
}

// resolvePrefix returns the namespace of an element's prefix, which is
// not empty (startTag looks up the default namespace itself).
func (d *Decoder) resolvePrefix(prefix sym) (sym, error) {
	if prefix == symXMLNS {
		return 0, d.notWellFormed("element name with the xmlns prefix")
	}
	uri, ok := d.lookupNS(prefix)
	if !ok {
		return 0, d.notWellFormed("unbound namespace prefix %q", d.syms.name(prefix))
	}
	return uri, nil
}

// resolveAttrs replaces the prefixes in attrs by their namespaces and
// refuses duplicate attributes. An attribute is compared with those before
// it only if one of them has a local name with the same low six bits (seen
// holds a bit for each): a tag's few names seldom share them, and comparing
// every pair cost about 20 instructions per stanza tag.
func (d *Decoder) resolveAttrs(attrs []attr) error {
	var seen uint64
	for i := range attrs {
		a := &attrs[i]
		if a.space != symEmpty {
			uri, ok := d.lookupNS(a.space)
			if !ok {
				return d.notWellFormed("unbound namespace prefix %q", d.syms.name(a.space))
			}
			a.space = uri
		}
		bit := uint64(1) << (a.local & 63)
		if seen&bit != 0 {
			for j := range i {
				if b := &attrs[j]; b.local == a.local && b.space == a.space {
					return d.notWellFormed("duplicate attribute %q", d.syms.name(a.local))
				}
			}
		}
		seen |= bit
	}
	return nil
}

// renewSymbols starts a new symbol table, re-interning the symbols still
// in use between elements; beginElement calls it once the current table
// holds more than maxTableBytes.
func (d *Decoder) renewSymbols() {
	old := d.syms.names
	d.syms.reset()
	again := func(id sym) sym {
		if id < numWellKnown {
			return id
		}
		return d.syms.internString(old[id-numWellKnown])
	}
	for i := range d.ns {
		d.ns[i] = nsBinding{prefix: again(d.ns[i].prefix), uri: again(d.ns[i].uri)}
	}
	d.stream.prefix, d.stream.local = again(d.stream.prefix), again(d.stream.local)
	d.defaultNS = again(d.defaultNS)
}
