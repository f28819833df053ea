package xmlstream

import (
	"bytes"
	"errors"
	"io"
)

// maxKeptScratch is the scratch capacity kept between elements; a larger
// buffer, grown for one big element, is dropped so idle streams stay small.
const maxKeptScratch = 64 << 10

var errReadStartTwice = errors.New("xmlstream: ReadStart called twice without Restart")

// headerStore is a stream header with its storage: one start tag, room for
// more attributes than a header carries (to, from, id, version, xml:lang)
// and for their values. Growing an Element from empty cost three
// allocations per header, and its values a fourth.
type headerStore struct {
	el    Element
	tok   [1]token
	attrs [minAttrs]attr
	arena [headerArena]byte
}

// headerArena is the room for a stream header's attribute values in its
// headerStore: a reply header's addresses, 32-digit id, version and
// language fit with room to spare; longer ones get an arena of their own.
const headerArena = 96

// readStart implements ReadStartElement and ReadStartInto: it reads the
// header into el. ReadStartElement gives it storage (a headerStore,
// allocated once per header, a few per stream: kept in the Decoder, it
// made every idle stream's Decoder a size class larger) and room for the
// attribute values, which go into a new arena when they do not fit it.
// With no room (ReadStartInto), el is read into lent storage, kept until
// the next read (see endHeaderLend), and its values stay in the scratch
// buffer, which the next read overwrites.
func (d *Decoder) readStart(el *Element, room []byte) (*Element, error) {
	if d.started {
		return nil, errReadStartTwice
	}
	if err := d.topLevel(); err != nil {
		if err == io.EOF && d.offset() > 0 {
			err = d.eof(err)
		}
		return nil, err
	}
	if err := d.beginElement(); err != nil {
		return nil, err
	}
	if room == nil {
		*el = Element{}
		d.lendHeader(el)
	}
	start := d.offset()
	d.pos++
	open, empty, err := d.startTag(el)
	if err == nil && empty {
		err = d.notWellFormed("the stream header is an empty-element tag")
	}
	if err == nil {
		err = d.finish(el, start, room, room == nil)
	}
	if err != nil {
		if room == nil {
			d.unlend(el)
		}
		return nil, err
	}
	d.stream, d.started = open, true
	return el, nil
}

// readElement implements ReadElement. An element with no storage is read
// into storage the Decoder lends it (see lend).
func (d *Decoder) readElement(el *Element) error {
	// The usual case, the next element's '<' and the byte after it
	// buffered here, is told without topLevel's call.
	// The byte after '<', loaded once for the tests of atElement,
	// streamEnd and beginElement, each of which loaded it again.
	next, ok := d.nextAtElement()
	if !ok {
		if err := d.topLevel(); err != nil {
			if err == io.EOF && d.started {
				err = d.eof(err)
			}
			return err
		}
		next = d.buf[d.pos+1]
	}
	switch next {
	case '/':
		return d.streamEnd()
	case '!':
		return d.beginElement() // refuses it
	}
	d.scratch = d.scratch[:0]
	d.countElement()
	if cap(el.toks) == 0 && cap(el.attrs) == 0 {
		d.lend(el)
		if err := d.readTopElement(el); err != nil {
			d.unlend(el)
			return err
		}
		return nil
	}
	return d.readTopElement(el)
}

// readTopElement reads the top-level element at pos.
func (d *Decoder) readTopElement(el *Element) error {
	start := d.offset()
	d.pos++
	open, empty, err := d.startTag(el)
	if err != nil {
		return err
	}
	if !empty {
		// Lengthened in place: d.open always has room for one (its
		// starting storage is openStore), and append stored the slice
		// whole, pointer and write barrier test included.
		d.open = d.open[:1]
		d.open[0] = open
		if err := d.content(el); err != nil {
			return err
		}
	}
	return d.finish(el, start, nil, false)
}

