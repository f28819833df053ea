package stream

import (
	"strings"
	"testing"
)

// TestPlainASCII checks the word-at-a-time scan against the byte rule for
// every byte value at every position of strings of 1 to 19 bytes (both
// the eight-byte words and the tail), and after a byte it must pass.
func TestPlainASCII(t *testing.T) {
	plain := func(c byte) bool {
		return c >= 0x20 && c <= 0x7E && !strings.ContainsRune(`&<>'"`, rune(c))
	}
	for n := 1; n < 20; n++ {
		for p := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("a", n))
				b[p] = byte(c)
				if got, want := plainASCII(string(b)), plain(byte(c)); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
				if p+1 < n {
					b[p+1] = 0x7F // a byte to flag right after one that may pass
					if plainASCII(string(b)) {
						t.Fatalf("plainASCII(%q) = true", b)
					}
				}
			}
		}
	}
}

// TestUsualValuesArePlain checks that what the header writer takes
// without escaping needs none.
func TestUsualValuesArePlain(t *testing.T) {
	for _, v := range []string{NS, nsClient, nsServer, nsComponent, Version, "en"} {
		if !usualValue(v) || !plainASCII(v) {
			t.Errorf("%q: usual %v, plain %v", v, usualValue(v), plainASCII(v))
		}
	}
	if usualValue("en'") || usualValue("") || usualValue("EN") {
		t.Error("usualValue admits a value that is not one of them")
	}
}
