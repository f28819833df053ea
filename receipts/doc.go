// Package receipts implements XEP-0184: Message Delivery Receipts,
// version 1.4.0.
//
// A sender asks for a receipt by adding a <request/> to a message that has
// an id (§7), and the recipient's client answers with a message carrying
// <received id='...'/> once it has processed the message. Three things are
// here:
//
//   - the wire types [Request] and [Received], with [ParseReceived];
//   - [SendWithReceipt], which sends a message with a request and waits,
//     with a context, for the receipt;
//   - [Handler], which answers requests and passes the receipts that arrive
//     to the calls of SendWithReceipt waiting for them. Register it on every
//     session that calls SendWithReceipt.
//
// What the Handler answers, following §5 and §7: never a message of type
// error or groupchat, a message without an id, or a message that is itself
// a receipt (no loops); and only senders that Handler.Allow accepts, since
// answering tells the sender that the account is online (§8: receipts must
// not go to senders who may not see the account's presence). The zero
// Handler answers only the account's own resources; a client sets Allow to
// ask its roster for a subscription of type from or both.
//
// Receipts carry no authority: a receipt only resolves a wait when it comes
// from the address the message was sent to (any resource of a bare JID, or
// exactly the full JID), and the number of waits a session tracks is bounded
// ([MaxPending]).
//
// Left out: requesting receipts on groupchat messages (§5 advises against
// it) and anything about reliability, which the spec leaves to other
// protocols.
package receipts
