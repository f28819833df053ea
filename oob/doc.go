// Package oob implements XEP-0066 (Out of Band Data) 1.5: a URL, with an
// optional description, attached to a message or presence as
// <x xmlns='jabber:x:oob'/> ([Data]), and the jabber:iq:oob request asking
// an entity to fetch a file and answer only once it has it ([Query],
// [Send], [Handler]).
//
// §5 asks for a valid URI (RFC 3986): both sides refuse a URL that is not
// absolute (no scheme, or nothing after it), holds white space or control
// characters or anything outside RFC 3986's characters, or a malformed
// percent-escape, with [ErrInvalidURL]. A URL from a peer is still
// untrusted: check its scheme before fetching or showing it as a link.
//
// A client that reads <x/> advertises it with disco.Var(oob.NS); a
// [Handler] listed in a disco.Handler advertises jabber:iq:oob itself.
package oob
