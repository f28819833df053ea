package stanza

import (
	"github.com/canto-im/xmpp/internal/errvalue"
	"github.com/canto-im/xmpp/jid"
)

// Error is a stanza error (RFC 6120 §8.3): the <error/> child of a stanza of
// type error. It is a Go error, and errors.Is matches it against a pattern
// Error whose zero fields match anything:
//
//	errors.Is(err, stanza.Error{Condition: stanza.ItemNotFound}) // any type
//
// errors.As finds it as either an Error or an *Error.
type Error struct {
	Type      ErrorType
	Condition Condition
	// URI is the alternate address carried by Gone and Redirect.
	URI string
	// By is the entity that generated the error, if it says so.
	By jid.JID
	// Text is a description for people; Lang is its xml:lang.
	Text string
	Lang string
	// App is an application-specific condition; the zero value is none.
	App AppCondition
}

// NewError returns an Error with condition c and the type usually sent
// with it.
func NewError(c Condition) Error {
	return Error{Type: c.DefaultType(), Condition: c}
}

// Error describes e as "stanza: [<type> ]<condition>[ (<app>)][: <text>]".
func (e Error) Error() string {
	s := "stanza: "
	if e.Type != "" {
		s += string(e.Type) + " "
	}
	s += string(e.condition())
	if e.App.XMLName.Local != "" {
		s += " (" + e.App.XMLName.Local + ")"
	}
	if e.Text != "" {
		s += ": " + e.Text
	}
	return s
}

// Is reports whether target is an Error or *Error whose non-zero fields
// equal e's (Lang and the content of App excepted; App matches by name).
func (e Error) Is(target error) bool {
	t, ok := errvalue.Target[Error](target)
	if !ok {
		return false
	}
	return (t.Type == "" || t.Type == e.Type) &&
		(t.Condition == "" || t.Condition == e.Condition) &&
		(t.URI == "" || t.URI == e.URI) &&
		(t.By.IsZero() || t.By == e.By) &&
		(t.Text == "" || t.Text == e.Text) &&
		(t.App.XMLName.Local == "" || t.App.XMLName == e.App.XMLName)
}

// As lets errors.As find e with a target of type *Error or **Error, whether
// e was returned as a value or as a pointer.
func (e Error) As(target any) bool { return errvalue.As(e, target) }
