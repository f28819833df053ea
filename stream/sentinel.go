package stream

import "errors"

var (
	// ErrUnexpectedElement: the element given to a Parse function is not
	// the one it reads.
	ErrUnexpectedElement = errors.New("stream: unexpected element")
	// ErrInvalidValue: a header value holds a character XML cannot carry.
	ErrInvalidValue = errors.New("stream: value not representable in XML")
)
