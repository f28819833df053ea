// Package stanzaid implements XEP-0359 (Unique and Stable Stanza IDs)
// version 0.7.0: the <origin-id/> a sending client puts in its messages
// (§2.2) and the <stanza-id/> the entity that archives or reflects a
// message stamps it with (§2.1), such as the user's server for one-to-one
// messages or a group chat room for its messages.
//
// Security (§6): an <origin-id/> is whatever its sender says, and so is a
// <stanza-id/> unless the entity named in its 'by' stamped it. A server or
// room that follows §3 removes any <stanza-id/> carrying its own address
// before adding its own, so a stanza-id is trustworthy only when its 'by'
// is such an entity, one the reader chose: [Trusted] takes that entity and
// never returns a stanza-id with another 'by'. Check, as §6 says, that
// the entity advertises [NS] in disco#info before relying on it
// ([Supports]): a server that does not routes forged stanza-ids untouched.
//
// [RefID] picks the id by which retractions (XEP-0424), reactions
// (XEP-0444) and replies (XEP-0461) refer to a message.
//
// Left out: <referenced-stanza/> (§4), which no other specification uses.
package stanzaid
