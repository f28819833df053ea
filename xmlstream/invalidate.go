package xmlstream

// Invalidate overwrites e in place, together with every view into it (from
// Children or Child), so that any later use sees an empty element with no
// name, attributes, text or children. Code that recycles Elements calls it
// on release in tests, to make a use after release fail visibly rather
// than read the next element's data. Strings already taken from e stay
// valid; clones are not affected.
func (e *Element) Invalidate() {
	for i := range e.toks {
		e.toks[i] = token{kind: kindStart}
	}
	for i := range e.attrs {
		e.attrs[i] = attr{}
	}
	e.toks = e.toks[:min(len(e.toks), 1)]
	e.attrs = e.attrs[:0]
	e.names = nil
	e.arena = nil
	e.size = 0
}
