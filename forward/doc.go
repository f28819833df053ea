// Package forward implements XEP-0297 (Stanza Forwarding): the
// <forwarded xmlns='urn:xmpp:forward:0'/> wrapper that carries a whole
// stanza, with an optional XEP-0203 delay, inside another one. Message
// Carbons (XEP-0280) and Message Archive Management (XEP-0313) build on it.
//
// [Forwarded] is the wire type; [Parse] reads one and [Forwarded.WriteXML]
// writes one. The forwarded stanza keeps its own namespace (typically
// jabber:client) when written, as XEP-0297 §3 requires, and names and
// namespaces survive a parse and a write unchanged.
//
// Security (XEP-0297 §7): a forwarded stanza is a claim by the forwarder,
// not a stanza received from its 'from'. Never process it as if it had
// been received directly; the protocol that carries it (carbons, MAM)
// decides whom to trust, and must check the forwarder's address first.
//
// Left out: the user-facing forwarding of messages to contacts (a message
// with a body and a <forwarded/> child) is a few lines over this package
// and is shown in the examples rather than wrapped.
package forward
