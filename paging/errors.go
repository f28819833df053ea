package paging

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/canto-im/xmpp/stanza"
)

var (
	// ErrMalformed is wrapped by the errors for a <set/> that breaks the
	// schema of XEP-0059 §8 or combines elements §2 does not define
	// together. A responder answers it with bad-request.
	ErrMalformed = errors.New("paging: malformed result set")
	// ErrNotFound is returned by [Request.Window] when the UID of an
	// <after/> or <before/> names no item (deleted since the previous
	// page, or never one). A responder answers it with item-not-found
	// (§2.4).
	ErrNotFound = errors.New("paging: no item has the UID asked for")
	// ErrStalled is yielded by [Items] when a responder hands out a page
	// it handed out before, which would otherwise loop for ever.
	ErrStalled = errors.New("paging: the responder made no progress")
)

// StanzaError returns the stanza error a responder answers err with:
// bad-request for [ErrMalformed], item-not-found for [ErrNotFound], each
// with err's text. Any other error is returned unchanged.
func StanzaError(err error) error {
	switch {
	case errors.Is(err, ErrMalformed):
		return stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	case errors.Is(err, ErrNotFound):
		return stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound, Text: err.Error()}
	}
	return err
}

// malformed returns an error wrapping ErrMalformed that says why.
func malformed(why string) error {
	return &parseError{why: why}
}

type parseError struct{ why string }

func (e *parseError) Error() string { return ErrMalformed.Error() + ": " + e.why }
func (e *parseError) Unwrap() error { return ErrMalformed }

// parseNumber reads the xs:int of a <max/>, <index/>, <count/> or 'index'
// (surrounding white space allowed, as the schema type's whitespace facet
// collapses it). Negative numbers mean nothing in XEP-0059 and are refused,
// as are numbers beyond 32 bits, which xs:int cannot hold.
func parseNumber(what, s string) (int, error) {
	n, err := strconv.ParseInt(strings.Trim(s, " \t\r\n"), 10, 32)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange):
		return 0, malformed(what + " is out of range")
	case err != nil:
		return 0, malformed(what + " is not a number: " + strconv.Quote(clip(s)))
	case n < 0:
		return 0, malformed(what + " is negative")
	}
	return int(n), nil
}

// checkNumber refuses to write a number parseNumber would refuse.
func checkNumber(what string, n int) error {
	switch {
	case n < 0:
		return malformed(what + " is negative")
	case n > math.MaxInt32:
		return malformed(what + " is out of range")
	}
	return nil
}

// clip shortens what a peer sent before it goes into an error message.
func clip(s string) string {
	const most = 32
	if len(s) <= most {
		return s
	}
	return strings.ToValidUTF8(s[:most], "") + "…"
}
