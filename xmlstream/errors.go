package xmlstream

import (
	"errors"
	"strconv"
)

// ErrorKind says which stream error a decode failure maps to.
type ErrorKind int

// The kinds of decode failure, named after the RFC 6120 §4.9.3 stream error
// condition each maps to.
const (
	NotWellFormed       ErrorKind = iota + 1 // -> <not-well-formed/>
	RestrictedXML                            // -> <restricted-xml/>
	PolicyViolation                          // -> <policy-violation/> (a limit was breached)
	UnsupportedEncoding                      // -> <unsupported-encoding/> (XML decl names non-UTF-8)
)

// String returns the stream error condition name of k, e.g. "not-well-formed".
func (k ErrorKind) String() string {
	switch k {
	case NotWellFormed:
		return "not-well-formed"
	case RestrictedXML:
		return "restricted-xml"
	case PolicyViolation:
		return "policy-violation"
	case UnsupportedEncoding:
		return "unsupported-encoding"
	}
	return "ErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// Error is what the Decoder returns for bad input. Truncated input instead
// returns an error that wraps io.ErrUnexpectedEOF.
type Error struct {
	Kind   ErrorKind
	Offset int64  // byte offset in the input where it was detected
	Msg    string // what was wrong, for people
}

// Error formats the kind, offset and message.
func (e *Error) Error() string {
	return "xmlstream: " + e.Kind.String() + " at offset " + strconv.FormatInt(e.Offset, 10) + ": " + e.Msg
}

// ErrStreamEnd is returned by ReadElement when the closing tag of the stream
// opened by ReadStart arrives.
var ErrStreamEnd error = errors.New("xmlstream: end of stream")

// Errors of the Writer.
var (
	// ErrInvalidChar reports text, an attribute value or a namespace that
	// holds invalid UTF-8 or a character outside XML's Char production.
	ErrInvalidChar = errors.New("xmlstream: character not allowed in XML")
	// ErrInvalidName reports an element or attribute name that is not an
	// XML NCName.
	ErrInvalidName = errors.New("xmlstream: invalid XML name")
	// ErrNoOpenElement reports End, Text or an EndElement without an open element.
	ErrNoOpenElement = errors.New("xmlstream: no open element")
	// ErrEndMismatch reports an EndElement whose name is not that of the
	// innermost open element.
	ErrEndMismatch = errors.New("xmlstream: end element does not match start")
	// ErrTokenRefused reports a Comment, ProcInst or Directive token, which
	// RFC 6120 §11.1 forbids on a stream.
	ErrTokenRefused = errors.New("xmlstream: token type not allowed on an XMPP stream")
)
