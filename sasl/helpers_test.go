package sasl

import (
	"crypto"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// testIterations keeps PBKDF2 cheap in tests while meeting the client floor.
const testIterations = MinIterations

// store is an in-memory account database holding only SCRAM keys.
type store struct {
	mu    sync.Mutex
	creds map[string]map[crypto.Hash]ScramCredentials
}

// newStore derives the credentials of user:password pairs for every hash.
func newStore(t testing.TB, pairs ...string) *store {
	t.Helper()
	s := &store{creds: map[string]map[crypto.Hash]ScramCredentials{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		m := map[crypto.Hash]ScramCredentials{}
		for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512} {
			c, err := NewScramCredentials(h, pairs[i+1], nil, testIterations)
			if err != nil {
				t.Fatal(err)
			}
			m[h] = c
		}
		s.creds[pairs[i]] = m
	}
	return s
}

func (s *store) lookup(username string, h crypto.Hash) (ScramCredentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.creds[username][h]
	if !ok {
		return ScramCredentials{}, ErrUnknownUser
	}
	return c, nil
}

// errClient and errServer tell which side ended an exchange.
type sideError struct {
	server bool
	err    error
}

func (e *sideError) Error() string {
	if e.server {
		return "server: " + e.err.Error()
	}
	return "client: " + e.err.Error()
}

func (e *sideError) Unwrap() error { return e.err }

// exchange runs a whole exchange in memory, the way a session layer drives
// the two sides, and returns the server's identity.
func exchange(c Client, s Server) (Identity, error) {
	msg, err := c.Start()
	if err != nil {
		return Identity{}, &sideError{false, err}
	}
	for range 8 {
		chal, done, err := s.Step(msg)
		if err != nil {
			return Identity{}, &sideError{true, err}
		}
		if done {
			if err := Finish(c, chal); err != nil {
				return Identity{}, &sideError{false, err}
			}
			return s.Identity(), nil
		}
		if msg, err = c.Step(chal); err != nil {
			return Identity{}, &sideError{false, err}
		}
	}
	return Identity{}, errors.New("exchange did not end")
}

// isServerErr reports whether err came from the server and matches target.
func isServerErr(err, target error) bool {
	var se *sideError
	return errors.As(err, &se) && se.server && errors.Is(err, target)
}

// isClientErr reports whether err came from the client and matches target.
func isClientErr(err, target error) bool {
	var se *sideError
	return errors.As(err, &se) && !se.server && errors.Is(err, target)
}

func mustClient(t testing.TB, name string, cfg ClientConfig, neg Negotiation) Client {
	t.Helper()
	c, err := NewClientMechanism(name, cfg, neg)
	if err != nil {
		t.Fatalf("client %s: %v", name, err)
	}
	return c
}

func mustServer(t testing.TB, name string, cfg ServerConfig, neg Negotiation) Server {
	t.Helper()
	s, err := NewServer(name, cfg, neg)
	if err != nil {
		t.Fatalf("server %s: %v", name, err)
	}
	return s
}

func describe(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%v (condition %q)", err, ConditionOf(err))
}
