package xmlstream

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
	"unsafe"
)

// Word-at-a-time scanning: most bytes of text and attribute values are
// plain ASCII that needs no attention, so they are skipped eight at a time.
//
// For a word y, (y-lo8)&^y&hi8 is non-zero exactly when some byte of y is
// zero; applied to x^(lo8*c) it finds byte c, and applied to x-lo8*0x20
// (with x's own high bits) bytes below 0x20. The terms are ORed before the
// final mask, which keeps the "some byte" test exact.
//
// The scans here flag every byte that is not plain ASCII, so they leave out
// the &^ masks and x itself: a byte that is plain (0x20-0x7F, none of the
// bytes compared with) sets no term's high bit unless the byte below it
// borrowed, and a byte only borrows when it is flagged itself. A byte of
// 0xA0 or more keeps its high bit in x-lo8*0x20, and one of 0x80-0x9F in
// every comparison term (x|m)^(lo8*c) with c in 0x20-0x7F and m below 0x20,
// which is 0x80 only for x|m = c|0x80, 0xA0 or more. So the lowest flagged
// byte, and whether there is one, are as with the masks.

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// skipPlainText returns the index of the first byte at or after i in b that
// readText must look at (or len(b)).
func skipPlainText(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		lt, amp, br := x^(lo8*'<'), x^(lo8*'&'), x^(lo8*']')
		t := (x - lo8*0x20) | (lt - lo8) | (amp - lo8) | (br - lo8)
		if t &= hi8; t != 0 {
			// The lowest flagged byte is a true match: false positives
			// only occur above one. Tabs and line feeds are flagged but
			// plain in text: step over them.
			j := i + bits.TrailingZeros64(t)>>3
			if textSpecial[b[j]] {
				return j
			}
			i = j + 1 - 8
		}
	}
	for i < len(b) && !textSpecial[b[i]] {
		i++
	}
	return i
}

// skipPlainAttr returns the index of the first byte at or after i in b that
// an attribute value scan must look at (or len(b)).
func skipPlainAttr(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		t := (x - lo8*0x20) | attrQuoteAmpLt(x)
		if t &= hi8; t != 0 {
			// The lowest flagged byte is a true match: false positives
			// only occur above one.
			return i + bits.TrailingZeros64(t)>>3
		}
	}
	for i < len(b) && !attrSpecial[b[i]] {
		i++
	}
	return i
}

// valueStops flags (in its high bits) the bytes of the input word x that
// the fast path's value scan (see tryAttrs) stops at: those below '('
// (control bytes, white space, both quotes and '&' among them), '<' and
// the non-ASCII ones; the lowest flagged byte is a true match. Two
// comparisons a word: the scan steps over the plain bytes below '(' one
// at a time, which values seldom hold.
func valueStops(x uint64) uint64 {
	return ((x - lo8*'(') | (x ^ (lo8 * '<') - lo8)) & hi8
}

// valueStop reports whether the value scan stops at byte c (valueStops).
func valueStop(c byte) bool { return c < '(' || c == '<' || c >= utf8.RuneSelf }

// wordAt returns the eight bytes at p+i, little-endian. The caller has
// checked that they lie in p's slice: the loads of the fast loops then
// carry no bounds checks.
func wordAt(p *byte, i int) uint64 {
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(p), i))[:])
}

// putWordAt stores x as the eight bytes at p+i, little-endian; the caller
// has checked that they lie in p's slice.
func putWordAt(p *byte, i int, x uint64) {
	binary.LittleEndian.PutUint64((*[8]byte)(unsafe.Add(unsafe.Pointer(p), i))[:], x)
}

// PlainAttrValue reports whether value is written in an attribute as
// itself, between either quote, with nothing to escape or check: it is
// ASCII with no control character and none of < & " '. It looks at eight
// bytes at a time; the last 1 to 7 are looked at in one word too, read
// overlapping the bytes before them (or, in a value under 8 bytes, from
// overlapping loads padded with a plain byte).
func PlainAttrValue(value string) bool {
	n := len(value)
	p := unsafe.StringData(value)
	if n < 8 {
		return n == 0 || plainAttrWord(shortWord(p, n))
	}
	b := unsafe.Slice(p, n)
	for i := 0; i+8 < n; i += 8 {
		if !plainAttrWord(binary.LittleEndian.Uint64(b[i:])) {
			return false
		}
	}
	return plainAttrWord(binary.LittleEndian.Uint64(b[n-8:]))
}

// shortWord returns the n bytes at p (0 < n < 8) in one word, some of them
// more than once, the rest 'a' (plain wherever a value's bytes are).
func shortWord(p *byte, n int) uint64 {
	b := unsafe.Slice(p, n)
	if n >= 4 {
		return uint64(binary.LittleEndian.Uint32(b)) | uint64(binary.LittleEndian.Uint32(b[n-4:]))<<32
	}
	return uint64(b[0]) | uint64(b[n>>1])<<8 | uint64(b[n-1])<<16 | lo8*'a'&^0xffffff
}

// plainAttrWord reports whether no byte of x is one skipPlainAttr stops at.
func plainAttrWord(x uint64) bool {
	return ((x-lo8*0x20)|attrQuoteAmpLt(x))&hi8 == 0
}

// attrQuoteAmpLt is the comparison terms of an unquoted attribute scan,
// unmasked: '<', '"', and '&' with the single quote (0x26, 0x27, which
// differ in the lowest bit only) in one comparison.
func attrQuoteAmpLt(x uint64) uint64 {
	lt, dq, as := x^(lo8*'<'), x^(lo8*'"'), (x|lo8)^(lo8*'\'')
	return (lt - lo8) | (dq - lo8) | (as - lo8)
}
