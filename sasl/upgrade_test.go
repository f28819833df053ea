package sasl

import (
	"bytes"
	"crypto"
	"errors"
	"testing"
)

// TestSaltedPassword: an XEP-0480 upgrade gives the server credentials
// equal to those derived from the password, and a hostile server cannot
// make the client spend beyond its iteration bounds.
func TestSaltedPassword(t *testing.T) {
	salt := []byte("0123456789abcdef")
	salted, err := SaltedPassword(crypto.SHA256, "pencil", salt, 4096, ClientConfig{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := CredentialsFromSalted(crypto.SHA256, salted, salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NewScramCredentials(crypto.SHA256, "pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.StoredKey, want.StoredKey) || !bytes.Equal(got.ServerKey, want.ServerKey) {
		t.Error("credentials from the salted password differ from those of the password")
	}
	for _, tc := range []struct {
		name       string
		iterations int
		salt       []byte
	}{
		{"too many iterations", DefaultMaxIterations + 1, salt},
		{"too few iterations", 1, salt},
		{"no salt", 4096, nil},
	} {
		if _, err := SaltedPassword(crypto.SHA256, "pencil", tc.salt, tc.iterations, ClientConfig{}); !errors.Is(err, ErrServerMessage) {
			t.Errorf("%s: %v, want ErrServerMessage", tc.name, err)
		}
	}
	if _, err := CredentialsFromSalted(crypto.SHA256, salted[:5], salt, 4096); !errors.Is(err, ErrMalformedRequest) {
		t.Errorf("short salted password: %v", err)
	}
}
