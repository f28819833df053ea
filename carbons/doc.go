// Package carbons implements XEP-0280 (Message Carbons) version 1.0.1: a
// client asks its server ([Enable], [Disable]) for copies of the messages
// its account's other resources send and receive, and reads those copies
// with a [Handler].
//
// A copy arrives as a message from the account's bare JID wrapping a
// <received/> (a message that reached another resource) or a <sent/> (one
// another resource sent), each holding a XEP-0297 <forwarded/> with the
// original message ([Carbon]).
//
// Security (XEP-0280 §11): a carbon is a claim about a message, and only
// the account's own server may make it. [Handler] accepts a copy only when
// the wrapper comes from the account's own bare JID, and only when the
// copied message is one of the account's (sent from it, or addressed to
// it); anything else is a forgery, which it refuses with [ErrForged],
// logs, and never hands to the application. A message carrying <sent/> or
// <received/> must never be processed as a plain message either: route it
// only through the Handler.
//
// [Private] (§8) keeps a message out of carbons; XEP-0280 asks the sender to
// add the XEP-0334 no-copy hint with it (package hints).
//
// Covered: §3 discovery (the feature names), §4 and §5 enabling and
// disabling, §7 reading received and sent copies, §8 private messages. The
// server's side (§6, which messages are copied) is in the embedded server.
package carbons
