package sasl

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Iteration counts.
const (
	// DefaultIterations is the count NewScramCredentials uses when given
	// zero.
	DefaultIterations = 10000
	// MinIterations is the smallest count a client accepts without
	// ClientConfig.InsecureLowIterations (RFC 7677 §4: at least 4096).
	MinIterations = 4096
	// DefaultMaxIterations is the largest count a client accepts unless
	// ClientConfig.MaxIterations says otherwise. It bounds the CPU a hostile
	// server can make a client spend on one attempt (about 40 ms for
	// SHA-512 on one 2020s server core). Deployed XMPP servers use far less:
	// 4096 (ejabberd's and Openfire's default, the least RFC 7677 §4
	// allows) or 10000 (Prosody's, and this package's DefaultIterations);
	// the bound is ten times the latter, which also admits the 100,000 some
	// general-purpose password hashers default to. A server hardened beyond
	// it needs ClientConfig.MaxIterations.
	DefaultMaxIterations = 100_000
)

// saltSize is the length of salts NewScramCredentials makes.
const saltSize = 16

// ScramCredentials is what a server stores for one user and one SCRAM hash
// (RFC 5802 §2.2): enough to verify a client, not enough to impersonate it
// to another server without the salted password.
type ScramCredentials struct {
	// Salt is the user's salt, sent to the client.
	Salt []byte
	// Iterations is the PBKDF2 iteration count.
	Iterations int
	// StoredKey is H(ClientKey).
	StoredKey []byte
	// ServerKey is HMAC(SaltedPassword, "Server Key").
	ServerKey []byte
}

// NewScramCredentials derives the stored credentials of password for hash h
// (crypto.SHA1, crypto.SHA256 or crypto.SHA512), for account creation or a
// password change. A nil salt means 16 random bytes; zero iterations means
// DefaultIterations. The password is prepared with PRECIS OpaqueString.
func NewScramCredentials(h crypto.Hash, password string, salt []byte, iterations int) (ScramCredentials, error) {
	if newHash(h) == nil {
		return ScramCredentials{}, fmt.Errorf("sasl: hash %v is not a SCRAM hash", h)
	}
	if iterations == 0 {
		iterations = DefaultIterations
	}
	if iterations < 1 {
		return ScramCredentials{}, fmt.Errorf("sasl: iteration count %d", iterations)
	}
	prepared, err := preparePassword(password)
	if err != nil {
		return ScramCredentials{}, err
	}
	if salt == nil {
		salt = make([]byte, saltSize)
		if _, err := io.ReadFull(rand.Reader, salt); err != nil {
			return ScramCredentials{}, err
		}
	}
	keys, err := deriveKeys(h, prepared, salt, iterations)
	if err != nil {
		return ScramCredentials{}, err
	}
	return ScramCredentials{
		Salt:       append([]byte(nil), salt...),
		Iterations: iterations,
		StoredKey:  keys.storedKey,
		ServerKey:  keys.serverKey,
	}, nil
}

// valid reports whether the credentials can be used with hash h.
func (c ScramCredentials) valid(h crypto.Hash) error {
	switch {
	case len(c.Salt) == 0 || len(c.Salt) > maxSalt:
		return errors.New("sasl: stored salt length")
	case c.Iterations < 1:
		return errors.New("sasl: stored iteration count")
	case len(c.StoredKey) != h.Size() || len(c.ServerKey) != h.Size():
		return errors.New("sasl: stored key length does not match the hash")
	}
	return nil
}

// decoyKey keys the made-up credentials of unknown users: stable for the
// life of the process, so repeated attempts see the same salt, and secret,
// so the salt does not tell that the user is unknown.
var decoyKey = sync.OnceValue(func() []byte {
	k := make([]byte, 32)
	rand.Read(k) // never fails (crypto/rand, Go 1.24)
	return k
})

// decoyCredentials makes up credentials for an unknown user. No client can
// pass them: the server refuses a decoy exchange whatever the proof.
func decoyCredentials(h crypto.Hash, username string, iterations int) ScramCredentials {
	if iterations <= 0 {
		iterations = DefaultIterations
	}
	mac := func(label string) []byte {
		return hmacSum(sha256.New, decoyKey(), []byte(label+"\x00"+h.String()+"\x00"+username))
	}
	return ScramCredentials{
		Salt:       mac("salt")[:saltSize],
		Iterations: iterations,
		StoredKey:  expand(mac("stored"), h.Size()),
		ServerKey:  expand(mac("server"), h.Size()),
	}
}

// expand stretches or cuts a 32-byte value to n bytes.
func expand(b []byte, n int) []byte {
	for len(b) < n {
		b = append(b, b...)
	}
	return b[:n]
}
