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
