package xmlstream

import "testing"

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
			for _, q := range []byte{'"', '\''} {
				want := wantAttr
				if c == int('"'^'\''^q) {
					want = len(b) // the other quote is plain
				}
				if got := skipQuotedAttr(b, 0, q); got != want {
					t.Fatalf("skipQuotedAttr(%c) with %#x at %d = %d, want %d", q, c, pos, got, want)
				}
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
		for _, q := range []byte{'"', '\''} {
			other := '"' ^ '\'' ^ q
			want := first(b, func(c byte) bool { return attrSpecial[c] && c != other })
			if got := skipQuotedAttr(b, 0, q); got != want {
				t.Fatalf("skipQuotedAttr(%q, %c) = %d, want %d", b, q, got, want)
			}
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
