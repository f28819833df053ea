package stanza

import "errors"

// Errors about using this package, as opposed to the stanza [Error]s a peer
// is sent or sends.
var (
	// ErrNotStanza: the element is not a message, presence or iq in a
	// content namespace.
	ErrNotStanza = errors.New("stanza: element is not a stanza")
	// ErrInvalidType: a type attribute that is not defined for the stanza kind.
	ErrInvalidType = errors.New("stanza: invalid type for this kind of stanza")
	// ErrMissingID: an IQ without an id.
	ErrMissingID = errors.New("stanza: iq without id")
	// ErrNotError: the element is neither an <error/> nor a stanza with one.
	ErrNotError = errors.New("stanza: no error element")
	// ErrNoReply: RFC 6120 §8.3.1 and §8.2.3 forbid answering an error, or
	// an IQ result, with an error.
	ErrNoReply = errors.New("stanza: must not reply to an error or iq result")
)
