package sasl

import (
	"crypto"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"hash"
	"strings"
)

// scramMech describes one SCRAM mechanism name.
type scramMech struct {
	hash crypto.Hash
	plus bool
}

// scramMechs maps every SCRAM mechanism name to its hash and binding form.
var scramMechs = map[string]scramMech{
	ScramSHA1:       {crypto.SHA1, false},
	ScramSHA1Plus:   {crypto.SHA1, true},
	ScramSHA256:     {crypto.SHA256, false},
	ScramSHA256Plus: {crypto.SHA256, true},
	ScramSHA512:     {crypto.SHA512, false},
	ScramSHA512Plus: {crypto.SHA512, true},
}

func isScram(name string) bool { _, ok := scramMechs[name]; return ok }

func isPlus(name string) bool { return strings.HasSuffix(name, "-PLUS") }

// newHash returns the constructor of one of the three SCRAM hashes, or nil.
func newHash(h crypto.Hash) func() hash.Hash {
	switch h {
	case crypto.SHA1:
		return sha1.New
	case crypto.SHA256:
		return sha256.New
	case crypto.SHA512:
		return sha512.New
	}
	return nil
}

// scramKeys are the keys of RFC 5802 §3 derived from a password.
type scramKeys struct {
	clientKey, storedKey, serverKey []byte
}

// deriveKeys computes SaltedPassword with PBKDF2 (Hi) and the keys from it.
// password must already be prepared (OpaqueString).
func deriveKeys(h crypto.Hash, password string, salt []byte, iterations int) (scramKeys, error) {
	nh := newHash(h)
	salted, err := pbkdf2.Key(nh, password, salt, iterations, h.Size())
	if err != nil {
		return scramKeys{}, err
	}
	return keysFrom(h, salted), nil
}

// keysFrom derives the keys of RFC 5802 §3 from SaltedPassword.
func keysFrom(h crypto.Hash, salted []byte) scramKeys {
	nh := newHash(h)
	clientKey := hmacSum(nh, salted, []byte("Client Key"))
	return scramKeys{
		clientKey: clientKey,
		storedKey: hashSum(nh, clientKey),
		serverKey: hmacSum(nh, salted, []byte("Server Key")),
	}
}

func hmacSum(nh func() hash.Hash, key, data []byte) []byte {
	m := hmac.New(nh, key)
	m.Write(data)
	return m.Sum(nil)
}

func hashSum(nh func() hash.Hash, data []byte) []byte {
	d := nh()
	d.Write(data)
	return d.Sum(nil)
}

// xorInto sets dst[i] ^= src[i]; the slices have the same length.
func xorInto(dst, src []byte) {
	for i := range dst {
		dst[i] ^= src[i]
	}
}

// authMessage joins the three messages the SCRAM proofs sign (RFC 5802 §3).
func authMessage(clientFirstBare, serverFirst, clientFinalWithoutProof string) []byte {
	b := make([]byte, 0, len(clientFirstBare)+len(serverFirst)+len(clientFinalWithoutProof)+2)
	b = append(b, clientFirstBare...)
	b = append(b, ',')
	b = append(b, serverFirst...)
	b = append(b, ',')
	return append(b, clientFinalWithoutProof...)
}

// equalSecret compares secrets in constant time: a comparison that stops at
// the first difference leaks the secret by timing (Prosody CVE-2021-32921).
func equalSecret(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }
