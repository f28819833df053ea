package jid

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestUnchangedEveryCodePoint checks the shortcuts for normalised non-ASCII
// parts against the full path for every code point, alone and after an
// ASCII letter: whenever a shortcut claims a part is unchanged, PRECIS must
// accept it and return it as it is. With -short it samples the code points.
func TestUnchangedEveryCodePoint(t *testing.T) {
	step := rune(1)
	if testing.Short() {
		step = 17
	}
	var local, resource int
	for r := rune(0x80); r <= unicode.MaxRune; r += step {
		if 0xd800 <= r && r <= 0xdfff {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r)} {
			if unchangedLocal(s) {
				local++
				if got, err := enforceLocal(s); err != nil || got != s {
					t.Fatalf("localpart %+q: shortcut says unchanged, full path gives %+q, %v", s, got, err)
				}
			}
			if unchangedResource(s) {
				resource++
				if got, err := enforceResource(s); err != nil || got != s {
					t.Fatalf("resourcepart %+q: shortcut says unchanged, full path gives %+q, %v", s, got, err)
				}
			}
		}
	}
	t.Logf("shortcut taken for %d localparts and %d resourceparts", local, resource)
}

func TestUnchangedTaken(t *testing.T) {
	for _, s := range []string{"jürgen", "テスト", "пример", "fußball", "π", "σ", "ς", "ü_", "1ü"} {
		if !unchangedLocal(s) {
			t.Errorf("unchangedLocal(%q) = false", s)
		}
	}
	for _, s := range []string{"Küche", "♚", "Ünïcode Çase", "ＦＵＬＬ", "שלום"} {
		if !unchangedResource(s) {
			t.Errorf("unchangedResource(%q) = false", s)
		}
	}
	for _, s := range []string{"Jürgen", "ｊ", "e\u0301", "שלום", "a\xff", "henry\u2163", "a\u200db"} {
		if unchangedLocal(s) {
			t.Errorf("unchangedLocal(%q) = true", s)
		}
	}
	for _, s := range []string{"a\u3000b", "e\u0301", "\xff", "a\u200b", "\u00ad"} {
		if unchangedResource(s) {
			t.Errorf("unchangedResource(%q) = true", s)
		}
	}
}

// TestTwoByteSimpleStaysNFC checks the claim twoByte relies on: any string
// of simple code points (and printable ASCII) is in NFC. Composition and
// reordering need a code point that combines backward or has a non-zero
// combining class, and simple ones have neither, so pairs are enough.
func TestTwoByteSimpleStaysNFC(t *testing.T) {
	var simple []string
	for c := rune(0x20); c < 0x7f; c++ {
		simple = append(simple, string(c))
	}
	for r := rune(0x80); r < twoByteEnd; r++ {
		if twoByte()[r] != 0 {
			simple = append(simple, string(r))
		}
	}
	if len(simple) < 1000 {
		t.Fatalf("only %d simple code points", len(simple))
	}
	for _, a := range simple {
		for _, b := range simple {
			if !norm.NFC.IsNormalString(a + b) {
				t.Fatalf("%+q is not in NFC", a+b)
			}
		}
	}
}
