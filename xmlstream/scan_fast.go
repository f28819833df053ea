package xmlstream

import (
	"math/bits"
	"unicode/utf8"
	"unsafe"
)

// shortNames enables the short-name lookup in fastName; tests turn it off to compare
// with the path that reads every byte.
var shortNames = true

// fastTags enables the fast path of start tags (see tryAttrs); tests turn
// it off to compare with the general path.
var fastTags = true

// The fast paths below handle the common shapes of tags when they lie
// wholly in the read buffer: ASCII names, plain attribute values. They
// work on local copies of the buffer and position, and give up, having
// changed nothing that matters, on anything else; the general path then
// reads the same bytes again and reports any error.

// fastName scans an ASCII qualified name at b[i:], returning it interned
// and the index after it. A short name without prefix that the stream has
// used before is found in one word of input (see shortName).
func (d *Decoder) fastName(b []byte, i int) (prefix, local sym, next int, ok bool) {
	if shortNames && i+8 <= len(b) {
		if key, n := shortName(wordAt(unsafe.SliceData(b), i)); n > 0 && n <= d.lim.MaxNameBytes {
			if id, ok := d.syms.cachedName(key, n); ok {
				return symEmpty, id, i + n, true
			}
			if id, ok := d.syms.seededName(key, n); ok {
				return symEmpty, id, i + n, true
			}
		}
	}
	start, colon := i, -1
	for i < len(b) {
		c := b[i]
		if asciiName[c] {
			i++
			continue
		}
		if c == ':' && colon < 0 {
			colon = i
			i++
			continue
		}
		break
	}
	if i == len(b) || b[i] >= utf8.RuneSelf || i-start > d.lim.MaxNameBytes || i == start ||
		asciiClass[b[start]]&classNameStart == 0 {
		return 0, 0, 0, false
	}
	if colon < 0 {
		return symEmpty, d.syms.internName(b[start:i]), i, true
	}
	if colon == start || colon+1 == i || asciiClass[b[colon+1]]&classNameStart == 0 {
		return 0, 0, 0, false
	}
	return d.syms.internName(b[start:colon]), d.syms.internName(b[colon+1 : i]), i, true
}

// The fast path of readStartTag, for a tag that lies wholly in the read
// buffer with names the stream has used before and plain values: startTag
// reads the element's name, then tryAttrs the rest of the tag. tryAttrs
// appends to el.attrs and d.scratch in place; if either gives up, startTag
// cuts them back and the general path reads the tag again.
//
// A name the stream used before is found in one word of input (see
// shortName). Words are loaded up to the end of the buffer, past end into
// stale bytes: only what lies before end is taken as input.

