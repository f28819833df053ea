package xmlstream

import (
	"encoding/binary"
	"unicode/utf8"
	"unsafe"
)

// shortNames enables the short-name lookup in fastName; tests turn it off to compare
// with the path that reads every byte.
var shortNames = true

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

// tryStartTag is the fast path of readStartTag. It appends to el.attrs and
// d.scratch in place, and cuts them back to their old lengths if it gives
// up: kept in locals, they were six more values than the loop has
// registers for, spilled and reloaded at every attribute.
func (d *Decoder) tryStartTag(el *Element) (prefix, local sym, empty bool, decls int, ok bool) {
	prefix, local, i, ok := d.fastName(d.buf[:d.end], d.pos)
	if !ok {
		return 0, 0, false, 0, false
	}
	// Loaded after the call, so that the loop finds them in registers:
	// values from before a call are reloaded from the stack at each use.
	b := d.buf[:d.end]
	a0, s0 := len(el.attrs), len(d.scratch)
	for ok {
		// White space is at most ' ': the byte that ends it, most often
		// a name's first, is told by one comparison, without the table.
		// Compared as uint (j is never negative), b[j] needs no bounds
		// check of its own.
		j := i
		for uint(j) < uint(len(b)) && b[j] <= ' ' && spaceTable[b[j]] {
			j++
		}
		if j == len(b) {
			break
		}
		switch b[j] {
		case '>':
			d.pos = j + 1
			return prefix, local, false, decls, true
		case '/':
			if j+1 < len(b) && b[j+1] == '>' {
				d.pos = j + 2
				return prefix, local, true, decls, true
			}
			ok = false
			continue
		}
		if j == i || len(el.attrs)-a0 >= d.lim.MaxAttrs {
			break
		}
		// name='value' (read here rather than by a function of its
		// own, whose call cost more than the work).
		// A name the stream used before is looked up here, as fastName
		// would first, without the call.
		ap, al, k := symEmpty, sym(0), 0
		if key, n := shortName(loadWord(b, j)); shortNames && n > 0 && n <= d.lim.MaxNameBytes {
			if id, hit := d.syms.cachedName(key, n); hit {
				al, k = id, j+n
			}
		}
		if k == 0 {
			var nameOK bool
			if ap, al, k, nameOK = d.fastName(b, j); !nameOK {
				break
			}
		}
		if k+1 >= len(b) || b[k] != '=' {
			break
		}
		q := b[k+1]
		if q != '"' && q != '\'' {
			break
		}
		// A call: inlined, the scan's loop had the tag loop's values
		// reloaded from the stack at every word.
		v := k + 2
		e := skipQuotedAttr(b, v, q)
		if e == len(b) || b[e] != q || e-v > d.lim.MaxAttrValueBytes {
			break
		}
		off := len(d.scratch)
		d.scratch = appendValue(d.scratch, b, v, e)
		n := len(el.attrs)
		if n < cap(el.attrs) {
			el.attrs = el.attrs[:n+1]
		} else {
			el.attrs = growAttrs(el.attrs)
		}
		p := &el.attrs[n]
		p.space, p.local, p.off, p.n = ap, al, int32(off), int32(e-v)
		if isDecl(p) {
			decls++
		}
		i = e + 1
	}
	// Give up: the general path reads the tag again.
	el.attrs, d.scratch = el.attrs[:a0], d.scratch[:s0]
	return 0, 0, false, 0, false
}

// loadWord returns the eight bytes of b at i, little-endian, or 0 (which
// shortName finds no name in) if fewer than eight remain.
func loadWord(b []byte, i int) uint64 {
	if i+8 > len(b) {
		return 0
	}
	return wordAt(unsafe.SliceData(b), i)
}

// appendValue appends b[v:e] to scratch. A value of up to 16 bytes, with
// room in both slices, is copied as two words (bytes past its end land in
// scratch's spare capacity, which nothing reads): a call of memmove per
// attribute cost more than the copy.
func appendValue(scratch, b []byte, v, e int) []byte {
	n := len(scratch)
	if e-v > 16 || v+16 > len(b) || n+16 > cap(scratch) {
		return append(scratch, b[v:e]...)
	}
	dst, src := scratch[n:n+16], b[v:v+16]
	binary.LittleEndian.PutUint64(dst, binary.LittleEndian.Uint64(src))
	binary.LittleEndian.PutUint64(dst[8:], binary.LittleEndian.Uint64(src[8:]))
	return scratch[:n+e-v]
}

// tryEndTag is the fast path of endTag: pos is just after "</".
func (d *Decoder) tryEndTag(open openTag) bool {
	// The usual end tag, a name of under 8 bytes without prefix, is
	// compared as one word: a call of memequal cost more than the work.
	// The word may reach past end into the buffer's stale bytes (the
	// last end tag of a read often ends the input): only its bytes up
	// to '>', checked to lie before end, are compared.
	if open.prefix == symEmpty && d.pos+8 <= len(d.buf) {
		local := d.syms.name(open.local)
		if n := len(local); n < 8 && d.pos+n < d.end {
			w := wordAt(unsafe.SliceData(d.buf), d.pos)
			if w&(1<<(8*n)-1) == nameKey(unsafe.Slice(unsafe.StringData(local), n)) && byte(w>>(8*n)) == '>' {
				d.pos += n + 1
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
