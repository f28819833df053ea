package sasl

import (
	"bytes"
	"crypto"
	"crypto/pbkdf2"
	"fmt"
)

// SaltedPassword computes the SCRAM SaltedPassword of RFC 5802 §3 for the
// hash h from password (prepared with PRECIS OpaqueString), salt and
// iterations: what a client sends in an XEP-0480 SCRAM upgrade task.
// iterations must lie within what ClientConfig would accept (cfg's
// bounds), so a hostile server cannot make the client spend without end.
func SaltedPassword(h crypto.Hash, password string, salt []byte, iterations int, cfg ClientConfig) ([]byte, error) {
	nh := newHash(h)
	if nh == nil {
		return nil, fmt.Errorf("sasl: hash %v is not a SCRAM hash", h)
	}
	lo, hi := cfg.iterationBounds()
	if iterations < lo || iterations > hi || len(salt) == 0 || len(salt) > maxSalt {
		return nil, fmt.Errorf("%w: iteration count %d or salt length %d out of bounds", ErrServerMessage, iterations, len(salt))
	}
	prepared, err := preparePassword(password)
	if err != nil {
		return nil, err
	}
	return pbkdf2.Key(nh, prepared, salt, iterations, h.Size())
}

// CredentialsFromSalted derives the stored credentials of RFC 5802 §2.2
// from a SaltedPassword a client computed (XEP-0480 SCRAM upgrade task).
func CredentialsFromSalted(h crypto.Hash, salted, salt []byte, iterations int) (ScramCredentials, error) {
	if newHash(h) == nil {
		return ScramCredentials{}, fmt.Errorf("sasl: hash %v is not a SCRAM hash", h)
	}
	if len(salted) != h.Size() || len(salt) == 0 || iterations < 1 {
		return ScramCredentials{}, fmt.Errorf("%w: salted password of %d bytes", ErrMalformedRequest, len(salted))
	}
	k := keysFrom(h, salted)
	return ScramCredentials{Salt: bytes.Clone(salt), Iterations: iterations, StoredKey: k.storedKey, ServerKey: k.serverKey}, nil
}
