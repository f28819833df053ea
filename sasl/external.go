package sasl

import "fmt"

// externalClient is the client side of EXTERNAL (RFC 4422 Appendix A,
// XEP-0178): the credentials are the TLS client certificate, the message is
// the requested authorization identity (empty for none).
type externalClient struct {
	authzid []byte
	started bool
}

func newExternalClient(cfg ClientConfig) (Client, error) {
	if err := checkAuthzid(cfg.Authzid); err != nil {
		return nil, err
	}
	return &externalClient{authzid: []byte(cfg.Authzid)}, nil
}

func (c *externalClient) Name() string { return External }

// Start returns the authorization identity; an empty one is sent as an
// empty initial response.
func (c *externalClient) Start() ([]byte, error) {
	if c.started {
		return nil, ErrUnexpectedStep
	}
	c.started = true
	return c.authzid, nil
}

// Step answers the empty challenge a server sends when it did not take the
// initial response; anything else is unexpected.
func (c *externalClient) Step(challenge []byte) ([]byte, error) {
	if !c.started || len(challenge) != 0 {
		return nil, ErrUnexpectedStep
	}
	return c.authzid, nil
}

// Done is true once the message is sent: the TLS layer authenticated the
// server.
func (c *externalClient) Done() bool { return c.started }

// externalServer is the server side of EXTERNAL.
type externalServer struct {
	cfg      ServerConfig
	neg      Negotiation
	askedFor bool
	ended    bool
	id       Identity
}

func (s *externalServer) Name() string { return External }

func (s *externalServer) Identity() Identity { return s.id }

func (s *externalServer) Step(msg []byte) ([]byte, bool, error) {
	switch {
	case s.ended:
		return nil, false, fmt.Errorf("%w: %w", ErrMalformedRequest, ErrUnexpectedStep)
	case msg == nil && !s.askedFor:
		s.askedFor = true
		return []byte{}, false, nil
	}
	s.ended = true
	authzid := string(msg)
	if len(msg) > MaxMessageSize || checkAuthzid(authzid) != nil {
		return nil, false, fmt.Errorf("%w: EXTERNAL authzid too long or not UTF-8", ErrInvalidAuthzid)
	}
	if s.neg.TLS == nil || len(s.neg.TLS.PeerCertificates) == 0 {
		return nil, false, fmt.Errorf("%w: no client certificate", ErrNotAuthorized)
	}
	user, err := s.cfg.External(s.neg.TLS, authzid)
	if err != nil {
		return nil, false, lookupError(err)
	}
	s.id = Identity{Username: user, Authzid: authzid}
	return nil, true, nil
}
