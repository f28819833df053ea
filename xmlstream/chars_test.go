package xmlstream

import "testing"

// TestIsNCNameDifferential holds isNCName's ASCII loop to the general
// rune-by-rune check (ncNameFrom from 0) on every string of up to three
// pieces drawn from name bytes, other ASCII and UTF-8 sequences (name
// starts, name characters only, non-names, broken).
func TestIsNCNameDifferential(t *testing.T) {
	pieces := []string{"a", "Z", "_", "0", "-", ".", ":", " ", "\x00", "\x7f",
		"é", "\u00b7", "\u0300", "\u2040", "\u00d7", "\u3000", "\xc3", "\xff"}
	var check func(s string, depth int)
	check = func(s string, depth int) {
		if s != "" {
			if got, want := isNCName(s), ncNameFrom(s, 0); got != want {
				t.Fatalf("isNCName(%q) = %v, general check %v", s, got, want)
			}
		}
		if depth == 3 {
			return
		}
		for _, p := range pieces {
			check(s+p, depth+1)
		}
	}
	check("", 0)
	if isNCName("") {
		t.Fatal(`isNCName("") = true`)
	}
}

// TestValidCharsDifferential holds validChars's word-at-a-time pass to the
// byte-by-byte check (validCharsFrom from 0): each piece (controls, DEL,
// UTF-8 sequences valid and not, non-Chars) at every position of values of
// up to 20 bytes.
func TestValidCharsDifferential(t *testing.T) {
	pieces := []string{"a", "\t", "\n", "\r", "\x00", "\x1f", " ", "\x7f", "é", "\u20ac",
		"\U0001F600", "\uFFFE", "\xed\xa0\x80", "\xc3", "\xff", "\x80"}
	base := "urn:xmpp:ping:abcdefg"
	for n := range 21 {
		for pos := range n + 1 {
			for _, p := range pieces {
				s := base[:pos] + p + base[pos:n]
				if got, want := validChars(s), validCharsFrom(s, 0); got != want {
					t.Fatalf("validChars(%q) = %v, byte check %v", s, got, want)
				}
			}
		}
	}
}
