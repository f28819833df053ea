package xmlstream

import (
	"testing"
	"unsafe"
)

// TestDecoderSize: every stream holds a Decoder for as long as it lasts,
// idle or not, and the allocator rounds its size up to a size class (2,048
// bytes, then 2,304 and 2,688): a field added to it should come with room
// made elsewhere, not silently cost each idle stream a size class.
func TestDecoderSize(t *testing.T) {
	if n := unsafe.Sizeof(Decoder{}); n > 2048 {
		t.Errorf("Decoder is %d bytes, over the 2,048-byte size class", n)
	}
	// The Writer is held for as long, too (512-byte size class).
	if n := unsafe.Sizeof(Writer{}); n > 512 {
		t.Errorf("Writer is %d bytes, over the 512-byte size class", n)
	}
}
