package server

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"
)

// ErrUserExists is returned by AddUser for a username already taken.
var ErrUserExists = errors.New("server: user already exists")

// errBadUsername is AddUser's error for a username that is not a valid
// localpart.
var errBadUsername = errors.New("server: invalid username")

// scramHashes are the SCRAM hashes credentials are derived for.
var scramHashes = []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512}

// credentialStore looks the users' SCRAM credentials up in the store;
// passwords are never kept.
type credentialStore struct {
	mechanisms []string
	iterations int
	st         store.Accounts
	upgrading  sync.Mutex // one XEP-0480 upgrade at a time (sasl2.go)
}

// derive computes the credentials of password.
func derive(password string, iterations int) (store.Credentials, error) {
	creds := make(store.Credentials, len(scramHashes))
	for _, h := range scramHashes {
		sc, err := sasl.NewScramCredentials(h, password, nil, iterations)
		if err != nil {
			return nil, err
		}
		creds[h] = sc
	}
	return creds, nil
}

// lookup is sasl.ServerConfig.ScramCredentials.
func (c *credentialStore) lookup(username string, h crypto.Hash) (sasl.ScramCredentials, error) {
	ctx, cancel := storeCtx()
	defer cancel()
	creds, err := c.st.Credentials(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return sasl.ScramCredentials{}, sasl.ErrUnknownUser
	}
	if err != nil {
		return sasl.ScramCredentials{}, err
	}
	sc, ok := creds[h]
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
	name, err := normalUsername(username)
	if err != nil {
		return err
	}
	creds, err := derive(password, s.creds.iterations)
	if err != nil {
		return fmt.Errorf("server: user %q: %w", username, err)
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if s.state.accounts[name] != nil {
		return fmt.Errorf("%w: %s", ErrUserExists, name)
	}
	ctx, cancel := storeCtx()
	defer cancel()
	if err := s.state.st.CreateAccount(ctx, name, creds); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("%w: %s", ErrUserExists, name)
		}
		return fmt.Errorf("server: user %q: %w", name, err)
	}
	bare, _ := jid.New(name, s.domain.Domainpart(), "")
	s.state.addAccount(bare)
	return nil
}

// normalUsername returns username as a normalised localpart (RFC 7622
// §3.3), or an error for one that is not valid.
func normalUsername(username string) (string, error) {
	bare, err := jid.New(username, "localhost", "")
	if err != nil || bare.Localpart() == "" {
		return "", fmt.Errorf("%w %q: %v", errBadUsername, username, err)
	}
	return bare.Localpart(), nil
}

// CreateAccount adds an account with password to st, for administration
// while no server runs on st (a running server learns of accounts only
// through [Server.AddUser]). iterations is the PBKDF2 iteration count of
// the SCRAM credentials; zero means Config.Iterations' default. It
// returns an error wrapping ErrUserExists if the account exists.
func CreateAccount(ctx context.Context, st store.Accounts, username, password string, iterations int) error {
	name, creds, err := accountCredentials(username, password, iterations)
	if err != nil {
		return err
	}
	if err := st.CreateAccount(ctx, name, creds); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fmt.Errorf("%w: %s", ErrUserExists, name)
		}
		return err
	}
	return nil
}

// SetPassword replaces the password of an account in st, as CreateAccount
// adds one; store.ErrNotFound if there is no such account.
func SetPassword(ctx context.Context, st store.Accounts, username, password string, iterations int) error {
	name, creds, err := accountCredentials(username, password, iterations)
	if err != nil {
		return err
	}
	return st.SetCredentials(ctx, name, creds)
}

// DeleteAccount removes an account and all it keeps from st, as
// CreateAccount adds one; store.ErrNotFound if there is no such account.
func DeleteAccount(ctx context.Context, st store.Accounts, username string) error {
	name, err := normalUsername(username)
	if err != nil {
		return err
	}
	return st.DeleteAccount(ctx, name)
}

func accountCredentials(username, password string, iterations int) (string, store.Credentials, error) {
	name, err := normalUsername(username)
	if err != nil {
		return "", nil, err
	}
	if iterations <= 0 {
		iterations = defaultIterations
	}
	creds, err := derive(password, iterations)
	if err != nil {
		return "", nil, fmt.Errorf("server: user %q: %w", name, err)
	}
	return name, creds, nil
}
