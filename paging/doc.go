// Package paging implements XEP-0059 (Result Set Management) version 1.0:
// the <set xmlns='http://jabber.org/protocol/rsm'/> element that other
// protocols (service discovery items, message archives, group chat,
// publish-subscribe) put in their queries and answers to page through long
// result sets.
//
// Asking: a [Request] says which page to send (at most Max items, after or
// before an item, the last page, from a position, or only the count);
// [Items] walks a whole result set lazily, one page per request, given a
// function that fetches one page with the using protocol's query.
//
// Answering: [ParseRequest] reads a query's <set/>; [Request.Window]
// selects the page from a [List] and describes it with a [Result] to put in
// the answer; [StanzaError] turns what went wrong into the stanza error to
// answer with.
//
// Both element types write themselves with WriteXML and are read with
// ParseRequest and ParseResult, which refuse what the schema of §8 forbids
// (negative or non-numeric numbers, numbers beyond 32 bits, repeated
// elements, a <first/> without a <last/>) and requests that §2 leaves
// undefined (<after/> together with <before/> or <index/>), with errors
// that wrap [ErrMalformed].
//
// Using result set management in a request is the requester's decision
// (§4: only with positive knowledge that the responder supports it); this
// package does not discover support.
package paging

// NS is the namespace of result set management.
const NS = "http://jabber.org/protocol/rsm"
