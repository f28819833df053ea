package sasl

import (
	"context"
	"crypto"
	"crypto/hmac"
	"encoding/binary"
)

// pbkdf2Chunk is how many PBKDF2 iterations run between checks of the
// context: about a millisecond of SHA-512, so a cancelled derivation stops
// at once, and few enough checks to cost nothing.
const pbkdf2Chunk = 1024

// hiContext is Hi(password, salt, i) of RFC 5802 §2.2: PBKDF2 (RFC 8018
// §5.2) with HMAC-h and one output block of h's size, which is all SCRAM
// needs. It computes what crypto/pbkdf2 computes, but checks ctx every
// pbkdf2Chunk iterations and returns ctx's error once it is done: the
// iteration count comes from the server, so a client must be able to
// abandon the work at its deadline instead of running it to the end.
func hiContext(ctx context.Context, h crypto.Hash, password string, salt []byte, iterations int) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prf := hmac.New(newHash(h), []byte(password))
	prf.Write(salt)
	prf.Write(binary.BigEndian.AppendUint32(nil, 1)) // INT(1): the first block
	u := prf.Sum(make([]byte, 0, h.Size()))
	out := append([]byte(nil), u...)
	for i := 1; i < iterations; i++ {
		if i%pbkdf2Chunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		prf.Reset()
		prf.Write(u)
		u = prf.Sum(u[:0])
		xorInto(out, u)
	}
	return out, nil
}

// deriveKeysContext is deriveKeys with a derivation that stops when ctx is
// done (see hiContext).
func deriveKeysContext(ctx context.Context, h crypto.Hash, password string, salt []byte, iterations int) (scramKeys, error) {
	if iterations < 1 {
		return scramKeys{}, ErrIterationCount
	}
	salted, err := hiContext(ctx, h, password, salt, iterations)
	if err != nil {
		return scramKeys{}, err
	}
	return keysFrom(h, salted), nil
}
