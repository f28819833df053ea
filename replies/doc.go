// Package replies implements XEP-0461 (Message Replies) version 0.2.1:
// marking a message as the reply to an earlier one (§3), with the quote of
// the earlier message that older clients show instead, marked as a
// fallback by XEP-0428 (§3.1), and reading both back: [Find] for the
// reference and [Body] for the text without the quote.
//
// The id to reply to (§4.1): for a groupchat message, the stanza-id the
// room stamped (a groupchat message without one cannot be replied to);
// otherwise the origin-id, or the message's 'id'. stanzaid.RefID picks it.
//
// A reply says nothing about any message but the one it names (§4). The
// reference is the sender's claim: show the referenced message only if the
// receiver has it, and never take the quote in the body as what the
// referenced message said.
//
// A client that supports replies advertises [NS], with disco.Var(NS) in
// its disco.Handler: replies arrive as ordinary messages with a body, so
// there is nothing to route.
package replies
