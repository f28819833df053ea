package xmpptest

import (
	"crypto"

	"github.com/canto-im/xmpp/sasl"
)

// Accounts holds users and their SCRAM credentials in memory; passwords
// are not kept. Build it with [NewAccounts]; it is read-only afterwards and
// safe for concurrent use.
type Accounts struct {
	creds map[string]map[crypto.Hash]sasl.ScramCredentials
}

// NewAccounts derives the credentials of users (username → password) with
// the given PBKDF2 iteration count (zero: the sasl package's default).
func NewAccounts(users map[string]string, iterations int) (*Accounts, error) {
	a := &Accounts{creds: make(map[string]map[crypto.Hash]sasl.ScramCredentials)}
	for name, pw := range users {
		m := make(map[crypto.Hash]sasl.ScramCredentials)
		for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512} {
			c, err := sasl.NewScramCredentials(h, pw, nil, iterations)
			if err != nil {
				return nil, err
			}
			m[h] = c
		}
		a.creds[name] = m
	}
	return a, nil
}

// ScramCredentials is a lookup for sasl.ServerConfig.ScramCredentials.
func (a *Accounts) ScramCredentials(username string, h crypto.Hash) (sasl.ScramCredentials, error) {
	c, ok := a.creds[username][h]
	if !ok {
		return sasl.ScramCredentials{}, sasl.ErrUnknownUser
	}
	return c, nil
}

// ServerConfig returns a sasl.ServerConfig that authenticates these users
// with SCRAM, and with PLAIN checked against the same credentials.
func (a *Accounts) ServerConfig() sasl.ServerConfig {
	return sasl.ServerConfig{ScramCredentials: a.ScramCredentials}
}
