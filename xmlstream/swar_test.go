package xmlstream

import (
	"encoding/binary"
	"math/bits"
	"testing"
)

// TestSkipPlain checks the word-at-a-time scans against the byte tables
// for every byte value at every position of a word.
func TestSkipPlain(t *testing.T) {
	for c := range 256 {
		for pos := range 20 {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[pos] = byte(c)
			wantText, wantAttr := len(b), len(b)
			if textSpecial[c] {
				wantText = pos
			}
			if attrSpecial[c] {
				wantAttr = pos
			}
			if got := skipPlainText(b, 0); got != wantText {
				t.Fatalf("skipPlainText with %#x at %d = %d, want %d", c, pos, got, wantText)
			}
			if got := skipPlainAttr(b, 0); got != wantAttr {
				t.Fatalf("skipPlainAttr with %#x at %d = %d, want %d", c, pos, got, wantAttr)
			}
			wantValue := len(b)
			if valueStop(byte(c)) {
				wantValue = pos
			}
			if got := firstValueStop(b); got != wantValue {
				t.Fatalf("valueStops with %#x at %d: stop at %d, want %d", c, pos, got, wantValue)
			}
		}
	}
}

// TestPlainAttrValue holds PlainAttrValue, which reads the last bytes and
// short values in overlapping words, to the byte table: every byte value
// at every position of values of 1 to 24 bytes.
func TestPlainAttrValue(t *testing.T) {
	if !PlainAttrValue("") {
		t.Fatal(`PlainAttrValue("") = false`)
	}
	base := "abcdefghijklmnopqrstuvwx"
	for n := 1; n <= len(base); n++ {
		for pos := range n {
			for c := range 256 {
				b := []byte(base[:n])
				b[pos] = byte(c)
				want := !attrSpecial[c]
				if got := PlainAttrValue(string(b)); got != want {
					t.Fatalf("PlainAttrValue(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestSkipPlainPairs holds the word-at-a-time scans, whose terms are not
// masked, to the byte tables for every pair of byte values, the second
// right after the first or a word later: a byte a borrow runs into is
// flagged only above a true stop.
func TestSkipPlainPairs(t *testing.T) {
	const base = "abcdefghijklmnopqrstuvwx"
	first := func(b []byte, special func(c byte) bool) int {
		for i, c := range b {
			if special(c) {
				return i
			}
		}
		return len(b)
	}
	eachBytePair(base, func(b []byte) {
		if got, want := skipPlainText(b, 0), first(b, func(c byte) bool { return textSpecial[c] }); got != want {
			t.Fatalf("skipPlainText(%q) = %d, want %d", b, got, want)
		}
		wantAttr := first(b, func(c byte) bool { return attrSpecial[c] })
		if got := skipPlainAttr(b, 0); got != wantAttr {
			t.Fatalf("skipPlainAttr(%q) = %d, want %d", b, got, wantAttr)
		}
		if got, want := PlainAttrValue(string(b)), wantAttr == len(b); got != want {
			t.Fatalf("PlainAttrValue(%q) = %v, want %v", b, got, want)
		}
		if got, want := firstValueStop(b), first(b, valueStop); got != want {
			t.Fatalf("valueStops(%q): stop at %d, want %d", b, got, want)
		}
	})
}

// eachBytePair calls f with base holding every pair of byte values, at 3
// and right after it or a word later: the pairs the word-at-a-time scans
// are tested on, since a byte a borrow runs into must be flagged only
// above a true stop.
func eachBytePair(base string, f func(b []byte)) {
	b := []byte(base)
	for x := range 256 {
		for y := range 256 {
			for _, gap := range []int{1, 8} {
				copy(b, base)
				b[3], b[3+gap] = byte(x), byte(y)
				f(b)
			}
		}
	}
}

// firstValueStop returns the index of the first byte of b, from its whole
// words, that valueStops flags (len(b) if none).
func firstValueStop(b []byte) int {
	for i := 0; i+8 <= len(b); i += 8 {
		if t := valueStops(binary.LittleEndian.Uint64(b[i:])); t != 0 {
			return i + bits.TrailingZeros64(t)>>3
		}
	}
	return len(b)
}
