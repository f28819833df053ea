package stanza

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// idBytes is the number of random bytes in an id: 64 bits, so that ids
// cannot be guessed (RFC 6120 §8.1.3 and the IQ spoofing attacks of
// CVE-2024-46957).
const idBytes = 8

// idBatch holds random bytes read from crypto/rand in one call, handed out
// idBytes at a time. A batch belongs to one goroutine between Get and Put,
// so no byte is ever handed out twice.
type idBatch struct {
	buf [64 * idBytes]byte
	off int
}

var idPool = sync.Pool{New: func() any { return &idBatch{off: len(idBatch{}.buf)} }}

// NewID returns a new unpredictable stanza id: 16 lowercase hexadecimal
// characters encoding 64 bits from crypto/rand. It is safe for concurrent use.
func NewID() string {
	b := idPool.Get().(*idBatch)
	if b.off+idBytes > len(b.buf) {
		// crypto/rand.Read never fails (Go 1.24 and later).
		_, _ = rand.Read(b.buf[:])
		b.off = 0
	}
	var out [2 * idBytes]byte
	hex.Encode(out[:], b.buf[b.off:b.off+idBytes])
	clear(b.buf[b.off : b.off+idBytes])
	b.off += idBytes
	idPool.Put(b)
	return string(out[:])
}
