package sasl

import "fmt"

// anonymousClient is the client side of ANONYMOUS (RFC 4505): one message,
// the optional trace information.
type anonymousClient struct {
	trace   []byte
	started bool
}

func newAnonymousClient(cfg ClientConfig) (Client, error) {
	if err := checkTrace(cfg.Trace); err != nil {
		return nil, err
	}
	return &anonymousClient{trace: []byte(cfg.Trace)}, nil
}

func (c *anonymousClient) Name() string { return Anonymous }

// Start returns the trace; an empty one is sent as an empty initial
// response.
func (c *anonymousClient) Start() ([]byte, error) {
	if c.started {
		return nil, ErrUnexpectedStep
	}
	c.started = true
	return c.trace, nil
}

// Step answers the empty challenge of a server that did not take the
// initial response; anything else is unexpected.
func (c *anonymousClient) Step(challenge []byte) ([]byte, error) {
	if !c.started || len(challenge) != 0 {
		return nil, ErrUnexpectedStep
	}
	return c.trace, nil
}

// Done is true once the message is sent.
func (c *anonymousClient) Done() bool { return c.started }

// anonymousServer is the server side of ANONYMOUS.
type anonymousServer struct {
	askedFor bool
	ended    bool
	id       Identity
}

func (s *anonymousServer) Name() string { return Anonymous }

func (s *anonymousServer) Identity() Identity { return s.id }

func (s *anonymousServer) Step(msg []byte) ([]byte, bool, error) {
	switch {
	case s.ended:
		return nil, false, fmt.Errorf("%w: %w", ErrMalformedRequest, ErrUnexpectedStep)
	case msg == nil && !s.askedFor:
		s.askedFor = true
		return []byte{}, false, nil
	}
	s.ended = true
	if len(msg) > MaxMessageSize {
		return nil, false, fmt.Errorf("%w: trace too long", ErrMalformedRequest)
	}
	if err := checkTrace(string(msg)); err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrMalformedRequest, err)
	}
	s.id = Identity{Trace: string(msg)}
	return nil, true, nil
}
