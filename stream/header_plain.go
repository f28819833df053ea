package stream

import (
	"encoding/binary"
	"unsafe"
)

// plainASCII reports whether s is printable ASCII that an attribute value
// in single quotes carries as is: 0x20 to 0x7E but & < > ' and ". (The
// header writer also escapes '>', and leaves DEL to the careful path.) It
// looks at eight bytes at a time, the last eight overlapping those before
// them; a string under 8 bytes one byte at a time.
func plainASCII(s string) bool {
	n := len(s)
	if n < 8 {
		for i := range n {
			if c := s[i]; c < 0x20 || c > 0x7E || c == '&' || c == '<' || c == '>' || c == '\'' || c == '"' {
				return false
			}
		}
		return true
	}
	b := unsafe.Slice(unsafe.StringData(s), n)
	for i := 0; i+8 < n; i += 8 {
		if headerStops(binary.LittleEndian.Uint64(b[i:])) != 0 {
			return false
		}
	}
	return headerStops(binary.LittleEndian.Uint64(b[n-8:])) == 0
}

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// headerStops is non-zero exactly when a byte of x is not plain (see
// plainASCII). Each term sets a byte's high bit where the byte is one
// thing plainASCII refuses: x-0x20 below 0x20, x+1 at 0x7F, and y-1
// where y, x compared with '<' and '>', with '&' and '\” (each pair
// differs in one bit, set in x before the comparison) or with '"', is
// zero. A byte from 0x80 makes two of the three y from 0x81, which sets
// their high bits too. A term sets a high bit wrongly only above a byte
// that borrowed or carried, itself refused, so the terms need no masking
// before they are ORed.
func headerStops(x uint64) uint64 {
	gl, aa, dq := (x|lo8*2)^(lo8*'>'), (x|lo8)^(lo8*'\''), x^(lo8*'"')
	return ((x - lo8*0x20) | (x + lo8) | (gl - lo8) | (aa - lo8) | (dq - lo8)) & hi8
}
