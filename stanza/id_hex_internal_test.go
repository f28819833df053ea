package stanza

import (
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// TestPutHex8IsHexEncode holds putHex8 to hex.Encode: every byte
// value at every position, and random words.
func TestPutHex8IsHexEncode(t *testing.T) {
	check := func(src []byte) {
		t.Helper()
		got := make([]byte, 16)
		putHex8((*[16]byte)(got), (*[8]byte)(src))
		if want := hex.EncodeToString(src); string(got) != want {
			t.Fatalf("putHex8(% x) = %q, want %q", src, got, want)
		}
	}
	for pos := range 8 {
		for c := range 256 {
			src := make([]byte, 8)
			src[pos] = byte(c)
			check(src)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		src := make([]byte, 8)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		check(src)
	}
}