// tryAttrs reads the attributes from i to the end of the tag.
//
// Its loop makes no call unless a name is new: Go keeps no register
// across a call, so a call per attribute (the value scan's, formerly) had
// every value the loop holds stored to the stack and loaded again after
// it. The element's name is read before (by startTag), so that the loop
// holds few enough values for the registers.
func (d *Decoder) tryAttrs(el *Element, i int) (empty bool, ok bool) {
	b := d.buf[:d.end]
	p := unsafe.SliceData(b)
	last := len(d.buf) - 8 // the last index a word is loaded at
	for {
		// White space is at most ' ': the byte that ends it, most often
		// a name's first, is told by one comparison, without the table.
		// The usual single space is stepped over first, by one
		// comparison too. A byte up to '>' that ends white space ends
		// the tag, or the general path reads on from it: no NCName
		// starts with one.
		j := i
		if j >= len(b) {
			return false, false
		}
		c := b[j]
		if c == ' ' {
			if j++; j >= len(b) {
				return false, false
			}
			c = b[j]
		}
		for c <= ' ' && spaceBits>>c&1 != 0 {
			if j++; j >= len(b) {
				return false, false
			}
			c = b[j]
		}
		if c <= '>' {
			if c == '>' {
				d.pos = j + 1
				return false, true
			}
			if c == '/' && j+1 < len(b) && b[j+1] == '>' {
				d.pos = j + 2
				return true, true
			}
			return false, false
		}
		if j == i {
			return false, false
		}
		// name='value'. The name goes straight into the attribute's
		// slot: kept in registers until the value was read, it left too
		// few for the rest. A name the stream used before ends at the
		// first '=' of its word: its bytes up to there, if the cache
		// holds them as a name, are that name, followed by '='. Either
		// way, k is the index of '=' and the quote after it is input.
		// The slot is appended at once: if the tag is given up,
		// startTag cuts el.attrs back. Taken through a local copy of
		// the slice, tested with >= against its capacity, it needs no
		// bounds check.
		attrs := el.attrs
		na := len(attrs)
		if na >= cap(attrs) {
			return false, false
		}
		el.attrs = el.attrs[:na+1]
		a := &attrs[:na+1][na]
		k := 0
		if shortNames && j <= last {
			x := wordAt(p, j)
			if id, n := stanzaAttrName(x); n > 0 {
				// Stored before the tests, which then need only n:
				// id kept across them went to the stack and back.
				a.space, a.local = symEmpty, id
				if n > d.lim.MaxNameBytes || j+n+1 >= len(b) {
					return false, false
				}
				k = j + n
				goto value
			}
			y := x ^ (lo8 * '=')
			n := bits.TrailingZeros64((y-lo8)&^y&hi8) >> 3
			if n < 8 && n <= d.lim.MaxNameBytes {
				if id, hit := d.syms.cachedName(x&(1<<(8*n)-1), n); hit && j+n+1 < len(b) {
					a.space, a.local, k = symEmpty, id, j+n
				}
			}
		}
		if k == 0 {
			ap, al, next, nameOK := d.fastName(d.buf[:d.end], j)
			if !nameOK || next+1 >= len(b) || b[next] != '=' {
				return false, false
			}
			a = &el.attrs[na]
			a.space, a.local, k = ap, al, next
		}
	value:
		q := b[k+1]
		if q != '"' && q != '\'' {
			return false, false
		}
		// The scan stops at the bytes valueStops flags. Of those, white
		// space, '!', '#', '$', '%' and the other quote are plain in a
		// value: the scan goes on after them. The others end the value
		// (q) or are left to the general path.
		//
		// Each word the scan loads is stored at its place in the
		// scratch buffer, which copies the value without loading its
		// words again; the bytes stored past its end land in the
		// scratch buffer's spare capacity, which nothing reads. Words
		// are loaded at e <= lim only: up to last, they lie in the read
		// buffer, and stored at w, in the scratch buffer: w moves with
		// e, which spares the loop a register.
		v := k + 2
		e, w := v, len(d.scratch)
		off := w
		s := unsafe.SliceData(d.scratch)
		lim := min(last, v+cap(d.scratch)-off-8)
		for {
			if e > lim {
				return false, false
			}
			x := wordAt(p, e)
			putWordAt(s, w, x)
			if t := valueStops(x); t != 0 {
				n := bits.TrailingZeros64(t) >> 3
				e += n
				w += n
				if e >= len(b) {
					return false, false
				}
				if c := b[e]; c == q || attrSpecial[c] && c != q^('"'^'\'') {
					break
				}
				e++
				w++
				continue
			}
			e += 8
			w += 8
		}
		size := w - off
		if b[e] != q || size > d.lim.MaxAttrValueBytes {
			return false, false
		}
		d.scratch = d.scratch[:w]
		a.off, a.n = int32(off), int32(size)
		i = e + 1
	}
}

// spaceBits holds a bit for each byte of XML white space (all below 64):
// tryAttrs tests it rather than spaceTable, whose address it kept in a
// register across its loops.
const spaceBits = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\r'

