// Package xmlstream is the restricted-XML token layer of XMPP (RFC 6120 §11).
//
// A [Decoder] tokenizes the XML of one stream from an io.Reader with bounded
// buffers. It resolves namespaces (XML Namespaces 1.0) and rejects what
// RFC 6120 §11.1 forbids on a stream: document type declarations, comments,
// processing instructions other than the XML declaration, and entity
// references other than the five predefined ones and character references.
// Every rejection is an [*Error] whose [ErrorKind] names the stream error
// condition it maps to (restricted-xml, not-well-formed, policy-violation,
// unsupported-encoding). [Limits] bound what a peer can make a Decoder hold.
//
// The Decoder reads one top-level element (a stanza) at a time into an
// [Element], a compact reusable form that a router can inspect cheaply and
// that can be decoded into Go structs with xml tags or viewed as an
// xml.TokenReader.
//
// Strings that an Element hands out (names, text, attribute values) stay
// valid after the Element is reused: every element read gets a fresh arena
// for its text and values, and names come from append-only tables. Reading
// a stanza in steady state allocates once (that arena).
//
// A [Writer] encodes elements straight to an io.Writer, escaping text and
// attribute values and refusing what XML cannot carry. Element names are
// written unprefixed with a default namespace declaration where the
// namespace changes, except for prefixes bound on the stream header with
// [Writer.BindPrefix].
package xmlstream
