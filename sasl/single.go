package sasl

import "fmt"

// singleMessageClient is the client side of a mechanism whose one message
// is all there is (ANONYMOUS, EXTERNAL): sent as the initial response (an
// empty one when there is nothing to say), or after the empty challenge of
// a server that did not take it.
type singleMessageClient struct {
	name    string
	msg     []byte
	started bool
}

func (c *singleMessageClient) Name() string { return c.name }

// Start returns the message.
func (c *singleMessageClient) Start() ([]byte, error) {
	if c.started {
		return nil, ErrUnexpectedStep
	}
	c.started = true
	return c.msg, nil
}

// Step answers the empty challenge of a server that did not take the
// initial response; anything else is unexpected.
func (c *singleMessageClient) Step(challenge []byte) ([]byte, error) {
	if !c.started || len(challenge) != 0 {
		return nil, ErrUnexpectedStep
	}
	return c.msg, nil
}

// Done is true once the message is sent.
func (c *singleMessageClient) Done() bool { return c.started }

// singleMessage is the server side's bookkeeping for such a mechanism: it
// asks for the message with an empty challenge when the client sent no
// initial response, and takes it once.
type singleMessage struct {
	askedFor bool
	ended    bool
}

// take reports whether msg is the message to check (false: answer the
// empty challenge and wait), or the error for a step after the end.
func (s *singleMessage) take(msg []byte) (bool, error) {
	switch {
	case s.ended:
		return false, fmt.Errorf("%w: %w", ErrMalformedRequest, ErrUnexpectedStep)
	case msg == nil && !s.askedFor:
		s.askedFor = true
		return false, nil
	}
	s.ended = true
	return true, nil
}

// emptyChallenge is a server step's answer when take did not give the
// message: the empty challenge, or the error.
func emptyChallenge(err error) ([]byte, bool, error) {
	if err != nil {
		return nil, false, err
	}
	return []byte{}, false, nil
}
