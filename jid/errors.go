package jid

import (
	"errors"
	"strings"
)

// Sentinel errors naming the part of a JID that was rejected. Every error
// returned by Parse and New matches exactly one of them with errors.Is.
var (
	ErrLocalpart    = errors.New("jid: invalid localpart")
	ErrDomainpart   = errors.New("jid: invalid domainpart")
	ErrResourcepart = errors.New("jid: invalid resourcepart")
)

// Sentinel errors giving the reason a part was rejected, when it is one of
// these; otherwise the error wraps the PRECIS or IDNA error.
var (
	// ErrEmpty reports a part that is present but empty, such as the
	// localpart of "@example.com" or a missing domainpart.
	ErrEmpty = errors.New("jid: empty part")
	// ErrTooLong reports a part longer than 1023 octets after normalisation
	// (or longer than 4092 octets as given).
	ErrTooLong = errors.New("jid: part longer than 1023 octets")
	// ErrInvalidUTF8 reports a part that is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("jid: invalid UTF-8")
	// ErrForbiddenChar reports a localpart holding one of the characters
	// " & ' / : < > @ that RFC 7622 §3.3.1 forbids (see Escape).
	ErrForbiddenChar = errors.New("jid: character forbidden in localpart")
	// ErrLabel reports a domain name with an empty label or a label longer
	// than 63 octets in its A-label form.
	ErrLabel = errors.New("jid: bad domain label")
	// ErrIPLiteral reports a bracketed domainpart that is not an IPv6
	// address without a zone.
	ErrIPLiteral = errors.New("jid: bad IPv6 literal")
)

// partError ties the part that was rejected to the reason.
type partError struct {
	part   error
	reason error
}

func (e *partError) Error() string {
	return e.part.Error() + ": " + strings.TrimPrefix(e.reason.Error(), "jid: ")
}

func (e *partError) Unwrap() []error { return []error{e.part, e.reason} }

func localErr(reason error) error    { return &partError{ErrLocalpart, reason} }
func domainErr(reason error) error   { return &partError{ErrDomainpart, reason} }
func resourceErr(reason error) error { return &partError{ErrResourcepart, reason} }
