package sasl

import (
	"crypto"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

type scramServerState uint8

const (
	ssStart     scramServerState = iota
	ssWaitFirst                  // an empty challenge was sent
	ssWaitFinal
	ssDone
	ssFailed
)

// scramServer is the server side of SCRAM (RFC 5802 §5). It holds only
// stored keys, never a password.
type scramServer struct {
	name string
	m    scramMech
	cfg  ServerConfig
	neg  Negotiation

	state           scramServerState
	gs2Header       string
	clientFirstBare string
	serverFirst     string
	nonce           string
	creds           ScramCredentials
	decoy           bool // unknown user: made-up credentials, always refused
	cbData          []byte
	pending         Identity
	id              Identity
}

func newScramServer(name string, cfg ServerConfig, neg Negotiation) *scramServer {
	return &scramServer{name: name, m: scramMechs[name], cfg: cfg, neg: neg}
}

func (s *scramServer) Name() string { return s.name }

func (s *scramServer) Identity() Identity { return s.id }

// Step answers the client-first-message with the server-first-message and
// checks the client-final-message.
func (s *scramServer) Step(msg []byte) ([]byte, bool, error) {
	switch {
	case s.state == ssStart && msg == nil:
		s.state = ssWaitFirst
		return []byte{}, false, nil
	case s.state == ssStart || s.state == ssWaitFirst:
		out, err := s.serverFirstMessage(msg)
		if err != nil {
			return nil, false, s.fail(err)
		}
		s.state = ssWaitFinal
		return out, false, nil
	case s.state == ssWaitFinal:
		out, err := s.serverFinalMessage(msg)
		if err != nil {
			return nil, false, s.fail(err)
		}
		s.state, s.id = ssDone, s.pending
		return out, true, nil
	}
	return nil, false, s.fail(fmt.Errorf("%w: %w", ErrMalformedRequest, ErrUnexpectedStep))
}

func (s *scramServer) attemptedUser() string { return s.pending.Username }

func (s *scramServer) fail(err error) error {
	s.state = ssFailed
	return err
}

// serverFirstMessage checks the client-first-message, looks the user up and
// returns the server-first-message.
func (s *scramServer) serverFirstMessage(msg []byte) ([]byte, error) {
	cf, err := parseClientFirst(msg)
	if err != nil {
		return nil, fmt.Errorf("%w: client-first: %w", ErrMalformedRequest, err)
	}
	if err := s.checkBinding(cf); err != nil {
		return nil, err
	}
	if err := checkAuthzid(cf.authzid); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidAuthzid, err)
	}
	username, err := prepareUsername(cf.username, true)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedRequest, err)
	}
	s.pending = Identity{Username: username, Authzid: cf.authzid}
	if err := s.lookup(username); err != nil {
		return nil, err
	}
	snonce := s.cfg.nonce
	if snonce == "" {
		if snonce, err = newNonce(s.cfg.Rand); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrTemporaryAuthFailure, err)
		}
	}
	s.gs2Header, s.clientFirstBare, s.nonce = cf.gs2Header, cf.bare, cf.nonce+snonce
	if s.m.plus {
		s.pending.ChannelBinding = cf.cbType
	}
	s.serverFirst = "r=" + s.nonce +
		",s=" + base64.StdEncoding.EncodeToString(s.creds.Salt) +
		",i=" + strconv.Itoa(s.creds.Iterations)
	if !s.cfg.InsecureNoDowngradeProtection {
		s.serverFirst += ",h=" + ssdpHash(s.m.hash, s.neg.Mechanisms, s.neg.ChannelBindings)
	}
	return []byte(s.serverFirst), nil
}

// checkBinding enforces RFC 5802 §6: a -PLUS mechanism needs "p=" with a
// type the server supports, no other mechanism may use "p=", and "y" is a
// downgrade when the server offered a -PLUS mechanism.
func (s *scramServer) checkBinding(cf clientFirst) error {
	switch {
	case s.m.plus && cf.flag != 'p':
		return fmt.Errorf("%w: %s without channel binding", ErrMalformedRequest, s.name)
	case !s.m.plus && cf.flag == 'p':
		return fmt.Errorf("%w: channel binding requested with %s", ErrMalformedRequest, s.name)
	case cf.flag == 'y' && slices.ContainsFunc(s.neg.Mechanisms, isPlus):
		return fmt.Errorf("%w: %w: client saw no -PLUS mechanism but one was offered", ErrNotAuthorized, ErrDowngrade)
	case cf.flag != 'p':
		return nil
	}
	if !slices.Contains(s.neg.ChannelBindings, cf.cbType) {
		return fmt.Errorf("%w: %w: type %q not offered", ErrNotAuthorized, ErrChannelBinding, cf.cbType)
	}
	data, err := s.neg.bindingData(cf.cbType, serverSide)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotAuthorized, err)
	}
	s.cbData = data
	return nil
}

// lookup fetches the user's credentials, or made-up ones for an unknown
// user so that the exchange looks the same until it fails.
func (s *scramServer) lookup(username string) error {
	creds, err := s.cfg.ScramCredentials(username, s.m.hash)
	if errors.Is(err, ErrUnknownUser) {
		s.creds, s.decoy = decoyCredentials(s.m.hash, username, s.cfg.UnknownUserIterations), true
		return nil
	}
	if err != nil {
		return lookupError(err)
	}
	if err := creds.valid(s.m.hash); err != nil {
		return fmt.Errorf("%w: %w", ErrTemporaryAuthFailure, err)
	}
	s.creds = creds
	return nil
}

// serverFinalMessage verifies the client-final-message and returns the
// server-final-message carrying the server's signature.
func (s *scramServer) serverFinalMessage(msg []byte) ([]byte, error) {
	cf, err := parseClientFinal(msg)
	if err != nil {
		return nil, fmt.Errorf("%w: client-final: %w", ErrMalformedRequest, err)
	}
	if cf.nonce != s.nonce {
		return nil, fmt.Errorf("%w: nonce differs from the server-first-message", ErrMalformedRequest)
	}
	if len(cf.proof) != s.m.hash.Size() {
		return nil, fmt.Errorf("%w: proof length", ErrMalformedRequest)
	}
	want := append([]byte(s.gs2Header), s.cbData...)
	if !equalSecret(cf.cbind, want) {
		return nil, fmt.Errorf("%w: %w: channel-binding data differ", ErrNotAuthorized, ErrChannelBinding)
	}
	am := authMessage(s.clientFirstBare, s.serverFirst, cf.withoutProof)
	if !verifyProof(s.m.hash, s.creds.StoredKey, am, cf.proof) || s.decoy {
		return nil, ErrNotAuthorized
	}
	sig := hmacSum(newHash(s.m.hash), s.creds.ServerKey, am)
	return []byte("v=" + base64.StdEncoding.EncodeToString(sig)), nil
}

// verifyProof recovers ClientKey from the proof and checks, in constant
// time, that it hashes to StoredKey (RFC 5802 §3).
func verifyProof(h crypto.Hash, storedKey, am, proof []byte) bool {
	nh := newHash(h)
	clientKey := hmacSum(nh, storedKey, am)
	xorInto(clientKey, proof)
	return equalSecret(hashSum(nh, clientKey), storedKey)
}
