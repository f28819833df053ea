package sasl

import "fmt"

// newAnonymousClient returns the client side of ANONYMOUS (RFC 4505): one
// message, the optional trace information.
func newAnonymousClient(cfg ClientConfig) (Client, error) {
	if err := checkTrace(cfg.Trace); err != nil {
		return nil, err
	}
	return &singleMessageClient{name: Anonymous, msg: []byte(cfg.Trace)}, nil
}

// anonymousServer is the server side of ANONYMOUS.
type anonymousServer struct {
	single singleMessage
	id     Identity
}

func (s *anonymousServer) Name() string { return Anonymous }

func (s *anonymousServer) Identity() Identity { return s.id }

func (s *anonymousServer) Step(msg []byte) ([]byte, bool, error) {
	if got, err := s.single.take(msg); err != nil || !got {
		return emptyChallenge(err)
	}
	if len(msg) > MaxMessageSize {
		return nil, false, fmt.Errorf("%w: trace too long", ErrMalformedRequest)
	}
	if err := checkTrace(string(msg)); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrMalformedRequest, err)
	}
	s.id = Identity{Trace: string(msg)}
	return nil, true, nil
}