// tryEndTag is the fast path of endTag (pos is just after "</") for the
// usual end tag: a well-known name of under 8 bytes without prefix. It is
// small enough to be inlined in its callers, which call readEndTag only
// when it fails.
//
// The end tag is compared as one word with the name's endWord (its bytes
// then '>'): a call of memequal, or building the word from the name's
// string, cost more than the work. The word may reach past end into the
// buffer's stale bytes (the last end tag of a read often ends the input):
// only its bytes up to '>', checked to lie before end, are compared.
func (d *Decoder) tryEndTag(open openTag) bool {
	if open.prefix != symEmpty || open.local >= numWellKnown || d.pos+8 > len(d.buf) {
		return false
	}
	t := &wellKnownEndTags[open.local]
	if wordAt(unsafe.SliceData(d.buf), d.pos)&t.mask != t.word || d.pos+t.n > d.end {
		return false
	}
	d.pos += t.n
	return true
}

// tryEndTagName is the rest of endTag's fast path, which readEndTag tries
// first: a name that is not well-known is compared as one word too if it
// is short enough (as tryEndTag does), any other with its string.
func (d *Decoder) tryEndTagName(open openTag) bool {
	if open.prefix == symEmpty && open.local >= numWellKnown && d.pos+8 <= len(d.buf) {
		if want := d.syms.endWord(open.local); want != 0 {
			z := bits.LeadingZeros64(want) &^ 7
			w := wordAt(unsafe.SliceData(d.buf), d.pos) & (^uint64(0) >> z)
			if n := 8 - z>>3; w == want && d.pos+n <= d.end {
				d.pos += n
				return true
			}
		}
	}
	b := d.buf[d.pos:d.end]
	prefix, local := d.syms.name(open.prefix), d.syms.name(open.local)
	np, nl := len(prefix), len(local)
	n := nl
	if np > 0 {
		n += np + 1
	}
	if len(b) <= n || b[n] != '>' {
		return false
	}
	if np > 0 && (string(b[:np]) != prefix || b[np] != ':') {
		return false
	}
	if string(b[n-nl:n]) != local {
		return false
	}
	d.pos += n + 1
	return true
}

// stanzaAttrName tells the attribute names on nearly every stanza tag (id,
// to, from, type) and xmlns from the input word x at a name: it returns
// the name's well-known symbol and length if x begins with one of them
// and '='. Compared as constants, they are found without the search for
// '=' and the cache's hash and set of two slots.
func stanzaAttrName(x uint64) (sym, int) {
	switch uint32(x) & 0xffffff {
	case 'i' | 'd'<<8 | '='<<16:
		return symID, 2
	case 't' | 'o'<<8 | '='<<16:
		return symTo, 2
	case 'f' | 'r'<<8 | 'o'<<16:
		if uint16(x>>24) == 'm'|'='<<8 {
			return symFrom, 4
		}
	case 't' | 'y'<<8 | 'p'<<16:
		if uint16(x>>24) == 'e'|'='<<8 {
			return symType, 4
		}
	case 'x' | 'm'<<8 | 'l'<<16:
		if uint32(x>>24)&0xffffff == 'n'|'s'<<8|'='<<16 {
			return symXMLNS, 5
		}
	}
	return 0, 0
}

// The well-known symbols of the stanza names (their places in
// wellKnownNames, which TestStanzaSymbols checks).
const (
	symMessage  sym = 45
	symPresence sym = 46
	symIQ       sym = 47
)

// stanzaName tells the names of the three stanzas from the input word x
// at a name: it returns the name's well-known symbol and length if x
// begins with one of them, followed by a space for iq and message, or a
// length of 0. Compared as constants, they are found without shortName's
// search for the name's end and the cache's hash and set of two slots.
// What follows presence is left to tryAttrs, which reads on only after
// white space, '>' or "/>": a longer name, presences, is left to the
// general path as any other name that a byte tryAttrs gives up on ends.
func stanzaName(x uint64) (sym, int) {
	switch {
	case uint32(x)&0xffffff == 'i'|'q'<<8|' '<<16:
		return symIQ, 2
	case x == 'm'|'e'<<8|'s'<<16|'s'<<24|'a'<<32|'g'<<40|'e'<<48|' '<<56:
		return symMessage, 7
	case x == 'p'|'r'<<8|'e'<<16|'s'<<24|'e'<<32|'n'<<40|'c'<<48|'e'<<56:
		return symPresence, 8
	}
	return 0, 0
}
