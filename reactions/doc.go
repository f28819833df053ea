// Package reactions implements XEP-0444 (Message Reactions) version 0.2.1:
// reacting to a message with emoji (§3.1), changing or withdrawing the
// reactions (§3.2, each message carries the sender's whole current set),
// reading them, and keeping the latest set of each sender ([Summary]).
//
// Validation (§4): a <reaction/> should hold a single emoji as Unicode
// Technical Standard #51 defines it, and a receiver may ignore others.
// [Parse] keeps only reactions that match the UTS #51 "possible emoji"
// grammar (a base, a skin tone, keycap or tag modifier, joined by ZWJ, or a
// flag of two regional indicators), at most [MaxEmojiBytes] long, and
// drops duplicates as §4 asks; a <reactions/> with more than
// [MaxReactions] children is refused. Which code points are emoji is
// judged by block (the pictograph, dingbat and symbol ranges), not by the
// per-code-point Emoji property, which the standard library does not have:
// a few symbols that are not emoji pass.
//
// The id to react to (§4.2): for a groupchat message, the stanza-id the
// room stamped; otherwise the origin-id, or the message's 'id'. See
// stanzaid.RefID.
//
// Security (§4.1): in a one-to-one chat accept a reaction only from one of
// the two parties ([Allowed]); in a room, key reactions by the occupant's
// real JID or occupant-id, never by nickname, which changes hands.
//
// Left out: restricted reactions (§2.2, a disco form of limits), which
// concern gateways and rooms.
package reactions
