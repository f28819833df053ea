package jid

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// TestALabelBound checks that aLabelBound never underestimates the length of
// an A-label, on labels built to make Punycode deltas large.
func TestALabelBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := []func() rune{
		func() rune { return rune('a' + rng.IntN(26)) },
		func() rune { return rune(0x80 + rng.IntN(0x700)) },
		func() rune { return rune(0x4e00 + rng.IntN(0x5000)) },
		func() rune { return unicode.MaxRune - rune(rng.IntN(0x100)) },
		func() rune { return rune(0x10000 + rng.IntN(0x100000)) },
	}
	for range 3000 {
		var b strings.Builder
		for n := 1 + rng.IntN(58); n > 0; n-- {
			r := pick[rng.IntN(len(pick))]()
			if !utf8.ValidRune(r) {
				r = 'x'
			}
			b.WriteRune(r)
		}
		label := b.String()
		if isASCII(label) {
			continue
		}
		a, err := idna.Punycode.ToASCII(label)
		if err != nil {
			t.Fatalf("%+q: %v", label, err)
		}
		if bound := aLabelBound(label); len(a) > bound {
			t.Fatalf("%+q: A-label %d octets, bound %d", label, len(a), bound)
		}
	}
}
