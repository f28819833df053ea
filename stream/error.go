package stream

import "github.com/canto-im/xmpp/internal/errvalue"

// Error is a stream error (RFC 6120 §4.9): the <stream:error/> element sent
// before a stream is closed. It is a Go error, and errors.Is matches it
// against a pattern Error whose zero fields match anything, such as the
// exported conditions:
//
//	errors.Is(err, stream.RestrictedXML)
//
// errors.As finds it as either an Error or an *Error.
type Error struct {
	// Condition is the local name of the defined condition element, e.g.
	// "not-well-formed".
	Condition string
	// Host is the address to reconnect to, carried by see-other-host
	// (RFC 6120 §4.9.3.19): a domain or IP literal, optionally with a port.
	Host string
	// Text is a description for people; Lang is its xml:lang.
	Text string
	Lang string
	// App is an application-specific condition; the zero value is none.
	App AppCondition

	cause error // what was detected locally, for Unwrap; never sent
}

// WithText returns a copy of e with the given text.
func (e Error) WithText(text string) Error {
	e.Text = text
	return e
}

// WithHost returns a copy of e with the given see-other-host address.
func (e Error) WithHost(host string) Error {
	e.Host = host
	return e
}

// Error describes e as "stream: <condition>[ (<app>)][: <text>]".
func (e Error) Error() string {
	s := "stream: " + e.condition()
	if e.App.XMLName.Local != "" {
		s += " (" + e.App.XMLName.Local + ")"
	}
	if e.Host != "" {
		s += " " + e.Host
	}
	if e.Text != "" {
		s += ": " + e.Text
	}
	return s
}

// Unwrap returns the local error that e was made from, if any (for
// example the *xmlstream.Error behind a not-well-formed).
func (e Error) Unwrap() error { return e.cause }

// Is reports whether target is an Error or *Error whose non-zero fields
// equal e's (Lang and the content of App excepted; App matches by name).
func (e Error) Is(target error) bool {
	t, ok := errvalue.Target[Error](target)
	if !ok {
		return false
	}
	return (t.Condition == "" || t.Condition == e.Condition) &&
		(t.Host == "" || t.Host == e.Host) &&
		(t.Text == "" || t.Text == e.Text) &&
		(t.App.XMLName.Local == "" || t.App.XMLName == e.App.XMLName)
}

// As lets errors.As find e with a target of type *Error or **Error, whether
// e was returned as a value or as a pointer.
func (e Error) As(target any) bool { return errvalue.As(e, target) }

// condition returns the condition to write: undefined-condition when e has none.
func (e *Error) condition() string {
	if e.Condition == "" {
		return UndefinedCondition.Condition
	}
	return e.Condition
}
