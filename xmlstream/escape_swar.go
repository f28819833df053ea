package xmlstream

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// A word-at-a-time pass over the text the Writer writes (see swar.go for
// the method): most text is printable ASCII with nothing to escape, which
// is then copied without looking at each byte.

// plainTextPrefix returns how many bytes at the start of s are printable
// ASCII other than '<', '>' and '&': written in character data as
// themselves, with nothing to check. It may return less (a string under 8
// bytes that is not all plain, or a last word that is not, gives the start
// of its word), never more.
func plainTextPrefix(s string) int {
	n := len(s)
	p := unsafe.StringData(s)
	if n < 8 {
		if n == 0 || textStops(shortWord(p, n)) == 0 {
			return n
		}
		return 0
	}
	i := 0
	for ; i+8 < n; i += 8 {
		if t := textStops(wordAt(p, i)); t != 0 {
			return i + bits.TrailingZeros64(t)>>3
		}
	}
	if textStops(wordAt(p, n-8)) == 0 {
		return n
	}
	return i
}

// textStops flags (in their high bits) the bytes of x that are not plain in
// character data: controls, non-ASCII, '<', '>' and '&'. '<' and '>' (0x3C,
// 0x3E) differ in one bit only, so one comparison with that bit set finds
// both. The lowest flagged byte is a true match.
//
// The terms are not masked with &^ x as in swar.go, nor is x ORed in: a
// byte of x that is plain sets no term's high bit unless a byte below it
// borrowed (itself a stop, flagged), and one with its high bit set sets
// that of gl-lo8 or of amp-lo8 (no byte makes both gl and amp 0x80) unless a byte
// below it borrowed. So the lowest flagged byte, and whether there is one,
// are as with the masks, for seven operations fewer per word.
func textStops(x uint64) uint64 {
	gl, amp := (x|lo8*2)^(lo8*'>'), x^(lo8*'&')
	return ((x - lo8*0x20) | (gl - lo8) | (amp - lo8)) & hi8
}

// plainInQuotes reports whether value is written between double quotes as
// itself: ASCII with no control character and none of < & ". It is
// [PlainAttrValue] less the apostrophe, which is plain between double
// quotes, and costs one comparison fewer per word: '"' and '&' (0x22,
// 0x26) differ in one bit only, so one comparison with that bit set finds
// both.
func plainInQuotes(value string) bool {
	n := len(value)
	p := unsafe.StringData(value)
	if n < 8 {
		return n == 0 || quotedStops(shortWord(p, n)) == 0
	}
	for i := 0; i+8 < n; i += 8 {
		if quotedStops(wordAt(p, i)) != 0 {
			return false
		}
	}
	return quotedStops(wordAt(p, n-8)) == 0
}

// quotedStops flags (in their high bits) the bytes of x that are not plain
// between double quotes; terms unmasked as in textStops
// (no byte makes both lt and da 0x80).
func quotedStops(x uint64) uint64 {
	lt, da := x^(lo8*'<'), (x|lo8*4)^(lo8*'&')
	return ((x - lo8*0x20) | (lt - lo8) | (da - lo8)) & hi8
}

// putPlainQuoted stores value and a closing double quote at d+off, in
// room the caller made, if value is plain between double quotes (see
// plainInQuotes): each word of it is looked at once, checked and stored.
// Otherwise it reports false, having stored some of it. Its loads and
// stores are through pointers, with no check that could panic: it calls
// nothing, so it runs without a stack check or frame.
func putPlainQuoted(d unsafe.Pointer, off int, value string) bool {
	return putQuoted(d, off, value) >= 0
}

// putQuoted is putPlainQuoted returning the offset past the closing
// quote, or -1 where putPlainQuoted reports false: a caller that stores
// on after the value has its offset back in a register, not made again
// from the value's length.
func putQuoted(d unsafe.Pointer, off int, value string) int {
	n, p := len(value), unsafe.StringData(value)
	switch {
	case n <= 16 && n >= 8:
		// Two words, overlapping when n < 16, told and stored without
		// the loop: ids, namespaces, most addresses.
		lo, hi := wordAt(p, 0), wordAt(p, n-8)
		if quotedStops(lo)|quotedStops(hi) != 0 {
			return -1
		}
		putWordAt((*byte)(d), off, lo)
		putWordAt((*byte)(d), off+n-8, hi)
	case n > 16:
		for i := 0; i+8 < n; i += 8 {
			x := wordAt(p, i)
			if quotedStops(x) != 0 {
				return -1
			}
			putWordAt((*byte)(d), off+i, x)
		}
		x := wordAt(p, n-8)
		if quotedStops(x) != 0 {
			return -1
		}
		putWordAt((*byte)(d), off+n-8, x)
	case n >= 4:
		// Two loads of four bytes, overlapping when n < 8.
		lo := binary.LittleEndian.Uint32((*[4]byte)(unsafe.Pointer(p))[:])
		hi := binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(unsafe.Pointer(p), n-4))[:])
		if quotedStops(uint64(lo)|uint64(hi)<<32) != 0 {
			return -1
		}
		binary.LittleEndian.PutUint32((*[4]byte)(unsafe.Add(d, off))[:], lo)
		binary.LittleEndian.PutUint32((*[4]byte)(unsafe.Add(d, off+n-4))[:], hi)
	case n > 0:
		// Three loads of one byte, some the same when n < 3.
		q := unsafe.Add(d, off)
		first, mid, last := *p, *(*byte)(unsafe.Add(unsafe.Pointer(p), n>>1)), *(*byte)(unsafe.Add(unsafe.Pointer(p), n-1))
		if quotedStops(uint64(first)|uint64(mid)<<8|uint64(last)<<16|lo8*'a'&^0xffffff) != 0 {
			return -1
		}
		*(*byte)(q), *(*byte)(unsafe.Add(q, n>>1)), *(*byte)(unsafe.Add(q, n-1)) = first, mid, last
	}
	*(*byte)(unsafe.Add(d, off+n)) = '"'
	return off + n + 1
}

// putShort stores s, 1 to 16 bytes, at d+off, in room the caller made,
// with loads and stores through pointers that stay inside s and that
// room: two of eight or four bytes, overlapping where s is shorter, or
// three of one. It calls nothing, so it runs without a stack check.
func putShort(d unsafe.Pointer, off int, s string) {
	n, p, q := len(s), unsafe.Pointer(unsafe.StringData(s)), unsafe.Add(d, off)
	switch {
	case n >= 8:
		lo, hi := wordAt((*byte)(p), 0), wordAt((*byte)(p), n-8)
		putWordAt((*byte)(q), 0, lo)
		putWordAt((*byte)(q), n-8, hi)
	case n >= 4:
		lo := binary.LittleEndian.Uint32((*[4]byte)(p)[:])
		hi := binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(p, n-4))[:])
		binary.LittleEndian.PutUint32((*[4]byte)(q)[:], lo)
		binary.LittleEndian.PutUint32((*[4]byte)(unsafe.Add(q, n-4))[:], hi)
	default:
		first, mid, last := *(*byte)(p), *(*byte)(unsafe.Add(p, n>>1)), *(*byte)(unsafe.Add(p, n-1))
		*(*byte)(q), *(*byte)(unsafe.Add(q, n>>1)), *(*byte)(unsafe.Add(q, n-1)) = first, mid, last
	}
}