// topLevel consumes what may come between top-level elements: a byte order
// mark and an XML declaration at the start, white space. It leaves pos at a
// '<' with one byte after it available. It returns io.EOF as is at the end
// of input.
func (d *Decoder) topLevel() error {
	if d.atElement() {
		return nil
	}
	declOK := d.atStart
	if d.atStart {
		d.atStart = false
		if err := d.skipBOM(); err != nil {
			return err
		}
	}
	for {
		sawSpace, err := d.skipSpace()
		if err != nil {
			return err
		}
		// XML 1.0 puts the declaration at the very start of the document;
		// after a restart, white space from the old stream may precede it.
		declOK = declOK && (!sawSpace || d.restarted)
		if d.buf[d.pos] != '<' {
			return d.notWellFormed("text between top-level elements")
		}
		if err := d.ensure(2); err != nil {
			return err
		}
		if d.buf[d.pos+1] != '?' {
			return nil
		}
		if err := d.piOrDecl(declOK); err != nil {
			return err
		}
		declOK = false
	}
}

// atElement reports whether the next element starts right at pos, as it
// does after the first: nothing for topLevel to consume.
func (d *Decoder) atElement() bool {
	_, ok := d.nextAtElement()
	return ok
}

// nextAtElement is atElement that also returns the byte after '<'. The two
// bytes are tested through one slice of d.buf, with one bounds check
// rather than one per byte.
func (d *Decoder) nextAtElement() (byte, bool) {
	if d.atStart || d.end-d.pos < 2 {
		return 0, false
	}
	b := d.buf[d.pos : d.pos+2]
	return b[1], b[0] == '<' && b[1] != '?'
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM consumes a UTF-8 byte order mark.
func (d *Decoder) skipBOM() error {
	for d.end-d.pos < len(bom) && bytes.HasPrefix(bom, d.buf[d.pos:d.end]) {
		if _, err := d.fill(d.pos); err != nil {
			if d.end == d.pos {
				return err
			}
			return d.eof(err)
		}
	}
	if bytes.HasPrefix(d.buf[d.pos:d.end], bom) {
		d.pos += len(bom)
	}
	return nil
}

// beginElement checks the markup at pos ('<' and one more byte) starts an
// element, and starts counting its bytes.
func (d *Decoder) beginElement() error {
	switch d.buf[d.pos+1] {
	case '!':
		_, err := d.bang(false)
		return err
	case '/':
		return d.notWellFormed("end tag without a start tag")
	}
	d.scratch = d.scratch[:0]
	d.countElement()
	return nil
}

// countElement starts counting the bytes and names of an element whose
// start tag is at pos (its caller empties the scratch buffer: inlined,
// countElement has room for no more).
func (d *Decoder) countElement() {
	d.limStart = d.base + int64(d.pos) // d.offset(), written out: it costs the inliner less
	// Tested here, not in renewSymbols: a call per element cost more
	// than the test, and it seldom has work.
	if d.syms.added = 0; d.syms.bytes > maxTableBytes {
		d.renewSymbols()
	}
}

// streamEnd reads the end tag of the stream at the top level.
func (d *Decoder) streamEnd() error {
	if !d.started {
		return d.notWellFormed("end tag without a start tag")
	}
	d.pos += 2
	if err := d.endTag(d.stream); err != nil {
		return err
	}
	d.endScope(int(d.stream.nsMark))
	return ErrStreamEnd
}

// content reads the content of the top-level element up to its end tag.
func (d *Decoder) content(el *Element) error {
	for len(d.open) > 0 {
		if d.end-d.pos < 2 {
			if err := d.ensure(1); err != nil {
				return err
			}
			if d.buf[d.pos] == '<' {
				if err := d.ensure(2); err != nil {
					return err
				}
			}
		}
		// Two bytes at pos, the usual case, through one slice of d.buf:
		// one bounds check, and the byte after '<' passed to markup,
		// which loaded it again.
		if d.end-d.pos >= 2 {
			if b := d.buf[d.pos : d.pos+2]; b[0] == '<' {
				if err := d.markup(el, b[1]); err != nil {
					return err
				}
				continue
			}
		}
		start := len(d.scratch)
		if err := d.readText(); err != nil {
			return err
		}
		addText(el, start, len(d.scratch))
	}
	return nil
}

// markup reads a tag or CDATA section inside the top-level element: pos is
// at '<', and next is the byte after it.
func (d *Decoder) markup(el *Element, next byte) error {
	switch next {
	case '/':
		d.pos += 2
		// endTag's fast path tried here, without its call.
		open := d.open[len(d.open)-1]
		if !d.tryEndTag(open) {
			if err := d.readEndTag(open); err != nil {
				return err
			}
		}
		// The end token; the element's namespace scope ends. Written
		// here rather than called: the call cost nearly half the work.
		d.endScope(int(open.nsMark))
		start := &el.toks[open.tok]
		start.span = int32(len(el.toks)) - open.tok
		el.addToken(kindEnd, start.space, start.local, 0, 0)
		d.open = d.open[:len(d.open)-1]
		return nil
	case '!':
		start := len(d.scratch)
		if _, err := d.bang(true); err != nil {
			return err
		}
		if err := d.readCDATA(); err != nil {
			return err
		}
		addText(el, start, len(d.scratch))
		return nil
	case '?':
		return d.restricted("processing instruction")
	}
	if len(d.open) >= d.lim.MaxDepth {
		return d.policy("elements nested deeper than %d", d.lim.MaxDepth)
	}
	d.pos++
	open, empty, err := d.startTag(el)
	if err == nil && !empty {
		d.open = append(d.open, open)
	}
	return err
}

// addText records scratch[start:end] as character data of el, merging it
// with character data just before it.
func addText(el *Element, start, end int) {
	if start == end {
		return
	}
	if n := len(el.toks); n > 0 && el.toks[n-1].kind == kindText && int(el.toks[n-1].a1) == start {
		el.toks[n-1].a1 = int32(end)
		return
	}
	el.addToken(kindText, 0, 0, int32(start), int32(end))
}

// bang handles "<!" at pos: it consumes the start of a CDATA section inside
// an element, and refuses comments and document type declarations.
func (d *Decoder) bang(inElement bool) (bool, error) {
	if err := d.ensure(3); err != nil {
		return false, err
	}
	switch d.buf[d.pos+2] {
	case '-':
		return false, d.restricted("comment")
	case '[':
		if err := d.ensure(9); err != nil {
			return false, err
		}
		if string(d.buf[d.pos:d.pos+9]) != "<![CDATA[" || !inElement {
			return false, d.notWellFormed("misplaced '<!['")
		}
		d.pos += 9
		return true, nil
	}
	return false, d.restricted("document type or markup declaration")
}

// finish completes el: it checks its size and moves its text and attribute
// values from the scratch buffer into a fresh arena that is never written
// again, so that the strings handed out stay valid. The arena is room if
// the values fit, and allocated otherwise; an element read into lent
// storage gets its own (see settle), except a header read by ReadStartInto
// (inScratch), whose values stay in the scratch buffer and its storage
// lent, both until the next read.
func (d *Decoder) finish(el *Element, start int64, room []byte, inScratch bool) error {
	d.limStart = -1
	size := d.offset() - start
	if size > int64(d.lim.MaxElementBytes) {
		return d.policy("element exceeds %d bytes", d.lim.MaxElementBytes)
	}
	el.size = int(size)
	if d.lent != nil {
		// Tested here rather than first: an element read into its own
		// storage, the usual case, does not test it.
		switch {
		case inScratch:
			n := len(d.scratch)
			el.arena = d.scratch[:n:n]
		case d.boxing:
			// newBoxed moves it, once the element is read.
		default:
			d.settle(el)
		}
	} else if n := len(d.scratch); n > 0 {
		// A fresh arena per element: strings already handed out point into
		// earlier arenas, which are never written again.
		if n <= cap(room) {
			el.arena = append(room, d.scratch...)
		} else {
			// Not append to nil, which costs growslice's rounding up;
			// this form allocates without clearing (makeslicecopy).
			sc := d.scratch
			arena := make([]byte, len(sc))
			copy(arena, sc)
			el.arena = arena
		}
	}
	el.names = d.syms.names
	if cap(d.scratch) > maxKeptScratch && !d.boxing {
		d.scratch = d.scratchStore[:0]
	}
	return nil
}
