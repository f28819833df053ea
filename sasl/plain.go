package sasl

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"unicode/utf8"
)

// plainClient is the client side of PLAIN (RFC 4616): one message,
// [authzid] NUL authcid NUL passwd.
type plainClient struct {
	msg     []byte
	started bool
}

func newPlainClient(cfg ClientConfig) (Client, error) {
	if cfg.Username == "" || cfg.Password == "" {
		return nil, errUnusable
	}
	user, err := prepareUsername(cfg.Username, false)
	if err != nil {
		return nil, err
	}
	pass, err := preparePassword(cfg.Password)
	if err != nil {
		return nil, err
	}
	if err := checkAuthzid(cfg.Authzid); err != nil {
		return nil, err
	}
	msg := make([]byte, 0, len(cfg.Authzid)+len(user)+len(pass)+2)
	msg = append(append(append(msg, cfg.Authzid...), 0), user...)
	msg = append(append(msg, 0), pass...)
	return &plainClient{msg: msg}, nil
}

func (c *plainClient) Name() string { return Plain }

func (c *plainClient) Start() ([]byte, error) {
	if c.started {
		return nil, ErrUnexpectedStep
	}
	c.started = true
	return c.msg, nil
}

// Step fails: PLAIN has no challenges.
func (c *plainClient) Step([]byte) ([]byte, error) { return nil, ErrUnexpectedStep }

// Done is true once the message is sent: PLAIN does not authenticate the
// server.
func (c *plainClient) Done() bool { return c.started }

// plainServer is the server side of PLAIN.
type plainServer struct {
	cfg    ServerConfig
	single singleMessage
	user   string // the prepared username the client gave, once parsed
	id     Identity
}

func (s *plainServer) attemptedUser() string { return s.user }

func (s *plainServer) Name() string { return Plain }

func (s *plainServer) Identity() Identity { return s.id }

func (s *plainServer) Step(msg []byte) ([]byte, bool, error) {
	if got, err := s.single.take(msg); err != nil || !got {
		return emptyChallenge(err)
	}
	authzid, user, pass, err := parsePlain(msg)
	s.user = user
	if err != nil {
		return nil, false, err
	}
	if err := s.check(user, pass); err != nil {
		return nil, false, err
	}
	s.id = Identity{Username: user, Authzid: authzid}
	return nil, true, nil
}

// parsePlain splits and prepares a PLAIN message (RFC 4616 §2).
func parsePlain(msg []byte) (authzid, user, pass string, err error) {
	if len(msg) == 0 || len(msg) > MaxMessageSize || !utf8.Valid(msg) {
		return "", "", "", fmt.Errorf("%w: PLAIN message empty, too long or not UTF-8", ErrMalformedRequest)
	}
	// Exactly two NULs, found in place (bytes.Split allocated the parts).
	authzidB, rest, ok1 := bytes.Cut(msg, []byte{0})
	userB, passB, ok2 := bytes.Cut(rest, []byte{0})
	if !ok1 || !ok2 || bytes.IndexByte(passB, 0) >= 0 || len(userB) == 0 || len(passB) == 0 {
		return "", "", "", fmt.Errorf("%w: PLAIN needs [authzid] NUL authcid NUL passwd", ErrMalformedRequest)
	}
	authzid = string(authzidB)
	if err := checkAuthzid(authzid); err != nil {
		return "", "", "", fmt.Errorf("%w: %w", ErrInvalidAuthzid, err)
	}
	if user, err = prepareUsername(string(userB), true); err != nil {
		return "", "", "", fmt.Errorf("%w: %w", ErrMalformedRequest, err)
	}
	if pass, err = preparePassword(string(passB)); err != nil {
		// No stored password can match one PRECIS refuses.
		return authzid, user, "", fmt.Errorf("%w: %w", ErrNotAuthorized, err)
	}
	return authzid, user, pass, nil
}

// check verifies the password with ServerConfig.Plain or, without it,
// against the stored SCRAM credentials.
func (s *plainServer) check(user, pass string) error {
	var err error
	if s.cfg.Plain != nil {
		err = s.cfg.Plain(user, pass)
	} else {
		err = checkPlainScram(s.cfg, user, pass)
	}
	if err != nil {
		return lookupError(err)
	}
	return nil
}

// checkPlainScram checks a password against the first SCRAM credentials
// stored for the user, strongest hash first. For an unknown user it does
// the same work on made-up credentials, so timing does not tell.
func checkPlainScram(cfg ServerConfig, user, pass string) error {
	h, creds, decoy, err := plainCredentials(cfg, user)
	if err != nil {
		return err
	}
	keys, err := deriveKeys(h, pass, creds.Salt, creds.Iterations)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrTemporaryAuthFailure, err)
	}
	if !equalSecret(keys.storedKey, creds.StoredKey) || decoy {
		return ErrNotAuthorized
	}
	return nil
}

// plainHashes is the order in which PLAIN looks for stored credentials.
var plainHashes = []crypto.Hash{crypto.SHA512, crypto.SHA256, crypto.SHA1}

// plainCredentials returns the credentials a PLAIN password is checked
// against, and the hash they are for. For an unknown user they are made up
// (decoy) for the hash a known user is checked with when all are stored,
// the first and most costly one, with UnknownUserIterations: the PBKDF2
// that follows then costs the same for known and unknown users, which a
// cheaper hash for the decoy would give away by its timing.
func plainCredentials(cfg ServerConfig, user string) (h crypto.Hash, creds ScramCredentials, decoy bool, err error) {
	for _, h = range plainHashes {
		creds, err = cfg.ScramCredentials(user, h)
		if !errors.Is(err, ErrUnknownUser) {
			break
		}
	}
	switch {
	case errors.Is(err, ErrUnknownUser):
		h = plainHashes[0]
		return h, decoyCredentials(h, user, cfg.UnknownUserIterations), true, nil
	case err != nil:
		return h, creds, false, err
	case creds.valid(h) != nil:
		return h, creds, false, fmt.Errorf("%w: %w", ErrTemporaryAuthFailure, creds.valid(h))
	}
	return h, creds, false, nil
}
