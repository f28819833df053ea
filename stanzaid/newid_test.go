package stanzaid

import (
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// TestAppendUUID checks the digits NewID writes against encoding/hex:
// the UUID pattern TestNewID matches would pass digits in the wrong order
// or mapped to the wrong letters.
func TestAppendUUID(t *testing.T) {
	values := []uint64{0, ^uint64(0), 0x0123456789abcdef, 0xfedcba9876543210, 0x9a9a9a9a09090909}
	for range 1000 {
		values = append(values, rand.Uint64())
	}
	for i, hi := range values {
		lo := values[len(values)-1-i]
		var b [16]byte
		binary.BigEndian.PutUint64(b[0:8], hi&^0xf000|0x4000)
		binary.BigEndian.PutUint64(b[8:16], lo&^(0xc0<<56)|0x80<<56)
		x := hex.EncodeToString(b[:])
		want := x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
		if got := appendUUID([]byte("x"), hi, lo); string(got) != "x"+want {
			t.Fatalf("appendUUID(%#x, %#x) = %q, want %q", hi, lo, got, "x"+want)
		}
	}
}
