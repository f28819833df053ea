package sasl

import "fmt"

// newExternalClient returns the client side of EXTERNAL (RFC 4422 Appendix
// A, XEP-0178): the credentials are the TLS client certificate, the one
// message is the requested authorization identity (empty for none).
func newExternalClient(cfg ClientConfig) (Client, error) {
	if err := checkAuthzid(cfg.Authzid); err != nil {
		return nil, err
	}
	return &singleMessageClient{name: External, msg: []byte(cfg.Authzid)}, nil
}

// externalServer is the server side of EXTERNAL.
type externalServer struct {
	cfg    ServerConfig
	neg    Negotiation
	single singleMessage
	id     Identity
}

func (s *externalServer) Name() string { return External }

func (s *externalServer) Identity() Identity { return s.id }

func (s *externalServer) Step(msg []byte) ([]byte, bool, error) {
	if got, err := s.single.take(msg); err != nil || !got {
		return emptyChallenge(err)
	}
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
