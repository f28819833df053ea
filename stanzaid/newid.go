package stanzaid

import (
	"crypto/rand"
	"encoding/binary"
	mrand "math/rand/v2"
	"slices"
	"sync"
)

// NewID returns a new random (version 4) UUID, the form §2.1 recommends:
// unpredictable (§3 rule 1) and telling nothing about who made it or how
// many came before (§6: not the size of an archive, which rules out a
// counter, even behind a random prefix).
//
// Its 122 random bits come from a ChaCha8 generator (math/rand/v2's,
// which is cryptographically strong) seeded from crypto/rand, one per
// concurrent caller: a server stamps every message it routes, and reading
// crypto/rand for each cost two thirds more.
func NewID() string {
	var buf [IDBytes]byte
	return string(AppendID(buf[:0]))
}

// IDBytes is the length of the ids NewID returns.
const IDBytes = 36

// AppendID appends what NewID returns to dst: several ids in one string
// cost one allocation.
func AppendID(dst []byte) []byte {
	return AppendIDs(dst, 1)
}

// AppendIDs appends n ids, each what NewID returns, to dst, drawing them
// all from one generator: a server that needs two ids for a message (the
// recipient's stanza-id and the sender's archive id) takes the generator
// from its pool once. Each id is still 122 bits of its own from the
// generator, as random as one from NewID.
func AppendIDs(dst []byte, n int) []byte {
	dst = slices.Grow(dst, n*IDBytes)
	g := generators.Get().(*mrand.ChaCha8)
	for range n {
		dst = appendUUID(dst, g.Uint64(), g.Uint64())
	}
	generators.Put(g)
	return dst
}

// appendUUID appends hi and lo, made a version 4 UUID, to dst: each
// group's digits stored whole in place, as hexBytes spreads them.
func appendUUID(dst []byte, hi, lo uint64) []byte {
	hi = hi&^0xf000 | 0x4000       // version 4 (RFC 4122 §4.1.3)
	lo = lo&^(0xc0<<56) | 0x80<<56 // variant 10 (§4.1.1)
	h1, l0 := hexBytes(uint32(hi)), hexBytes(uint32(lo>>32))
	n := len(dst)
	dst = slices.Grow(dst, IDBytes)[:n+IDBytes]
	out := (*[IDBytes]byte)(dst[n:])
	binary.BigEndian.PutUint64(out[0:8], hexBytes(uint32(hi>>32)))
	out[8] = '-'
	binary.BigEndian.PutUint32(out[9:13], uint32(h1>>32))
	out[13] = '-'
	binary.BigEndian.PutUint32(out[14:18], uint32(h1))
	out[18] = '-'
	binary.BigEndian.PutUint32(out[19:23], uint32(l0>>32))
	out[23] = '-'
	binary.BigEndian.PutUint32(out[24:28], uint32(l0))
	binary.BigEndian.PutUint64(out[28:36], hexBytes(uint32(lo)))
	return dst
}

// generators hands each caller a generator no one else uses meanwhile.
// One dropped by the collector is replaced by a freshly seeded one.
var generators = sync.Pool{New: func() any {
	var seed [32]byte
	_, _ = rand.Read(seed[:]) // never fails (Go 1.24 and later)
	return mrand.NewChaCha8(seed)
}}

// hexBytes spreads the eight nibbles of v over the eight bytes of the
// result, the most significant in the top byte, as the ASCII of their
// hexadecimal digits.
func hexBytes(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000ffff0000ffff
	x = (x | x<<8) & 0x00ff00ff00ff00ff
	x = (x | x<<4) & 0x0f0f0f0f0f0f0f0f
	// A byte of 10 or more carries into its bit 4 when 6 is added: those
	// get 'a'-10 rather than '0' added.
	letters := (x + 0x0606060606060606) >> 4 & 0x0101010101010101
	return x + 0x3030303030303030 + letters*('a'-'0'-10)
}
