// Package sm implements XEP-0198 Stream Management, version 1.6.3, on both
// sides of a client stream: stanza acknowledgements and stream resumption.
//
// On a client, [Feature] is a stream feature negotiated after resource
// binding: it sends <enable resume='true'/>, counts the stanzas each side
// sends from then on, answers the server's <r/> with <a h/>, asks for
// acknowledgements itself after a number of stanzas or a time (see
// [Config]; one request at a time until a quarter of the queue's bound
// was sent after it, so a peer slow to answer is not asked again and
// again, and one counts as out only once written), and
// keeps a copy of every stanza the server has not acknowledged yet, in a
// queue bounded in stanzas and bytes. A send that would overflow that
// queue fails with [ErrQueueFull]; nothing is dropped.
// [Send] sends one stanza and returns a [Receipt] that tells when the
// server acknowledged it.
//
// When the connection drops, [Ended] returns the stream's [State] (its
// SM-ID, the count of stanzas received, the stanzas not acknowledged).
// [ResumeFeature] is a stream feature negotiated in place of resource binding on a
// new connection: it sends <resume previd h/> and, on <resumed h/>, sends
// again what the server did not acknowledge before anything else; on
// <failed/> the session binds a fresh resource instead and [ResumptionOf]
// returns the stanzas that may not have reached the server.
//
// An acknowledgement is the server's receipt (§4: the count of stanzas it
// has handled), not delivery to the recipient. A stanza the server takes
// and then cannot deliver (no such account, a full queue, a remote server
// that refuses it) is acknowledged like any other, and settles its
// [Receipt] with nil; its bounce, an error stanza with the stanza's id
// from the address it was sent to (RFC 6120 §8.3), comes to the session's
// handler, and it is the program's to match it to what it sent. Likewise
// what this package reports lost is what the server may not have
// received, never what it received and bounced. For delivery to the
// recipient itself, ask for XEP-0184 receipts (package receipts).
//
// With SASL2 (XEP-0388) and Bind 2 (XEP-0386) both forms also go inline
// (XEP-0198 §"SASL2 And BIND2 Interaction"), through the same code:
// [Bind2] enables stream management inside the Bind 2 request, and
// [InlineResume] resumes a stream inside authentication, with no round
// trip of its own; on a server, [Server.Bind2] and [Server.InlineResume].
// [Resumer.Inline] gives a reconnecting client both.
//
// On a server, [NewServer] returns the state that outlives sessions (the
// streams kept for resumption, by SM-ID) and its [Server.Feature] the
// stream feature, offered with resource binding. A stream that ends
// without its closing tag is kept for a resumption window; what its client
// had not acknowledged when the window closes, or when the stream ends for
// good, goes to [ServerConfig.Unacknowledged] so that the server can bounce
// it or store it (XEP-0198 §4, RFC 6121 §8.5), never dropped silently.
//
// The package is written on the stream seam of package xmpp: its per-session
// value is an [xmpp.StanzaCounter] (the read loop counts the stanzas that
// arrive for it), an [xmpp.NamespaceReceiver] (it takes <r/>, <a/> and the
// rest of its namespace), an [xmpp.Sender] attached after every other (it counts
// what reaches the wire and copies each stanza), an [xmpp.Starter] (a
// resumed stream sends its unacknowledged stanzas first) and an
// [xmpp.Ender] (it keeps the queue when the stream ends).
package sm
