package stream

import (
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// FromDecodeError returns the stream error to send for an error met while
// reading the stream: an *xmlstream.Error is mapped by its Kind
// (not-well-formed, restricted-xml, policy-violation, unsupported-encoding)
// with its message as text, and a stream Error (such as those ReadHeader
// returns) is returned as it is. Other errors (I/O, truncated input,
// xmlstream.ErrStreamEnd) have no stream error to send, and give false.
func FromDecodeError(err error) (Error, bool) {
	if err == nil {
		return Error{}, false
	}
	var se Error
	if errors.As(err, &se) {
		return se, true
	}
	var xe *xmlstream.Error
	if !errors.As(err, &xe) {
		return Error{}, false
	}
	e := conditionOfKind(xe.Kind)
	e.Text, e.cause = xe.Msg, err
	return e, true
}

// conditionOfKind maps a decode failure to its stream error condition.
func conditionOfKind(k xmlstream.ErrorKind) Error {
	switch k {
	case xmlstream.NotWellFormed:
		return NotWellFormed
	case xmlstream.RestrictedXML:
		return RestrictedXML
	case xmlstream.PolicyViolation:
		return PolicyViolation
	case xmlstream.UnsupportedEncoding:
		return UnsupportedEncoding
	}
	return UndefinedCondition
}
