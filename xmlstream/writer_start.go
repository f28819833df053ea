package xmlstream

import (
	"encoding/binary"
	"encoding/xml"
	"slices"
	"strconv"
	"unsafe"
)

// xmlnsNS is the namespace of namespace declaration attributes.
const xmlnsNS = "http://www.w3.org/2000/xmlns/"

// isNSDecl reports whether a is a namespace declaration as encoding/xml
// presents them (xmlns="..." or xmlns:p="...").
func isNSDecl(a *xml.Attr) bool {
	return a.Name.Space == "xmlns" || isResolvedDecl(a)
}

// isResolvedDecl is isNSDecl for resolved names, whose Space is always a
// namespace name: "xmlns" is then a namespace like any other (Namespaces in
// XML 1.0 deprecates relative namespace names but does not forbid them, and
// the Decoder accepts them), and only the namespace of declarations or the
// unprefixed name xmlns marks a declaration.
func isResolvedDecl(a *xml.Attr) bool {
	return a.Name.Space == xmlnsNS || a.Name.Space == "" && a.Name.Local == "xmlns"
}

// attrForm says how writeStart reads and checks the attributes it is given.
type attrForm uint8

const (
	// formEncodingXML: as encoding/xml's Decoder presents them (Start):
	// Space "xmlns" is a declaration, Space "xml" the XML namespace.
	formEncodingXML attrForm = iota
	// formResolved: Space is a namespace name, whatever it is
	// (StartResolved, an Element checked again).
	formResolved
	// formDecoded: resolved and checked by a Decoder (see checkDecoded).
	formDecoded
)

// declIn and spaceIn are isNSDecl and attrSpace for attributes in form.
func declIn(a *xml.Attr, form attrForm) bool {
	return isResolvedDecl(a) || form == formEncodingXML && a.Name.Space == "xmlns"
}

func spaceIn(a *xml.Attr, form attrForm) string {
	if form == formEncodingXML {
		return attrSpace(a)
	}
	return a.Name.Space
}

// attrSpace returns the namespace of a, mapping the unresolved "xml" prefix
// to its namespace.
func attrSpace(a *xml.Attr) string {
	if a.Name.Space == "xml" {
		return xmlNS
	}
	return a.Name.Space
}

// commonNameBit returns a bit of its own for each common name (see
// commonName), 0 for any other name. Each is compared whole, in a load
// or two, which is cheaper than isNCName's look at every byte; and an
// attribute with a common name is told from those before it by its bit.
func commonNameBit(s string) uint8 {
	switch len(s) {
	case 2:
		switch s {
		case "id":
			return 1 << 0
		case "to":
			return 1 << 1
		case "iq":
			return 1 << 2
		}
	case 4:
		switch s {
		case "from":
			return 1 << 3
		case "type":
			return 1 << 4
		case "body":
			return 1 << 5
		}
	case 7:
		if s == "message" {
			return 1 << 6
		}
	case 8:
		if s == "presence" {
			return 1 << 7
		}
	}
	return 0
}

// lowerName reports whether s is 1 to 8 lowercase ASCII letters, an
// NCName, as most element names are (iq, message, query, ping, body): one
// word's test, cheaper than isNCName's look at every byte. A word of
// bytes under 0x80 adds 0x1F and 5 to each without carries; a byte is a
// to z when only the first sum reaches 0x80.
func lowerName(s string) bool {
	n := len(s)
	if n == 0 || n > 8 {
		return false
	}
	// Every byte of s in x, some twice, the rest 'a': two overlapping
	// loads of four bytes, or three of one.
	p, x := unsafe.Pointer(unsafe.StringData(s)), uint64(0)
	if n >= 4 {
		lo, hi := binary.LittleEndian.Uint32((*[4]byte)(p)[:]), binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(p, n-4))[:])
		x = uint64(lo) | uint64(hi)<<32
	} else {
		x = uint64(*(*byte)(p)) | uint64(*(*byte)(unsafe.Add(p, n>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, n-1)))<<16 | lo8*'a'&^0xffffff
	}
	return (x+lo8*0x1F)&^(x+lo8*5|x)&hi8 == hi8
}

