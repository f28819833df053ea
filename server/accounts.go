package server

import (
	"crypto"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// ErrUserExists is returned by AddUser for a username already taken.
var ErrUserExists = errors.New("server: user already exists")

// errBadUsername is AddUser's error for a username that is not a valid
// localpart.
var errBadUsername = errors.New("server: invalid username")

// scramHashes are the SCRAM hashes credentials are derived for.
var scramHashes = []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512}

// credentials are one user's SCRAM credentials, one per hash.
type credentials map[crypto.Hash]sasl.ScramCredentials

// credentialStore holds the users' SCRAM credentials; passwords are never
// kept.
type credentialStore struct {
	mu         sync.RWMutex
	mechanisms []string
	iterations int
	users      map[string]credentials
}

// derive computes the credentials of password.
func (c *credentialStore) derive(password string) (credentials, error) {
	creds := make(credentials, len(scramHashes))
	for _, h := range scramHashes {
		sc, err := sasl.NewScramCredentials(h, password, nil, c.iterations)
		if err != nil {
			return nil, err
		}
		creds[h] = sc
	}
	return creds, nil
}

// lookup is sasl.ServerConfig.ScramCredentials.
func (c *credentialStore) lookup(username string, h crypto.Hash) (sasl.ScramCredentials, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	sc, ok := c.users[username][h]
	if !ok {
		return sasl.ScramCredentials{}, sasl.ErrUnknownUser
	}
	return sc, nil
}

// saslConfig is the SASL configuration: SCRAM (and PLAIN over TLS, checked
// against the same credentials) for the stored users.
func (c *credentialStore) saslConfig() sasl.ServerConfig {
	return sasl.ServerConfig{Mechanisms: c.mechanisms, ScramCredentials: c.lookup, UnknownUserIterations: c.iterations}
}

// saslConfigWithoutPlus is saslConfig without the channel-binding (-PLUS)
// mechanisms.
func (c *credentialStore) saslConfigWithoutPlus() sasl.ServerConfig {
	cfg := c.saslConfig()
	order := c.mechanisms
	if order == nil {
		order = []string{sasl.ScramSHA512, sasl.ScramSHA256, sasl.ScramSHA1, sasl.Plain}
	}
	cfg.Mechanisms = make([]string, 0, len(order))
	for _, m := range order {
		if !strings.HasSuffix(m, "-PLUS") {
			cfg.Mechanisms = append(cfg.Mechanisms, m)
		}
	}
	return cfg
}

// AddUser creates an account. The username must be a valid localpart
// (RFC 7622); it is stored in its normalised form.
func (s *Server) AddUser(username, password string) error {
	bare, err := jid.New(username, s.domain.Domainpart(), "")
	if err != nil || bare.Localpart() == "" {
		return fmt.Errorf("%w %q: %v", errBadUsername, username, err)
	}
	creds, err := s.creds.derive(password)
	if err != nil {
		return fmt.Errorf("server: user %q: %w", username, err)
	}
	s.creds.mu.Lock()
	defer s.creds.mu.Unlock()
	name := bare.Localpart()
	if _, ok := s.creds.users[name]; ok {
		return fmt.Errorf("%w: %s", ErrUserExists, name)
	}
	s.creds.users[name] = creds
	s.state.addAccount(bare)
	return nil
}
