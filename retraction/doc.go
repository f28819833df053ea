// Package retraction implements XEP-0424 (Message Retraction) version
// 0.4.2: asking the recipients of a message one sent to forget it (§3),
// reading such requests, and reading the tombstone an archive leaves in
// place of a retracted message (§4).
//
// A retraction is a request that cannot be enforced (§1): clients that do
// not support it, and people, may have kept the message. [New] builds one
// with the fallback body and <store/> hint §3 recommends, so that archives
// keep it and older clients at least say what happened.
//
// The id to retract (§5.1): for a groupchat message, the stanza-id the
// room stamped (see stanzaid.RefID); otherwise the 'id' of the message as
// it was sent. Messages built with stanzaid.AddOriginID carry the same
// value in both.
//
// Security (§5 and §6): a retraction may only be applied to a message from
// the same sender: the same bare JID in a one-to-one chat, the same full
// JID in a non-anonymous room, the same occupant-id (XEP-0421) in a
// semi-anonymous room. [Allowed] checks the first two; the [Handler]
// reports the sender and leaves the check to the application, which alone
// knows who wrote the original.
//
// Left out: moderation (XEP-0425), which builds on the tombstone's 'by'.
package retraction
