package stanza

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"sync/atomic"
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

// spareBatch is a batch in the program's static data, which one goroutine
// at a time may use (spareTaken), and idPool holds more. The spare is
// tried first: its CompareAndSwap and Store cost a few instructions per
// id, the pool's Get and Put about 120 (an IQ request makes one id). A
// goroutine that finds it taken uses the pool; either way a batch belongs
// to one goroutine at a time.
var (
	spareBatch = idBatch{off: len(idBatch{}.buf)}
	spareTaken atomic.Bool
	idPool     = sync.Pool{New: func() any { return &idBatch{off: len(idBatch{}.buf)} }}
)

// NewID returns a new unpredictable stanza id: 16 lowercase hexadecimal
// characters encoding 64 bits from crypto/rand. It is safe for concurrent use.
func NewID() string {
	var out [2 * idBytes]byte
	fillID(out[:])
	return string(out[:])
}

// AppendID appends a new id, as [NewID] returns, to dst and returns the
// extended slice: with room for its 16 bytes in dst, it allocates
// nothing, for a caller that keeps the id in storage of its own.
func AppendID(dst []byte) []byte {
	n := len(dst)
	dst = append(dst, make([]byte, 2*idBytes)...)
	fillID(dst[n:])
	return dst
}

// NewStreamID returns a new unpredictable identifier of 128 bits from
// crypto/rand, as 32 lowercase hexadecimal characters: for what must
// resist guessing for the life of a stream rather than of one request,
// such as a stream id (RFC 6120 §4.7.3). It is safe for concurrent use.
func NewStreamID() string {
	var out [4 * idBytes]byte
	fillID(out[:])
	return string(out[:])
}

// fillID fills dst, a multiple of 2*idBytes long, with fresh random bytes
// in hexadecimal, idBytes at a time, taking the batch from the pool once.
func fillID(dst []byte) {
	b := &spareBatch
	// Read first: cores that find the spare taken then share its cache
	// line, where a CompareAndSwap would take it from the others each time.
	spare := !spareTaken.Load() && spareTaken.CompareAndSwap(false, true)
	if !spare {
		b = idPool.Get().(*idBatch)
	}
	for ; len(dst) >= 2*idBytes; dst = dst[2*idBytes:] {
		if b.off > len(b.buf)-idBytes {
			// crypto/rand.Read never fails (Go 1.24 and later).
			_, _ = rand.Read(b.buf[:])
			b.off = 0
		}
		src := (*[idBytes]byte)(b.buf[b.off:])
		putHex8((*[2 * idBytes]byte)(dst), src)
		*src = [idBytes]byte{}
		b.off += idBytes
	}
	if spare {
		spareTaken.Store(false)
	} else {
		idPool.Put(b)
	}
}

// putHex8 writes the 8 bytes of src into dst as 16 lowercase hexadecimal
// digits, as hex.Encode does, eight digits to a word rather than a table
// look-up per digit: each half of src has its nibbles spread into the
// bytes of a word, high nibble first, then turned into digits all at once.
func putHex8(dst *[2 * idBytes]byte, src *[idBytes]byte) {
	v := binary.BigEndian.Uint64(src[:])
	binary.BigEndian.PutUint64(dst[:8], hexDigits(nibbles(uint32(v>>32))))
	binary.BigEndian.PutUint64(dst[8:], hexDigits(nibbles(uint32(v))))
}

// nibbles spreads the nibbles of v into the bytes of a word, the first
// (most significant) nibble in the most significant byte.
func nibbles(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000ffff0000ffff
	x = (x | x<<8) & 0x00ff00ff00ff00ff
	return (x | x<<4) & 0x0f0f0f0f0f0f0f0f
}

// hexDigits turns each byte of x, a nibble, into its lowercase hexadecimal
// digit: '0' added to each, and 'a'-'0'-10 more to those of 10 and above
// (which adding 6 carries into bit 4).
func hexDigits(x uint64) uint64 {
	const ones = 0x0101010101010101
	letters := (x + 6*ones) >> 4 & ones
	return x + '0'*ones + letters*('a'-'0'-10)
}