// checkName validates the name of a start tag. The characters of
// name.Space are checked only where writeStart writes it, in a namespace
// declaration (appendNSDecl): the default namespace in scope, one bound
// to a prefix and the xml namespace are not written again.
func checkName(name xml.Name) error {
	if commonNameBit(name.Local) == 0 && !lowerName(name.Local) && !isNCName(name.Local) {
		return ErrInvalidName
	}
	if name.Space == xmlnsNS {
		return ErrInvalidName
	}
	return nil
}

// trustDecoded lets Element.WriteXML skip (startElement) the checks the
// Decoder that read the element already made; tests turn it off to compare
// with the general path.
var trustDecoded = true

// checkDecoded is checkName for the name of an element a Decoder read. The
// Decoder refused names that are not NCNames, namespaces holding characters
// outside Char or bound to the xmlns namespace, and repeated attributes, so
// only an empty name (an Element emptied by Invalidate) is left to refuse;
// the xmlns namespace is refused again as Start would, since it costs a
// length comparison.
func checkDecoded(name xml.Name) error {
	if name.Local == "" || name.Space == xmlnsNS {
		return ErrInvalidName
	}
	return nil
}

// checkAttr validates attr[i], not a namespace declaration, and refuses it
// if it repeats an earlier attribute. It is called as each attribute is
// written (one pass over them): a failure rolls the tag back.
func checkAttr(attr []xml.Attr, i int, form attrForm) error {
	a := &attr[i]
	if a.Name.Space != "" && !validChars(a.Name.Space) {
		return ErrInvalidChar
	}
	if !isNCName(a.Name.Local) {
		return ErrInvalidName
	}
	for j := range i {
		b := &attr[j]
		if b.Name.Local == a.Name.Local && !declIn(b, form) && spaceIn(a, form) == spaceIn(b, form) {
			return ErrInvalidName
		}
	}
	return nil
}

// Start writes a start tag. xmlns is written only when the namespace
// changes; attribute namespace "http://www.w3.org/XML/1998/namespace" is
// written as xml:, other attribute namespaces get a generated prefix.
// An element name with an empty Space takes the default namespace in scope,
// as with encoding/xml (Element.WriteXML, which knows an element is in no
// namespace, writes xmlns="" instead). Namespace declarations among attr
// are ignored: names are taken as resolved, except that, as encoding/xml's
// Decoder presents them, an attribute with Space "xmlns" is a declaration
// and Space "xml" is the XML namespace (write an attribute in a namespace
// named "xmlns" or "xml" with [Writer.StartResolved] or
// [Writer.StartResolvedAttrs]). Duplicate attributes are refused with
// ErrInvalidName.
func (w *Writer) Start(name xml.Name, attr ...xml.Attr) error {
	return w.start(name, attr, true, formEncodingXML)
}

