package stanzaid

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// TestHex16 checks the digits NewID writes against encoding/hex: the UUID
// pattern TestNewID matches would pass digits in the wrong order or
// mapped to the wrong letters.
func TestHex16(t *testing.T) {
	values := []uint64{0, ^uint64(0), 0x0123456789abcdef, 0xfedcba9876543210, 0x9a9a9a9a09090909}
	for range 1000 {
		values = append(values, rand.Uint64())
	}
	for _, v := range values {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v)
		if got, want := hex16(v), hex.EncodeToString(b[:]); string(got[:]) != want {
			t.Fatalf("hex16(%#x) = %q, want %q", v, got[:], want)
		}
	}
}