// start implements Start; with inherit false, an empty Space means no
// namespace. attr are in form (formEncodingXML or formResolved: elements
// a Decoder read take startElement instead, unless a test turns
// trustDecoded off).
func (w *Writer) start(name xml.Name, attr []xml.Attr, inherit bool, form attrForm) error {
	if w.err != nil {
		return w.err
	}
	if err := checkName(name); err != nil {
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
	if err := w.writeStart(el, attr, form); err != nil {
		w.unstart(depth, mark, wasOpen, nbinds)
		return err
	}
	w.open = true
	return nil
}

// inheritedNS is what an empty namespace means for an element started now.
func (w *Writer) inheritedNS() string {
	if len(w.stack) == 0 && w.contentNS != "" {
		return w.contentNS
	}
	return w.currentDefaultNS()
}

// unstart takes back a start tag being written: the open element pushed
// at depth, the bytes from mark and the bindings from nbinds.
func (w *Writer) unstart(depth, mark int, wasOpen bool, nbinds int) {
	w.stack = w.stack[:depth]
	w.buf, w.open, w.binds = w.buf[:mark], wasOpen, w.binds[:nbinds]
}

func (w *Writer) currentDefaultNS() string {
	if n := len(w.stack); n > 0 {
		return w.stack[n-1].defNS
	}
	return w.defNS
}

// writeStart appends '<', the name, declarations and attributes of el.
// Attributes in formDecoded are not checked again (see checkDecoded).
func (w *Writer) writeStart(el *openElem, attr []xml.Attr, form attrForm) error {
	w.grab()
	space, declare := el.name.Space, false
	switch {
	case space == xmlNS:
		el.prefix = "xml"
	case !sameString(space, el.defNS):
		el.prefix = w.lookupPrefix(space, true)
		declare = el.prefix == ""
	}
	if local, off := el.name.Local, len(w.buf); el.prefix == "" && len(local) <= 16 && cap(w.buf)-off > len(local) {
		// Nearly always: stored in the room the buffer has, the name
		// by putShort rather than through memmove's call.
		w.buf = w.buf[:off+1+len(local)]
		d := unsafe.Pointer(unsafe.SliceData(w.buf))
		*(*byte)(unsafe.Add(d, off)) = '<'
		putShort(d, off+1, local)
	} else {
		buf := append(w.buf, '<')
		if el.prefix != "" {
			buf = append(buf, el.prefix...)
			buf = append(buf, ':')
		}
		w.buf = append(buf, local...)
	}
	if declare {
		el.defNS = space
		if err := w.appendNSDecl(space); err != nil {
			return err
		}
	}
	var seen uint8 // see appendUnqualified
	for i := range attr {
		a := &attr[i]
		if a.Name.Space == "" && unqualifiedAttrs {
			var err error
			if form != formDecoded {
				seen, err = w.appendUnqualified(attr, i, seen)
			} else if a.Name.Local != "xmlns" {
				err = w.appendAttr("", a.Name.Local, a.Value)
			}
			if err != nil {
				return err
			}
			continue
		}
		if declIn(a, form) {
			continue
		}
		if form != formDecoded {
			if err := checkAttr(attr, i, form); err != nil {
				return err
			}
		}
		if err := w.appendAttr(w.attrPrefix(spaceIn(a, form)), a.Name.Local, a.Value); err != nil {
			return err
		}
	}
	return nil
}

// sameString is a == b, without the call that compares bytes when a and
// b are one string (an inherited namespace is the default one in scope)
// or differ in their last byte (namespaces of one length, jabber:client
// and urn:xmpp:ping, seldom end alike; many begin alike).
func sameString(a, b string) bool {
	n := len(a)
	if n != len(b) {
		return false
	}
	pa, pb := unsafe.StringData(a), unsafe.StringData(b)
	return pa == pb || n == 0 || *(*byte)(unsafe.Add(unsafe.Pointer(pa), n-1)) == *(*byte)(unsafe.Add(unsafe.Pointer(pb), n-1)) && a == b
}

// unqualifiedAttrs enables appendUnqualified in writeStart; tests turn it
// off to compare with the general path.
var unqualifiedAttrs = true

// appendUnqualified is checkAttr and appendAttr for attr[i], whose name has
// no namespace, the common case (id, to, type): there is no prefix to find
// or declare, and only an earlier attribute without namespace can repeat
// its name, so the general path's namespace checks and calls are left out.
// seen holds the bits (commonNameBit) of the common names of the earlier
// attributes without namespace, so that a common name is checked against
// them at once; it is returned with the bit of attr[i] added.
func (w *Writer) appendUnqualified(attr []xml.Attr, i int, seen uint8) (uint8, error) {
	local := attr[i].Name.Local
	if local == "xmlns" {
		return seen, nil // a declaration: names are taken as resolved
	}
	if bit := commonNameBit(local); bit != 0 {
		if seen&bit != 0 {
			return seen, ErrInvalidName
		}
		seen |= bit
	} else if !isNCName(local) {
		return seen, ErrInvalidName
	} else {
		for j := range i {
			// The first bytes first: names of one length then
			// seldom need the call that compares strings. local is
			// not empty, nor then is a name of its length.
			b := &attr[j].Name
			if len(b.Local) == len(local) && b.Local[0] == local[0] && b.Local == local && b.Space == "" {
				return seen, ErrInvalidName
			}
		}
	}
	return seen, w.appendAttr("", local, attr[i].Value)
}

// attrPrefix returns the prefix for an attribute in space, declaring one
// on the element being written if none is in scope.
func (w *Writer) attrPrefix(space string) string {
	switch space {
	case "":
		return ""
	case xmlNS:
		return "xml"
	}
	if p := w.lookupPrefix(space, false); p != "" {
		return p
	}
	p := w.newPrefix()
	w.binds = append(w.binds, binding{prefix: p, ns: space})
	// space was validated by checkAttr, so this cannot fail.
	_ = w.appendAttr("xmlns", p, space)
	return p
}

// appendAttr appends ` prefix:local="value"`. It appends to a local copy
// of w.buf, stored back once: each store to w.buf cost a write barrier
// check.
func (w *Writer) appendAttr(prefix, local, value string) error {
	buf := append(w.buf, ' ')
	if prefix != "" {
		buf = append(buf, prefix...)
		buf = append(buf, ':')
	}
	buf = append(buf, local...)
	if plainInQuotes(value) {
		// Nothing to escape and no double quote in it: the common case
		// (ids, addresses, types), written without choosing a delimiter
		// or looking at each byte again. (Without double quotes,
		// attrQuote would choose them.)
		buf = append(buf, '=', '"')
		buf = append(buf, value...)
		w.buf = append(buf, '"')
		return nil
	}
	q, table := attrQuote(value)
	buf = append(buf, '=', q)
	buf, ok := appendEscaped(buf, value, table)
	if !ok {
		w.buf = buf
		return ErrInvalidChar
	}
	w.buf = append(buf, q)
	return nil
}

// appendNSDecl appends ` xmlns="space"`: the head stored as one word
// and a plain space (nearly always) checked and stored a word at a time,
// any other through appendAttr, which escapes it or refuses it if it
// holds characters XML cannot carry.
func (w *Writer) appendNSDecl(space string) error {
	// Grown in place, w.buf is stored back whole only when it grows (see
	// appendStanzaAttrs).
	if room := len(` xmlns=""`) + len(space); cap(w.buf)-len(w.buf) < room {
		w.buf = slices.Grow(w.buf, room)
	}
	d, off := unsafe.Pointer(unsafe.SliceData(w.buf)), len(w.buf)
	putWordAt((*byte)(d), off, xmlnsHead)
	end := putQuoted(d, off+len(` xmlns="`), space)
	if end < 0 {
		return w.appendAttr("", "xmlns", space)
	}
	w.buf = w.buf[:end]
	return nil
}

var xmlnsHead = headWord(` xmlns="`)

// lookupPrefix returns a prefix bound to ns in scope, or "". Element names
// use only prefixes bound with BindPrefix: generated prefixes are for
// attributes.
func (w *Writer) lookupPrefix(ns string, forElement bool) string {
	if ns == "" {
		return ""
	}
	for i := len(w.binds) - 1; i >= 0; i-- {
		if w.binds[i].ns == ns && (w.binds[i].elements || !forElement) {
			return w.binds[i].prefix
		}
	}
	return ""
}

// newPrefix returns a prefix not bound in scope.
func (w *Writer) newPrefix() string {
	for n := len(w.binds); ; n++ {
		p := "ns" + strconv.Itoa(n)
		if !w.prefixBound(p) {
			return p
		}
	}
}

func (w *Writer) prefixBound(p string) bool {
	for i := range w.binds {
		if w.binds[i].prefix == p {
			return true
		}
	}
	return false
}
